package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unseen-model sweep: Sequential and functional models per layer family, written as a Keras user writes them
 * (odd sizes, strides, dilation, groups, causal/same/valid padding, channels_first, go_backwards, return_state,
 * Bidirectional merge modes over masked sequences, ...) by real Keras 3.15 with random weights, saved as .keras and
 * .h5 by {@code tools/golden/make_sweep_models.py} (resources {@code sweep/}, listed in its MANIFEST.tsv). Each file
 * loads and predicts Keras' prediction for a fixed input within {@code 1e-5 + 1e-5 * |expected|} per element,
 * except the models listed in {@code sweep/KNOWN.tsv} with the reason they do not load yet: those are skipped while
 * they still fail and fail the test once they pass, so that the row is removed (the count only goes up). Another
 * sweep directory (same layout) can be checked with the system property {@code dropout4j.sweep}.
 */
class SweepModelsTest {
  private static final double ABS = 1e-5;
  private static final double REL = 1e-5;

  static Path root() throws URISyntaxException {
    String dir = System.getProperty("dropout4j.sweep");
    return dir != null ? Path.of(dir)
        : Path.of(SweepModelsTest.class.getResource("/sweep/MANIFEST.tsv").toURI()).getParent();
  }

  static List<String> files() throws IOException, URISyntaxException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(root().resolve("MANIFEST.tsv"), StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String name = line.split("\t")[0];
        out.add(name + ".keras");
        out.add(name + ".h5");
      }
    }
    return out;
  }

  /** The known failures: model name to reason. */
  static Map<String, String> known() throws IOException, URISyntaxException {
    Map<String, String> out = new HashMap<>();
    Path file = root().resolve("KNOWN.tsv");
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] f = line.split("\t", 2);
          out.put(f[0], f[1]);
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("files")
  void keras_model_predicts_what_keras_predicted(String file) throws IOException, URISyntaxException {
    String reason = known().get(file.substring(0, file.lastIndexOf('.')));
    if (reason == null) {
      check(file);
      return;
    }
    boolean passes;
    try {
      check(file);
      passes = true;
    } catch (IOException | RuntimeException | AssertionError e) {
      passes = false;
    }
    assertFalse(passes, file + " now passes: remove it from sweep/KNOWN.tsv");
    Assumptions.abort("known: " + reason);
  }

  private static void check(String file) throws IOException, URISyntaxException {
    Path root = root();
    String stem = file.substring(0, file.lastIndexOf('.'));
    Model model = Models.loadModel(root.resolve(file));
    List<Tensor> inputs = new ArrayList<>();
    inputs.add(NpyFile.read(root.resolve(stem + ".x.npy")));
    for (int k = 1; Files.exists(root.resolve(stem + ".x" + k + ".npy")); k++) {
      inputs.add(NpyFile.read(root.resolve(stem + ".x" + k + ".npy")));
    }
    Tensor expected = NpyFile.read(root.resolve(stem + ".y.npy"));
    Tensor actual = model.predict(inputs, 32).get(0);
    assertEquals(expected.shape(), actual.shape(), file + ": output shape");
    int worst = 0;
    int failing = 0;
    for (int i = 0; i < expected.size(); i++) {
      double diff = Math.abs(expected.get(i) - actual.get(i));
      if (diff > ABS + REL * Math.abs(expected.get(i))) {
        failing++;
      }
      if (diff > Math.abs(expected.get(worst) - actual.get(worst))) {
        worst = i;
      }
    }
    int w = worst;
    assertEquals(0, failing, () -> file + ": elements differ from Keras beyond 1e-5, the largest at " + w
        + ": expected " + expected.get(w) + ", received " + actual.get(w));
  }
}
