package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dropout4j.data.Csv;
import org.dropout4j.data.LabeledData;
import org.dropout4j.data.ToyDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of the command line (in-process). */
class MainTest {
  @TempDir
  Path dir;

  private static String[] captureErr(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return new String[] {buf.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void data_circles_writes_the_points_of_make_circles() throws Exception {
    Path out = dir.resolve("c.csv");
    assertEquals(0, Main.run("data", "circles", "--samples", "100", "--noise", "0.1", "--seed", "1", "--output",
        out.toString()));
    LabeledData read = Csv.readLabeled(out, List.of("x1", "x2"), "label");
    LabeledData expected = ToyDatasets.makeCircles(100, 0.1, 1);
    assertEquals(expected, read, "the CSV must round-trip make_circles exactly");
    assertTrue(Files.readAllLines(out).get(0).equals("x1,x2,label"));
  }

  @Test
  void data_with_unknown_kind_fails_with_exit_code_1_and_names_the_choices() {
    int[] code = new int[1];
    String err = captureErr(() -> code[0] = Main.run("data", "spirals", "--output",
        dir.resolve("x.csv").toString()))[0];
    assertEquals(1, code[0]);
    assertTrue(err.contains("spirals") && err.contains("circles") && err.contains("moons"), err);
  }

  @Test
  void circles_with_repeats_writes_plots_histories_and_summary() throws Exception {
    Path out = dir.resolve("run");
    assertEquals(0, Main.run("circles", "--epochs", "30", "--repeats", "2", "--seed", "5", "--out", out.toString()));
    for (String f : List.of("learning_curves_accuracy.png", "learning_curves_accuracy.svg",
        "learning_curves_loss.png", "learning_curves_loss.svg", "histories.csv", "summary.json")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f + " missing or empty");
    }
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(2, summary.get("repeats").asInt());
    for (String model : List.of("A", "B")) {
      JsonNode m = summary.get("models").get(model);
      assertEquals(2, m.get("runs").size());
      assertEquals(5, m.get("runs").get(0).get("seed").asLong());
      assertEquals(6, m.get("runs").get(1).get("seed").asLong());
      double mean = (m.get("runs").get(0).get("test_accuracy").asDouble()
          + m.get("runs").get(1).get("test_accuracy").asDouble()) / 2;
      assertEquals(mean, m.get("test_accuracy").get("mean").asDouble(), 1e-12);
    }
  }

  @Test
  void circles_export_tfjs_writes_the_models_data_and_expected_predictions() throws Exception {
    Path web = dir.resolve("web-models");
    assertEquals(0, Main.run("circles", "--epochs", "5", "--seed", "3", "--out", dir.resolve("run").toString(),
        "--export-tfjs", web.toString()));
    ObjectMapper json = new ObjectMapper();
    JsonNode expected = json.readTree(web.resolve("expected.json").toFile());
    int points = 100 + CirclesCommand.GRID_SIDE * CirclesCommand.GRID_SIDE;
    assertEquals(points, expected.get("inputs").size());
    double[][] inputs = new double[points][];
    for (int i = 0; i < points; i++) {
      inputs[i] = new double[] {expected.get("inputs").get(i).get(0).asDouble(),
          expected.get("inputs").get(i).get(1).asDouble()};
    }
    for (String name : List.of("no_dropout", "dropout")) {
      JsonNode model = json.readTree(web.resolve(name).resolve("model.json").toFile());
      assertTrue(model.toString().contains("Dropout") == name.equals("dropout"), name + ": " + model);
      org.dropout4j.models.Sequential loaded = org.dropout4j.io.TfjsLayers.load(web.resolve(name));
      float[] p = loaded.predict(org.dropout4j.tensor.Tensor.of(inputs)).toArray();
      JsonNode want = expected.get("predictions").get(name);
      assertEquals(points, want.size());
      for (int i = 0; i < points; i++) {
        assertEquals(want.get(i).asDouble(), p[i], 1e-6, name + " point " + i);
      }
    }
    // the functional two-branch model reads back as a graph with the same predictions and names its dropout rates
    org.dropout4j.models.Model graph = org.dropout4j.io.TfjsLayers.loadModel(web.resolve("two_branch"));
    assertTrue(graph instanceof org.dropout4j.models.Functional, graph.toString());
    float[] p = graph.predict(org.dropout4j.tensor.Tensor.of(inputs)).toArray();
    for (int i = 0; i < points; i++) {
      assertEquals(expected.get("predictions").get("two_branch").get(i).asDouble(), p[i], 1e-6, "two_branch " + i);
    }
    JsonNode data = json.readTree(web.resolve("data.json").toFile());
    JsonNode rates = data.get("models").get("two_branch").get("dropout_rates");
    assertEquals(0.4, rates.get("branch_a_dropout").asDouble(), 1e-9, rates.toString());
    assertEquals(0.2, rates.get("branch_b_dropout").asDouble(), 1e-9, rates.toString());
    assertEquals(30, data.get("train").get("x").size());
    assertEquals(70, data.get("test").get("y").size());
    LabeledData circles = ToyDatasets.makeCircles(100, 0.1, 1);
    assertEquals(circles.x(0, 0), data.get("train").get("x").get(0).get(0).asDouble(), 0.0);
    assertEquals(circles.label(99), data.get("test").get("y").get(69).asInt());
    assertEquals(5, data.get("epochs").asInt());
  }

  @Test
  void circles_with_rate_one_fails_and_names_the_option() {
    int[] code = new int[1];
    String err = captureErr(() -> code[0] = Main.run("circles", "--rate", "1.0", "--out",
        dir.resolve("r").toString()))[0];
    assertEquals(2, code[0]); // an option value out of range is a usage error
    assertTrue(err.contains("'--rate': expected a float in [0, 1), received 1.0"), err);
  }

  @Test
  void uncertainty_circles_writes_heat_maps_and_near_far_summary() throws Exception {
    Path out = dir.resolve("unc");
    assertEquals(0, Main.run("uncertainty", "circles", "--epochs", "50", "--passes", "5", "--grid", "11", "--out",
        out.toString()));
    for (String f : List.of("entropy.png", "bald.png", "uncertainty.json")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f + " missing or empty");
    }
    JsonNode json = new ObjectMapper().readTree(out.resolve("uncertainty.json").toFile());
    assertEquals(5, json.get("passes").asInt(), "Monte Carlo passes are `passes`, as the option");
    assertNull(json.get("samples"), "one spelling per concept");
    assertTrue(json.get("far_points").asInt() > 0, "some of the 121 grid points are far from the training points");
    double trainEntropy = json.get("train_entropy").asDouble();
    assertTrue(trainEntropy >= 0 && trainEntropy <= Math.log(2) + 1e-9, "binary entropy is in [0, ln 2]");
  }

  @Test
  void mean_and_sample_std_of_fixed_values() {
    double[] s = Stats.meanStd(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
    assertEquals(5.0, s[0], 1e-12);
    assertEquals(Math.sqrt(32.0 / 7.0), s[1], 1e-12);
  }
}
