package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Functional models written by real Keras 3.15 on TensorFlow as a team writes them, not tuned for dropout4j
 * ({@code tools/golden/realistic_models.py}, written by {@code make_functional_fixtures.py --part realistic} into
 * {@code functional/realistic/}; {@code index.json} lists them): a transformer encoder block, a masked
 * Bidirectional-LSTM text classifier, a siamese network, text + tabular inputs with two outputs, ResNet, U-Net and
 * MobileNet blocks, nested functional and Sequential submodels, keyword-argument calls, Keras ops, a seq2seq GRU
 * with {@code initial_state}, shared text encoders, attention pooling and a dilated Conv1D stack. Every model listed,
 * from its {@code .keras} and its {@code .h5}, predicts Keras' outputs in Keras' output order within 1e-5 (absolute)
 * + 1e-5 (relative), except those the index marks {@code refused}: loading them fails naming the layer and the
 * reason (the index gives a part of it), as dropout4j would compute something else than Keras. Every model read
 * saves to {@code .keras} and {@code .d4j} (Keras op nodes written back as Keras writes them) and reads back with
 * the same predictions; with a Python that has Keras 3 ({@code DROPOUT4J_PYTHON}), real Keras loads those files and predicts
 * the same within 1e-5 (skipped without one). The second set, {@code functional/recurrent/}
 * ({@code make_recurrent_graph_fixtures.py}), holds recurrent graphs: {@code return_state} outputs,
 * {@code initial_state} seq2seq encoder-decoders (with dropout, and with a masked decoder padded at the front),
 * Bidirectional with {@code return_state}, {@code merge_mode=None} and {@code initial_state}; the same checks apply.
 */
class KerasRealisticGraphTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String DIR = "/functional/";
  /** The fixture sets: the realistic models, and the recurrent graphs of make_recurrent_graph_fixtures.py. */
  private static final List<String> SETS = List.of("realistic", "recurrent");

  /** A fixture file by {@code set/name}; a bare name is one of the realistic set. */
  static Path fixture(String name) {
    try {
      String path = DIR + (name.contains("/") ? name : "realistic/" + name);
      return Path.of(KerasRealisticGraphTest.class.getResource(path).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(String name) {
    try {
      return MAPPER.readTree(fixture(name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every model of every set, as {@code set/name}. */
  static Stream<String> models() {
    List<String> names = new ArrayList<>();
    for (String set : SETS) {
      read(set + "/index.json").get("models").forEach(m -> names.add(set + "/" + m.get("name").asText()));
    }
    return names.stream();
  }

  /** The index entry of a {@code set/name}. */
  static JsonNode entry(String name) {
    int slash = name.indexOf('/');
    for (JsonNode m : read(name.substring(0, slash) + "/index.json").get("models")) {
      if (m.get("name").asText().equals(name.substring(slash + 1))) {
        return m;
      }
    }
    throw new IllegalArgumentException("no model " + name);
  }


  static List<Tensor> inputs(String name) {
    List<Tensor> inputs = new ArrayList<>();
    read(name + ".json").get("inputs").forEach(t -> inputs.add(JsonTensors.tensor(t)));
    return inputs;
  }

  @Test
  void index_listsAtLeastTwelveModels() {
    long realistic = models().filter(m -> m.startsWith("realistic/")).count();
    assertTrue(realistic >= 12, "functional/realistic/index.json lists " + realistic + " models");
  }

  @ParameterizedTest
  @MethodSource("models")
  void kerasModel_predictsKerasOutputs_fromKeras(String name) throws Exception {
    check(name, ".keras");
  }

  @ParameterizedTest
  @MethodSource("models")
  void kerasModel_predictsKerasOutputs_fromH5(String name) throws Exception {
    check(name, ".h5");
  }

  /** The models dropout4j reads (not refused), in index order. */
  static List<String> readable() {
    return models().filter(m -> !entry(m).has("refused")).toList();
  }

  @Test
  void everyReadableModel_savesToKerasAndD4j_andReadsBackWithTheSamePredictions(@TempDir Path dir) throws Exception {
    for (String name : readable()) {
      Model model = Models.loadModel(fixture(name + ".keras"));
      List<Tensor> want = model.predict(inputs(name), 32);
      Path file = dir.resolve(name.replace('/', '_') + ".keras");
      KerasExport.save(model, file);
      assertClose(want, Models.loadModel(file).predict(inputs(name), 32), name + " read back from .keras");
      Path native4j = dir.resolve(name.replace('/', '_') + ".d4j");
      ModelArchive.save(model, native4j);
      assertClose(want, ModelArchive.loadModel(native4j).predict(inputs(name), 32), name + " read back from .d4j");
    }
  }

  @Test
  void realKeras_loadsTheExportedModels_andPredictsWhatDropout4jPredicts(@TempDir Path dir) throws Exception {
    String python = System.getenv().getOrDefault("DROPOUT4J_PYTHON", "python3");
    Path probe = dir.resolve("probe.txt");
    assumeTrue(
        ChildProcess.run(List.of(python, "-c", "import keras; assert keras.__version__.startswith('3.')"), probe) == 0,
        python + " has no Keras 3 (set DROPOUT4J_PYTHON to a Python with keras 3 and numpy to run this check)");
    StringBuilder jobs = new StringBuilder();
    Map<String, List<Tensor>> expected = new LinkedHashMap<>();
    for (String name : readable()) {
      Model model = Models.loadModel(fixture(name + ".keras"));
      String flat = name.replace('/', '_');
      expected.put(flat, model.predict(inputs(name), 32));
      Path file = dir.resolve(flat + ".keras");
      KerasExport.save(model, file);
      StringBuilder ins = new StringBuilder();
      List<Tensor> x = inputs(name);
      for (int k = 0; k < x.size(); k++) {
        Path in = dir.resolve(flat + "_in" + k + ".npy");
        NpyFile.write(x.get(k), in);
        ins.append('\t').append(in);
      }
      // the exported file, and the original Keras file in the same Keras (same backend) for reference
      jobs.append(file).append('\t').append(dir.resolve(flat + "_out")).append(ins).append('\n');
      jobs.append('?').append(fixture(name + ".keras")).append('\t').append(dir.resolve(flat + "_orig")).append(ins).append('\n');
    }
    Path list = Files.writeString(dir.resolve("jobs.tsv"), jobs.toString());
    Path script = Path.of(KerasRealisticGraphTest.class.getResource("/keras_export/load_and_predict.py").toURI());
    Path log = dir.resolve("keras.log");
    assertEquals(0, ChildProcess.run(List.of(python, script.toString(), list.toString()), log), Files.readString(log));
    // The fixtures' expected outputs come from Keras on TensorFlow, which dropout4j follows. Keras on another backend
    // may itself predict a fixture differently (on JAX, masked steps of a return_sequences RNN are not zeroed as on
    // TensorFlow): there the exported file must predict what the original file predicts in that same Keras. (An
    // original that Keras on this backend cannot run at all is no reference: the export must then match dropout4j.)
    boolean tensorflow = "tensorflow".equals(System.getenv("KERAS_BACKEND"));
    int backendDiffers = 0;
    for (Map.Entry<String, List<Tensor>> e : expected.entrySet()) {
      List<Tensor> got = readOutputs(dir, e.getKey() + "_out", e.getValue().size());
      boolean ran = Files.exists(dir.resolve(e.getKey() + "_orig0.npy"));
      List<Tensor> original = ran ? readOutputs(dir, e.getKey() + "_orig", e.getValue().size()) : null;
      if (ran) {
        assertClose(original, got, e.getKey() + " (real Keras: the exported file against the original file)");
      }
      if (tensorflow || !ran || close(e.getValue(), original)) {
        assertClose(e.getValue(), got, e.getKey() + " (real Keras)");
      } else {
        backendDiffers++;
      }
    }
    assertTrue(backendDiffers <= expected.size() / 4, backendDiffers + " of " + expected.size()
        + " fixtures predict differently in Keras on " + System.getenv("KERAS_BACKEND") + " than on TensorFlow");
  }

  @Test
  void kerasOps_exportToTfjs_onlyAsSameShapeMerges(@TempDir Path dir) throws Exception {
    // x + y and x * g of same-shape tensors are TF.js' Add and Multiply layers: the gated residual MLP exports and
    // reads back with the same predictions
    Model mlp = Models.loadModel(fixture("realistic/gated_residual_mlp.keras"));
    TfjsLayers.export(mlp, dir.resolve("mlp"), 4 << 20);
    assertClose(mlp.predict(inputs("realistic/gated_residual_mlp"), 32),
        TfjsLayers.loadModel(dir.resolve("mlp")).predict(inputs("realistic/gated_residual_mlp"), 32), "TF.js gated MLP");
    // x * 2.0, means and slices have no TF.js layer
    Model ops = Models.loadModel(fixture("realistic/keras_ops.keras"));
    Exception e = assertThrows(Exception.class, () -> TfjsLayers.export(ops, dir.resolve("ops"), 4 << 20));
    assertTrue(e.getMessage().contains("op node"), e.getMessage());
  }

  private static List<Tensor> readOutputs(Path dir, String prefix, int count) throws IOException {
    List<Tensor> outputs = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      outputs.add(NpyFile.read(dir.resolve(prefix + k + ".npy")));
    }
    return outputs;
  }

  private static boolean close(List<Tensor> want, List<Tensor> got) {
    try {
      assertClose(want, got, "");
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  private static void assertClose(List<Tensor> want, List<Tensor> got, String what) {
    assertEquals(want.size(), got.size(), what + ": outputs");
    for (int k = 0; k < want.size(); k++) {
      assertEquals(want.get(k).shape(), got.get(k).shape(), what + " output " + k);
      for (int i = 0; i < want.get(k).size(); i++) {
        float a = want.get(k).get(i);
        float b = got.get(k).get(i);
        assertTrue(Math.abs(a - b) <= 1e-5 + 1e-5 * Math.abs(a), what + " output " + k + "[" + i + "]: " + a + " vs "
            + b);
      }
    }
  }

  private static void check(String name, String ext) throws Exception {
    JsonNode entry = entry(name);
    if (entry.has("refused")) { // a model dropout4j cannot run faithfully: refused at load, naming the layer and why
      IOException e = assertThrows(IOException.class,
          () -> Models.loadModel(fixture(name + ext)));
      assertTrue(e.getMessage().contains(entry.get("refused").asText()) && e.getMessage().contains("layer \""),
          e.getMessage());
      return;
    }
    JsonNode expected = read(name + ".json");
    Model model = Models.loadModel(fixture(name + ext));
    List<Tensor> out = model.predict(inputs(name), 32);
    assertEquals(expected.get("outputs").size(), out.size(), name + ext + " outputs");
    double worst = 0;
    for (int k = 0; k < out.size(); k++) {
      Tensor want = JsonTensors.tensor(expected.get("outputs").get(k));
      assertEquals(want.shape(), out.get(k).shape(), name + ext + " output " + k);
      for (int i = 0; i < want.size(); i++) {
        float a = want.get(i);
        float b = out.get(k).get(i);
        worst = Math.max(worst, Math.abs(a - b));
        assertTrue(Math.abs(a - b) <= 1e-5 + 1e-5 * Math.abs(a),
            name + ext + " output " + k + "[" + i + "]: Keras " + a + ", dropout4j " + b);
      }
    }
    System.out.println("[golden] " + name + ext + " max abs diff " + worst);
  }
}
