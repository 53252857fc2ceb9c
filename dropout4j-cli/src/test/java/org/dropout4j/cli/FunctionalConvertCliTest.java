package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dropout4j.io.Models;
import org.dropout4j.io.NpyFile;
import org.dropout4j.models.Functional;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convert} of functional models through every format: a two-input, two-output model goes Keras 3
 * {@code .keras} -> {@code .d4j} -> TF.js -> {@code .d4j} -> {@code .keras} and predicts what it predicted at the
 * start (1e-6) each time; a layer TF.js lacks is refused by name.
 */
class FunctionalConvertCliTest {
  @TempDir
  Path dir;

  private static void samePredictions(List<Tensor> want, Path file) throws Exception {
    List<Tensor> got = Models.loadModel(file).predict(List.of(FunctionalCliTest.IDS, FunctionalCliTest.NUM), 32);
    for (int k = 0; k < want.size(); k++) {
      assertArrayEquals(want.get(k).toArray(), got.get(k).toArray(), 1e-6f, file + " output " + k);
    }
  }

  @Test
  void a_functional_model_converts_through_every_format_and_predicts_the_same() throws Exception {
    Path keras = FunctionalCliTest.saved(dir.resolve("two_heads.keras"));
    List<Tensor> want = FunctionalCliTest.model().predict(List.of(FunctionalCliTest.IDS, FunctionalCliTest.NUM), 32);
    Path d4j = dir.resolve("a.d4j");
    Path web = dir.resolve("web");
    Path again = dir.resolve("b.d4j");
    Path back = dir.resolve("back.keras");
    assertEquals(0, Main.run("convert", "--input-format", "keras3", "--output-format", "dropout4j", keras.toString(),
        d4j.toString()));
    samePredictions(want, d4j);
    assertEquals(0, Main.run("convert", "--input-format", "dropout4j", "--output-format", "tfjs", d4j.toString(),
        web.toString()));
    samePredictions(want, web);
    assertEquals(0, Main.run("convert", "--input-format", "tfjs", "--output-format", "dropout4j", web.toString(),
        again.toString()));
    samePredictions(want, again);
    assertTrue(Models.loadModel(again) instanceof Functional, "still a functional model");
    assertEquals(0, Main.run("convert", "--input-format", "dropout4j", "--output-format", "keras3",
        again.toString(), back.toString()));
    samePredictions(want, back);
  }

  @Test
  void a_layer_tfjs_lacks_is_refused_by_name() throws Exception {
    Path d4j = dir.resolve("mha.d4j");
    assertEquals(0, Main.run("convert", "--input-format", "keras3", "--output-format", "dropout4j",
        KerasImportCliTest.resource("functional_compiled.keras").toString(), d4j.toString()));
    List<Tensor> x = List.of(NpyFile.read(KerasImportCliTest.resource("functional.tokens.npy")),
        NpyFile.read(KerasImportCliTest.resource("functional.features.npy")));
    assertArrayEquals(Models.loadModel(KerasImportCliTest.resource("functional_compiled.keras")).predict(x, 32).get(1)
        .toArray(), Models.loadModel(d4j).predict(x, 32).get(1).toArray(), 1e-6f);
    CliRun r = CliRun.of("convert", "--input-format", "dropout4j", "--output-format", "tfjs", d4j.toString(),
        dir.resolve("web").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("\"attend\" (MultiHeadAttention)") && r.err().contains("TF.js"), r.err());
  }
}
