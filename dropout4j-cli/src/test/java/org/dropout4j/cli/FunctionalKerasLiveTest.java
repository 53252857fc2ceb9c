package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a Python that has Keras 3 ({@code DROPOUT4J_PYTHON}, default {@code python3}; skipped otherwise, saying why):
 * a functional model with two inputs and two outputs trained by {@code dropout4j fit --output trained.keras} loads
 * in real Keras with its per-output compile config, and Keras' {@code evaluate} of that file gives the names, order
 * and numbers (within {@value FunctionalEvaluateCliTest#TOLERANCE}) that {@code dropout4j evaluate} gives for it.
 */
class FunctionalKerasLiveTest {
  private static final String SCRIPT = String.join("\n",
      "import json, sys",
      "import numpy as np",
      "import keras",
      "m = keras.saving.load_model(sys.argv[1])",
      "x = [np.load(sys.argv[2]), np.load(sys.argv[3])]",
      "y = [np.load(sys.argv[4]), np.load(sys.argv[5])]",
      "d = m.evaluate(x, y, batch_size=8, verbose=0, return_dict=True)",
      "values = m.evaluate(x, y, batch_size=8, verbose=0)",
      "json.dump({'dict': {k: float(v) for k, v in d.items()}, 'list': [float(v) for v in values],",
      "           'backend': keras.backend.backend()}, open(sys.argv[6], 'w'))",
      "");

  @TempDir
  Path dir;

  private static int run(List<String> cmd, Path log) throws IOException, InterruptedException {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1; // no such program
    }
  }

  @Test
  void real_keras_evaluates_a_fitted_functional_keras_file_as_dropout4j_evaluate_does() throws Exception {
    String python = System.getenv().getOrDefault("DROPOUT4J_PYTHON", "python3");
    assumeTrue(run(List.of(python, "-c", "import keras, numpy; assert keras.__version__.startswith('3.')"),
        dir.resolve("probe.txt")) == 0, python + " has no Keras 3 (set DROPOUT4J_PYTHON to a Python with keras 3 "
        + "and numpy to run this check)");
    Path trained = dir.resolve("trained.keras");
    List<String> fit = new ArrayList<>(List.of("fit", KerasImportCliTest.resource("functional_compiled.keras")
        .toString()));
    fit.addAll(FunctionalEvaluateCliTest.data());
    fit.addAll(List.of("--epochs", "2", "--batch-size", "8", "--seed", "3", "--verbose", "0", "--out",
        dir.resolve("run").toString(), "--output", trained.toString()));
    CliRun f = CliRun.of(fit.toArray(new String[0]));
    assertEquals(0, f.code(), f.err());
    List<String> evaluate = new ArrayList<>(List.of("evaluate", trained.toString()));
    evaluate.addAll(FunctionalEvaluateCliTest.data());
    evaluate.addAll(List.of("--batch-size", "8", "--json"));
    CliRun e = CliRun.of(evaluate.toArray(new String[0]));
    assertEquals(0, e.code(), e.err());
    JsonNode ours = new ObjectMapper().readTree(e.out()).get("metrics");

    Path script = Files.writeString(dir.resolve("evaluate.py"), SCRIPT);
    Path out = dir.resolve("keras.json");
    Path log = dir.resolve("keras.log");
    List<String> cmd = new ArrayList<>(List.of(python, script.toString(), trained.toString()));
    for (String name : List.of("tokens", "features", "kind", "value")) {
      cmd.add(KerasImportCliTest.resource("functional." + name + ".npy").toString());
    }
    cmd.add(out.toString());
    assertEquals(0, run(cmd, log), "Keras failed: " + Files.readString(log));
    JsonNode keras = new ObjectMapper().readTree(out.toFile());
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = ours.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    List<String> kerasNames = new ArrayList<>();
    keras.get("dict").fieldNames().forEachRemaining(kerasNames::add);
    assertEquals(new java.util.TreeSet<>(kerasNames), new java.util.TreeSet<>(names), "metric names");
    double worst = 0;
    for (int i = 0; i < names.size(); i++) {
      double want = keras.get("list").get(i).asDouble();
      assertEquals(keras.get("dict").get(names.get(i)).asDouble(), want, 0, "Keras' list order is ours: "
          + names);
      worst = Math.max(worst, Math.abs(want - ours.get(names.get(i)).asDouble()));
      assertEquals(want, ours.get(names.get(i)).asDouble(), FunctionalEvaluateCliTest.TOLERANCE, names.get(i));
    }
    System.out.println("[golden] real Keras (" + keras.get("backend").asText() + ") on dropout4j's fitted .keras: "
        + "largest difference " + worst);
  }
}
