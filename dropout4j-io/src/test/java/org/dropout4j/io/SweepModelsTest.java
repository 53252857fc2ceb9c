package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unseen-model sweeps: Sequential and functional models per layer family, written as a Keras user writes them
 * (odd sizes, strides, dilation, groups, causal/same/valid padding, channels_first, go_backwards, return_state,
 * Bidirectional merge modes over masked sequences, dict inputs and outputs, nested and shared models, ...) by real
 * Keras 3.15 with random weights, saved as .keras and .h5 by {@code tools/golden/make_sweep_models.py} (resources
 * {@code sweep/}) and {@code tools/golden/make_unseen_models.py} (resources {@code unseen/}), each directory listing
 * its models in MANIFEST.tsv. Each file loads and predicts Keras' prediction for a fixed input within
 * {@code 1e-5 + 1e-5 * |expected|} per element, for every output ({@code NAME.y.npy}, {@code NAME.y1.npy}, ...),
 * except the models listed in the directory's {@code KNOWN.tsv}: dropout4j refuses those, and the refusal must be
 * an {@link IOException} naming the file and containing the text KNOWN.tsv gives (the layer, option or class names
 * refused). A known model that loads fails the test, so that its row is removed (the count only goes up). Another
 * sweep directory (same layout) can be checked instead with the system property {@code dropout4j.sweep}. With a
 * Python that has Keras 3 ({@code DROPOUT4J_PYTHON}), real Keras loads dropout4j's {@code .keras} export of every
 * model of {@code unseen/} and {@code unseen2/} (or of the {@code dropout4j.sweep} directory) that loads and predicts
 * what it predicts from Keras' own file, within the same tolerance. {@code unseen2/}
 * ({@code tools/golden/make_unseen2_models.py}) holds models as the Keras tutorials write them, files saved after
 * compile() or fit() with optimizer state, nested and frozen models, odd layer names and the refusals users meet.
 */
class SweepModelsTest {
  private static final double ABS = 1e-5;
  private static final double REL = 1e-5;

  static List<Path> roots() throws URISyntaxException {
    String dir = System.getProperty("dropout4j.sweep");
    if (dir != null) {
      return List.of(Path.of(dir));
    }
    List<Path> out = new ArrayList<>();
    for (String name : List.of("sweep", "unseen", "unseen2")) {
      out.add(Path.of(SweepModelsTest.class.getResource("/" + name + "/MANIFEST.tsv").toURI()).getParent());
    }
    return out;
  }

  static List<Path> files() throws IOException, URISyntaxException {
    List<Path> out = new ArrayList<>();
    for (Path root : roots()) {
      for (String line : Files.readAllLines(root.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String name = line.split("\t")[0];
          out.add(root.resolve(name + ".keras"));
          out.add(root.resolve(name + ".h5"));
        }
      }
    }
    return out;
  }

