package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.merging.Concatenate;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recurrent graph built with the Java API, not read from Keras: an encoder LSTM(return_state, dropout) whose h, c
 * start a decoder LSTM called with an explicit {@code mask} input, a Bidirectional GRU with {@code merge_mode=None}
 * and {@code return_state}, states merged into a Dense head, two outputs. Written by {@link KerasExport} (what
 * {@code dropout4j convert --output-format keras3} writes), it reads back with the same predictions (1e-6), and real
 * Keras 3 ({@code DROPOUT4J_PYTHON}; skipped without it) loads it and predicts the same within 1e-5.
 */
class JavaRecurrentExportTest {
  private static Tensor uniform(long seed, int... dims) {
    float[] v = new float[Shape.of(dims).size()];
    RngKey.of(seed).fillUniform(v);
    return Tensor.of(Shape.of(dims), v);
  }

  @Test
  void javaSeq2seqWithStatesAndAnExplicitMask_exportsToKeras3_andKerasPredictsTheSame(@TempDir Path dir)
      throws Exception {
    String python = System.getenv().getOrDefault("DROPOUT4J_PYTHON", "python3");
    KerasTensor enc = Input.of(Shape.batchOf(4, 3), "enc").output();
    KerasTensor dec = Input.of(Shape.batchOf(5, 2), "dec").output();
    KerasTensor keep = Input.of(Shape.batchOf(5), "keep").output();
    List<KerasTensor> s = LSTM.builder(3).returnState(true).dropout(0.2f).build().applyAll(enc);
    KerasTensor seq = LSTM.builder(3).returnSequences(true).build()
        .apply(List.of(dec), Map.of("initial_state", s.subList(1, 3), "mask", keep));
    List<KerasTensor> bi = new Bidirectional(GRU.builder(2).returnSequences(true).returnState(true)
        .resetAfter(false), null).applyAll(seq);
    KerasTensor out = new Dense(2).apply(new Concatenate().apply(bi.get(2), bi.get(3), s.get(0)));
    Functional m = new Functional(List.of(enc, dec, keep), List.of(out, bi.get(1)));
    m.setRandomSeed(4);
    List<Tensor> x = List.of(uniform(1, 2, 4, 3), uniform(2, 2, 5, 2),
        Tensor.of(Shape.of(2, 5), new float[] {1, 1, 0, 1, 0, 0, 1, 1, 1, 1}));
    List<Tensor> want = m.predict(x, 8);
    Path file = dir.resolve("m.keras");
    KerasExport.save(m, file);
    List<Tensor> back = Models.loadModel(file).predict(x, 8);
    for (int k = 0; k < 2; k++) {
      for (int i = 0; i < want.get(k).size(); i++) {
        assertEquals(want.get(k).get(i), back.get(k).get(i), 1e-6f);
      }
    }
    assumeTrue(run(List.of(python, "-c", "import keras; assert keras.__version__.startswith('3.')"), dir) == 0,
        python + " has no Keras 3 (set DROPOUT4J_PYTHON to a Python with keras 3 and numpy to run this check)");
    StringBuilder job = new StringBuilder().append(file).append('\t').append(dir.resolve("out"));
    for (int k = 0; k < 3; k++) {
      Path in = dir.resolve("in" + k + ".npy");
      NpyFile.write(x.get(k), in);
      job.append('\t').append(in);
    }
    Path list = Files.writeString(dir.resolve("jobs.tsv"), job + "\n");
    Path script = Path.of(getClass().getResource("/keras_export/load_and_predict.py").toURI());
    int exit = run(List.of(python, script.toString(), list.toString()), dir);
    assertEquals(0, exit, Files.readString(dir.resolve("log")));
    for (int k = 0; k < 2; k++) {
      Tensor got = NpyFile.read(dir.resolve("out" + k + ".npy"));
      for (int i = 0; i < want.get(k).size(); i++) {
        assertTrue(Math.abs(want.get(k).get(i) - got.get(i)) <= 1e-5, "output " + k + "[" + i + "]: dropout4j "
            + want.get(k).get(i) + ", Keras " + got.get(i));
      }
    }
  }

  private static int run(List<String> command, Path dir) throws Exception {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
          .start();
      if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (java.io.IOException e) {
      return -1; // no such program
    }
  }
}
