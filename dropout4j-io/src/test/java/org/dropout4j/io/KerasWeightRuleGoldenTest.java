package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regularizers and constraints written and trained by real Keras 3.15 (keras/weight_rules, from
 * tools/golden/make_weight_rule_goldens.py): LSTM, GRU(return_sequences), SimpleRNN and
 * Embedding(mask_zero) -> Bidirectional(LSTM) with kernel, recurrent, bias and activity regularizers; Embedding with
 * embeddings and activity regularizers and a row MaxNorm; BatchNormalization, LayerNormalization and
 * GroupNormalization with gamma/beta regularizers and constraints; PReLU with an alpha regularizer and constraint;
 * MultiHeadAttention with kernel, bias and activity regularizers and kernel/bias constraints on every projection;
 * Conv1D and Conv2D (followed by MaxPooling2D, which then does not fuse with it) with activity regularizers.
 * L1, L2 and L1L2 penalties, MaxNorm (axis 0 and 1), MinMaxNorm, UnitNorm and NonNeg constraints, compiled with
 * SGD(0.1) and mse; the weights are large enough that every constraint binds. Keras' text classifier
 * (Embedding(mask_zero) -> Bidirectional(LSTM(dropout=0.2, recurrent_dropout=0.2, max-norm, L2))) is checked in
 * inference (predictions, evaluate with its penalty), since its dropout masks make training random. Read from the {@code .keras} and the {@code .h5} file,
 * dropout4j predicts Keras' outputs within 1e-5, and {@code evaluate} reports Keras' loss (mse plus the weight
 * penalties plus each batch's activity penalty over the batch size) within 1e-5 relative; one fit epoch of two SGD
 * steps (penalty gradients, then the constraints after each step) reaches Keras' loss and weights within 1e-5
 * (+1e-5 relative). Saved as {@code .keras} and read back, by dropout4j and (with {@code DROPOUT4J_PYTHON}) by real
 * Keras, the model reports the same loss and trains to the same weights: the options survive the file.
 */
class KerasWeightRuleGoldenTest {
  private static final double TOL = 1e-5;

  @TempDir
  Path dir;

  static List<String> names() {
    return List.of("lstm", "gru_seq", "simple_rnn", "bilstm_masked", "embedding", "batch_norm", "layer_norm",
        "group_norm", "prelu", "mha", "conv1d_activity", "conv2d_activity_pool", TEXT_TUTORIAL);
  }

  /** Keras' text classifier: Embedding(mask_zero) -> Bidirectional(LSTM(dropout 0.2, recurrent_dropout 0.2)). */
  private static final String TEXT_TUTORIAL = "text_tutorial";

  /** The models whose training is deterministic (no dropout), with a fit golden. */
  static List<String> deterministic() {
    return names().stream().filter(n -> !n.equals(TEXT_TUTORIAL)).toList();
  }

  private static Path file(String name) {
    return KerasImportTest.resource("weight_rules/" + name);
  }

  private static Model compiled(Path file) throws IOException {
    Model model = Models.loadModel(file);
    KerasCompile.compile(model, KerasCompile.read(file(file.getFileName().toString().replaceAll("\\.(h5|keras)$", "")
        + ".keras")));
    return model;
  }

  private static Tensor data(String name, String which) throws IOException {
    return NpyFile.read(file(name + "." + which + ".npy"));
  }

  private static JsonNode expected(String name) throws IOException {
    return new ObjectMapper().readTree(file(name + ".json").toFile());
  }

  private static void assertClose(double want, double got, String what) {
    assertTrue(Math.abs(got - want) <= TOL + TOL * Math.abs(want), what + ": expected " + want + ", received " + got);
  }

  private static void assertWeights(JsonNode want, List<float[]> got, List<String> names, String what) {
    assertEquals(want.size(), got.size(), what + " weight count");
    for (int i = 0; i < got.size(); i++) {
      JsonNode data = want.get(i).get("data");
      assertEquals(data.size(), got.get(i).length, what + " " + names.get(i));
      for (int j = 0; j < got.get(i).length; j++) {
        assertClose(data.get(j).asDouble(), got.get(i)[j], what + " " + names.get(i) + "[" + j + "]");
      }
    }
  }

  /** Fits one epoch and checks the loss and the weights against {@code want}. */
  private static void assertOneEpochReaches(Model model, String name, JsonNode want, String what) throws IOException {
    History h = model.fit(data(name, "x"), data(name, "y"),
        FitOptions.builder().epochs(1).batchSize(3).shuffle(false).verbose(0).build());
    assertClose(want.get("fit_loss").asDouble(), h.get("loss").get(0), what + " fit loss");
    List<Parameter> weights = model.weights();
    assertWeights(want.get("weights_after_fit"), weights.stream().map(Parameter::data).toList(),
        weights.stream().map(Parameter::name).toList(), what);
  }

  @ParameterizedTest
  @MethodSource("names")
  void both_files_predict_and_evaluate_as_keras(String name) throws IOException {
    JsonNode want = expected(name);
    for (String ext : List.of(".keras", ".h5")) {
      Model model = compiled(file(name + ext));
      float[] got = model.predict(data(name, "x")).toArray();
      JsonNode p = want.get("predict").get("data");
      assertEquals(p.size(), got.length, name + ext);
      for (int i = 0; i < got.length; i++) {
        assertClose(p.get(i).asDouble(), got[i], name + ext + " prediction " + i);
      }
      assertClose(want.get("evaluate_loss").asDouble(), model.evaluate(data(name, "x"), data(name, "y"), 3)
          .get("loss"), name + ext + " loss");
    }
  }

  @ParameterizedTest
  @MethodSource("deterministic")
  void one_fit_epoch_reaches_the_weights_keras_reaches(String name) throws IOException {
    assertOneEpochReaches(compiled(file(name + ".keras")), name, expected(name), name);
    assertOneEpochReaches(compiled(file(name + ".h5")), name, expected(name), name + ".h5");
  }

  @ParameterizedTest
  @MethodSource("names")
  void the_options_survive_saving_as_keras_and_reading_back(String name) throws IOException {
    Path saved = dir.resolve(name + ".keras");
    Models.save(compiled(file(name + ".keras")), saved);
    Model back = Models.loadModel(saved);
    KerasCompile.compile(back, KerasCompile.read(file(name + ".keras")));
    JsonNode want = expected(name);
    assertClose(want.get("evaluate_loss").asDouble(), back.evaluate(data(name, "x"), data(name, "y"), 3).get("loss"),
        name + " loss after saving");
    if (want.get("fit_deterministic").asBoolean()) {
      assertOneEpochReaches(back, name, want, name + " after saving");
    }
  }

  @Test
  void real_keras_reads_the_saved_options_back() throws Exception {
    String python = System.getenv().getOrDefault("DROPOUT4J_PYTHON", "python3");
    assumeTrue(ChildProcess.run(List.of(python, "-c", "import keras, numpy; assert keras.__version__.startswith('3.')"),
        dir.resolve("probe.txt")) == 0, python + " has no Keras 3 (set DROPOUT4J_PYTHON to a Python with keras 3 "
        + "and numpy to run this check)");
    StringBuilder jobs = new StringBuilder();
    for (String name : names()) {
      Path saved = dir.resolve(name + ".keras");
      Models.save(Models.loadModel(file(name + ".keras")), saved);
      jobs.append(String.join("\t", saved.toString(), file(name + ".x.npy").toString(),
          file(name + ".y.npy").toString(), dir.resolve(name + ".out.json").toString())).append('\n');
    }
    Path log = dir.resolve("keras.log");
    Path script = Path.of(KerasWeightRuleGoldenTest.class.getResource("/keras_export/evaluate_and_fit.py").toURI());
    assertEquals(0, ChildProcess.run(List.of(python, script.toString(), Files.writeString(dir.resolve("jobs.tsv"),
        jobs.toString()).toString()), log), "Keras failed: " + Files.readString(log));
    for (String name : names()) {
      JsonNode want = expected(name);
      JsonNode got = new ObjectMapper().readTree(dir.resolve(name + ".out.json").toFile());
      assertClose(want.get("evaluate_loss").asDouble(), got.get("evaluate_loss").asDouble(), name + " Keras loss");
      if (!want.get("fit_deterministic").asBoolean()) {
        continue; // dropout: Keras' own fit is random
      }
      assertClose(want.get("fit_loss").asDouble(), got.get("fit_loss").asDouble(), name + " Keras fit loss");
      JsonNode w = got.get("weights_after_fit");
      List<float[]> values = new java.util.ArrayList<>();
      List<String> labels = new java.util.ArrayList<>();
      for (int i = 0; i < w.size(); i++) {
        float[] v = new float[w.get(i).get("data").size()];
        for (int j = 0; j < v.length; j++) {
          v[j] = (float) w.get(i).get("data").get(j).asDouble();
        }
        values.add(v);
        labels.add("weight " + i);
      }
      assertWeights(want.get("weights_after_fit"), values, labels, name + " (real Keras)");
    }
  }
}
