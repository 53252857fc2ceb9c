package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.models.McPrediction;
import org.dropout4j.models.MonteCarloDropout;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McPredictCommandTest {
  @TempDir
  Path dir;

  @Test
  void classifier_csv_has_mean_std_entropy_and_bald_matching_monte_carlo_dropout() throws IOException {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    Path in = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    Path out = dir.resolve("mc.csv");
    CliRun r = CliRun.of("mc-predict", model.toString(), "--x", in.toString(), "--passes", "30", "--seed", "7",
        "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    McPrediction p = MonteCarloDropout.predict(ModelArchive.load(model), PredictCommandTest.X, 30, 7);
    float[] got = PredictCommandTest.readCsv(out, "mean_0,mean_1,std_0,std_1,entropy,bald");
    float[] mean = p.mean().toArray();
    float[] std = p.std().toArray();
    for (int i = 0; i < 4; i++) {
      float[] row = {mean[2 * i], mean[2 * i + 1], std[2 * i], std[2 * i + 1], p.predictiveEntropy().toArray()[i],
          p.mutualInformation().toArray()[i]};
      assertArrayEquals(row, java.util.Arrays.copyOfRange(got, 6 * i, 6 * i + 6), "row " + i);
    }
    assertTrue(got[2] > 0, "dropout is active in the passes: std > 0");
    assertTrue(r.out().contains("  row     mean_0     mean_1      std_0      std_1    entropy       bald"), r.out());
  }

  @Test
  void same_seed_gives_the_same_file_and_another_seed_differs() throws IOException {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    Path in = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    String[] outs = {"a.csv", "b.csv", "c.csv"};
    String[] seeds = {"1", "1", "2"};
    for (int i = 0; i < 3; i++) {
      assertEquals(0, CliRun.of("mc-predict", model.toString(), "--x", in.toString(), "--passes", "10",
          "--seed", seeds[i], "--output", dir.resolve(outs[i]).toString()).code());
    }
    assertEquals(Files.readString(dir.resolve("a.csv")), Files.readString(dir.resolve("b.csv")));
    assertTrue(!Files.readString(dir.resolve("a.csv")).equals(Files.readString(dir.resolve("c.csv"))));
  }

  @Test
  void regression_outputs_have_no_entropy_columns_and_say_why() throws IOException {
    Sequential m = new Sequential(Input.shape(3), new Dense(8, "relu"), new Dropout(0.3f), new Dense(1));
    m.setRandomSeed(2);
    m.build(Shape.batchOf(3));
    Path model = PredictCommandTest.save(m, dir.resolve("reg.d4j"));
    Path in = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    Path out = dir.resolve("mc.csv");
    CliRun r = CliRun.of("mc-predict", model.toString(), "--x", in.toString(), "--passes", "5", "--output",
        out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("mean_0,std_0", Files.readAllLines(out).get(0));
    assertTrue(r.out().contains("not class probabilities"), r.out());
  }

  @Test
  void only_the_first_rows_are_printed() throws IOException {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    float[] v = new float[25 * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(i);
    }
    Path in = PredictCommandTest.csv(dir.resolve("x.csv"), null, Tensor.of(Shape.of(25, 3), v));
    CliRun r = CliRun.of("mc-predict", model.toString(), "--x", in.toString(), "--passes", "4");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("... 15 more rows (use --output FILE.csv)"), r.out());
  }

  @Test
  void bad_samples_and_wrong_feature_count_are_errors() throws IOException {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    Path in = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    CliRun zero = CliRun.of("mc-predict", model.toString(), "--x", in.toString(), "--passes", "0");
    assertEquals(1, zero.code());
    assertTrue(zero.err().contains("--passes") && zero.err().contains("received 0"), zero.err());
    Path wide = PredictCommandTest.csv(dir.resolve("w.csv"), null, Tensor.of(Shape.of(1, 5), 1, 2, 3, 4, 5));
    CliRun w = CliRun.of("mc-predict", model.toString(), "--x", wide.toString());
    assertEquals(1, w.code());
    assertTrue(w.err().contains("has shape (1, 5), but model \"sequential\" expects shape (None, 3)"), w.err());
  }

  /**
   * The {@code --x} files are read while the model loads (ModelInputs.loadAndRead); the errors must still come in
   * the order of the sequential code: a broken model first even when an input file is broken too, then a bad file.
   */
  @Test
  void a_broken_model_is_reported_before_a_broken_input_file_and_a_broken_file_by_its_name() throws IOException {
    Path missingModel = dir.resolve("missing.d4j");
    Path badCsv = dir.resolve("bad.csv");
    Files.writeString(badCsv, "1,2,3\n4,oops,6\n");
    CliRun both = CliRun.of("mc-predict", missingModel.toString(), "--x", badCsv.toString());
    assertEquals(1, both.code());
    assertTrue(both.err().contains("missing.d4j") && !both.err().contains("bad.csv"), both.err());
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    CliRun file = CliRun.of("mc-predict", model.toString(), "--x", badCsv.toString());
    assertEquals(1, file.code());
    assertTrue(file.err().contains("bad.csv"), file.err());
    CliRun absent = CliRun.of("mc-predict", model.toString(), "--x", dir.resolve("absent.csv").toString());
    assertEquals(1, absent.code());
    assertTrue(absent.err().contains("absent.csv"), absent.err());
  }
}