  /** The known refusals of a sweep directory: model name to the text the refusal must contain. */
  static Map<String, String> known(Path root) throws IOException {
    Map<String, String> out = new HashMap<>();
    Path file = root.resolve("KNOWN.tsv");
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] f = line.split("\t", 3);
          out.put(f[0], f[1]);
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("files")
  void keras_model_predicts_what_keras_predicted_or_is_refused_by_name(Path file) throws IOException {
    String name = file.getFileName().toString();
    String stem = name.substring(0, name.lastIndexOf('.'));
    String refusal = known(file.getParent()).get(stem);
    if (refusal == null) {
      check(file, stem);
      return;
    }
    IOException e = assertThrows(IOException.class, () -> Models.loadModel(file),
        file + " loads now: check it against Keras and remove it from KNOWN.tsv");
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(refusal),
        () -> "the refusal of " + file + " should name the file and contain " + refusal + ", received: "
            + e.getMessage());
  }

  /**
   * The directories whose models real Keras checks again from dropout4j's exports, as {@code "DIR PART/PARTS"}: one
   * Keras process each, every PARTS-th model of the directory from the PART-th on (a process must finish in
   * ChildProcess' 5 minutes; unseen2's 43 models took 5 minutes in one process on JAX at load 15).
   */
  static List<String> exportChecked() {
    return System.getProperty("dropout4j.sweep") != null ? List.of(" 0/1")
        : List.of("unseen 0/1", "unseen2 0/2", "unseen2 1/2");
  }

  @ParameterizedTest
  @MethodSource("exportChecked")
  void real_keras_predicts_from_dropout4j_exports_what_it_predicts_from_its_own_files(String part, @TempDir Path dir)
      throws Exception {
    String only = part.substring(0, part.indexOf(' '));
    int from = Integer.parseInt(part.substring(part.indexOf(' ') + 1, part.indexOf('/')));
    int step = Integer.parseInt(part.substring(part.indexOf('/') + 1));
    int index = 0;
    String python = System.getenv().getOrDefault("DROPOUT4J_PYTHON", "python3");
    assumeTrue(ChildProcess.run(List.of(python, "-c", "import keras; assert keras.__version__.startswith('3.')"),
        dir.resolve("probe.txt")) == 0, python + " has no Keras 3 (set DROPOUT4J_PYTHON to run this check)");
    StringBuilder jobs = new StringBuilder();
    Map<String, Integer> outputs = new java.util.LinkedHashMap<>();
    for (Path file : files()) {
      String name = file.getFileName().toString();
      // one directory of unseen models per Keras process (it must finish in ChildProcess' 5 minutes on JAX too)
      if (!name.endsWith(".keras") || known(file.getParent()).containsKey(name.replace(".keras", ""))
          || !only.isEmpty() && !file.getParent().endsWith(only) || index++ % step != from) {
        continue;
      }
      String stem = name.replace(".keras", "");
      String id = file.getParent().getFileName() + "_" + stem;
      Model model = Models.loadModel(file);
      Path exported = dir.resolve(id + ".keras");
      KerasExport.save(model, exported);
      StringBuilder ins = new StringBuilder();
      for (int k = 0; Files.exists(file.resolveSibling(stem + (k == 0 ? ".x.npy" : ".x" + k + ".npy"))); k++) {
        ins.append('\t').append(file.resolveSibling(stem + (k == 0 ? ".x.npy" : ".x" + k + ".npy")));
      }
      // "?": a file this Keras cannot run (TensorFlow's CPU kernels refuse channels_first convolutions) gives no
      // outputs instead of failing the run; the export must then fail alike
      jobs.append('?').append(exported).append('\t').append(dir.resolve(id + "_out")).append(ins).append('\n');
      jobs.append('?').append(file).append('\t').append(dir.resolve(id + "_orig")).append(ins).append('\n');
      outputs.put(id, model.outputNames().size());
    }
    Path script = Path.of(SweepModelsTest.class.getResource("/keras_export/load_and_predict.py").toURI());
    Path log = dir.resolve("keras.log");
    Path list = Files.writeString(dir.resolve("jobs.tsv"), jobs.toString());
    assertEquals(0, ChildProcess.run(List.of(python, script.toString(), list.toString()), log), Files.readString(log));
    int noReference = 0;
    for (Map.Entry<String, Integer> e : outputs.entrySet()) {
      // Keras on some backend fails on a few of its own files (on JAX, multi_io_dict.keras fed as a list): no
      // reference there; wherever Keras runs its file, it must run the export and predict the same
      boolean ran = Files.exists(dir.resolve(e.getKey() + "_orig0.npy"));
      noReference += ran ? 0 : 1;
      assertTrue(!ran || Files.exists(dir.resolve(e.getKey() + "_out0.npy")),
          e.getKey() + ": real Keras runs its own file but not dropout4j's export\n" + Files.readString(log));
      for (int k = 0; ran && k < e.getValue(); k++) {
        compare(e.getKey() + " output " + k + " (real Keras: dropout4j's export against Keras' file)",
            NpyFile.read(dir.resolve(e.getKey() + "_orig" + k + ".npy")),
            NpyFile.read(dir.resolve(e.getKey() + "_out" + k + ".npy")));
      }
    }
    assertTrue(noReference <= outputs.size() / 4, noReference + " of " + outputs.size()
        + " Keras files do not run in this Keras:\n" + Files.readString(log));
  }

  private static void check(Path file, String stem) throws IOException {
    Path root = file.getParent();
    Model model = Models.loadModel(file);
    List<Tensor> inputs = new ArrayList<>();
    inputs.add(NpyFile.read(root.resolve(stem + ".x.npy")));
    for (int k = 1; Files.exists(root.resolve(stem + ".x" + k + ".npy")); k++) {
      inputs.add(NpyFile.read(root.resolve(stem + ".x" + k + ".npy")));
    }
    List<Tensor> outputs = model.predict(inputs, 32);
    int expectedOutputs = 1;
    while (Files.exists(root.resolve(stem + ".y" + expectedOutputs + ".npy"))) {
      expectedOutputs++;
    }
    assertEquals(expectedOutputs, outputs.size(), file + ": number of outputs");
    for (int k = 0; k < outputs.size(); k++) {
      Tensor expected = NpyFile.read(root.resolve(stem + (k == 0 ? ".y.npy" : ".y" + k + ".npy")));
      compare(file + " output " + k, expected, outputs.get(k));
    }
  }

  private static void compare(String what, Tensor expected, Tensor actual) {
    assertEquals(expected.shape(), actual.shape(), what + ": shape");
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
    assertEquals(0, failing, () -> what + ": elements differ from Keras beyond 1e-5, the largest at " + w
        + ": expected " + expected.get(w) + ", received " + actual.get(w));
  }
}
