package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.Models;
import org.dropout4j.io.NpyFile;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit} of a functional model with two inputs and two outputs written compiled by real Keras 3.15.1
 * ({@code functional_fit.keras}: Embedding + MultiHeadAttention on int32 ids, a shared Dense layer, a residual Add;
 * Adam, a loss, loss weight and metrics per output; {@code tools/golden/make_cli_functional_fixture.py}): without
 * shuffling it reaches the weights Keras' {@code fit} on JAX reached within {@value #WEIGHTS}, from arrays or with
 * {@code --stream}, and logs Keras' History keys with its values within {@value #HISTORY}, also with one
 * {@code --sample-weight} array that weighs both outputs as Keras' {@code sample_weight} does;
 * {@code --seed} reproduces a run with dropout bit for bit; {@code --output} writes the trained model in the format
 * its name says; what does not apply to several outputs is refused by name.
 */
class FunctionalFitCliTest {
  /** Largest difference allowed from Keras' trained weights (9 Adam steps; measured 6e-7 on JAX). */
  static final double WEIGHTS = 1e-5;
  /** Largest difference allowed from Keras' History values (float32 means over 24 rows). */
  static final double HISTORY = 1e-5;

  @TempDir
  Path dir;

  private static final Path FIT = KerasImportCliTest.resource("functional_fit.keras");
  private static final Path COMPILED = KerasImportCliTest.resource("functional_compiled.keras");

  private Path fit(Path model, String out, String... extra) {
    List<String> args = new ArrayList<>(List.of("fit", model.toString()));
    args.addAll(FunctionalEvaluateCliTest.data());
    args.addAll(List.of("--batch-size", "8", "--verbose", "0", "--out", dir.resolve(out).toString()));
    args.addAll(List.of(extra));
    CliRun r = CliRun.of(args.toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    return dir.resolve(out).resolve("model.d4j");
  }

  private void reachesKerasWeights(Path trained) throws IOException {
    reachesKerasWeights(trained, "functional_fit.json");
  }

  private void reachesKerasWeights(Path trained, String goldenFile) throws IOException {
    JsonNode golden = new ObjectMapper().readTree(KerasImportCliTest.resource(goldenFile).toFile());
    Model m = ModelArchive.loadModel(trained);
    List<float[]> actual = m.getWeights();
    JsonNode expected = golden.get("weights");
    assertEquals(expected.size(), actual.size(), "weights");
    double worst = 0;
    for (int i = 0; i < actual.size(); i++) {
      JsonNode e = expected.get(i).get("data");
      assertEquals(e.size(), actual.get(i).length, expected.get(i).get("path").asText());
      for (int k = 0; k < e.size(); k++) {
        double want = e.get(k).asDouble();
        worst = Math.max(worst, Math.abs(want - actual.get(i)[k]));
        assertEquals(want, actual.get(i)[k], WEIGHTS, expected.get(i).get("path").asText()
            + "[" + k + "]");
      }
    }
    System.out.println("[golden] functional fit: largest weight difference from Keras " + worst);
  }

  @Test
  void fit_without_shuffling_reaches_the_weights_and_history_keras_reached() throws IOException {
    Path trained = fit(FIT, "arrays", "--epochs", "3", "--no-shuffle");
    reachesKerasWeights(trained);
    logsKerasHistory("arrays", "functional_fit.json");
  }

  @Test
  void one_sample_weight_array_weighs_both_outputs_as_in_keras() throws IOException {
    Path trained = fit(FIT, "weighted", "--epochs", "2", "--no-shuffle", "--sample-weight",
        KerasImportCliTest.resource("functional.sample_weight.npy").toString());
    reachesKerasWeights(trained, "functional_fit_sample_weight.json");
    logsKerasHistory("weighted", "functional_fit_sample_weight.json");
  }

  private void logsKerasHistory(String out, String goldenFile) throws IOException {
    JsonNode golden = new ObjectMapper().readTree(KerasImportCliTest.resource(goldenFile).toFile());
    JsonNode history = golden.get("history");
    int epochs = golden.get("epochs").asInt();
    List<String> csv = Files.readAllLines(dir.resolve(out).resolve("history.csv"));
    List<String> header = Arrays.asList(csv.get(0).split(","));
    List<String> keys = new ArrayList<>(List.of("epoch"));
    history.fieldNames().forEachRemaining(keys::add);
    assertEquals(keys, header, "Keras' CSVLogger columns: epoch, then the History keys sorted");
    double worst = 0;
    assertEquals(epochs + 1, csv.size(), "one row per epoch");
    for (int epoch = 0; epoch < epochs; epoch++) {
      String[] row = csv.get(epoch + 1).split(",");
      for (int c = 1; c < header.size(); c++) {
        double want = history.get(header.get(c)).get(epoch).asDouble();
        worst = Math.max(worst, Math.abs(want - Double.parseDouble(row[c])));
        assertEquals(want, Double.parseDouble(row[c]), HISTORY, header.get(c) + " of epoch " + epoch);
      }
    }
    System.out.println("[golden] functional fit: largest History difference from Keras " + worst);
  }

  @Test
  void streaming_the_npy_files_reaches_the_same_keras_weights() throws IOException {
    reachesKerasWeights(fit(FIT, "streamed", "--epochs", "3", "--no-shuffle", "--stream"));
  }

  @Test
  void a_seed_reproduces_a_run_with_dropout_and_shuffling_bit_for_bit() throws IOException {
    List<float[]> a = ModelArchive.loadModel(fit(COMPILED, "a", "--epochs", "2", "--seed", "7")).getWeights();
    List<float[]> b = ModelArchive.loadModel(fit(COMPILED, "b", "--epochs", "2", "--seed", "7")).getWeights();
    List<float[]> c = ModelArchive.loadModel(fit(COMPILED, "c", "--epochs", "2", "--seed", "8")).getWeights();
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), "weight " + i + " with the same seed");
    }
    boolean differs = false;
    for (int i = 0; i < a.size(); i++) {
      differs |= !Arrays.equals(a.get(i), c.get(i));
    }
    assertTrue(differs, "another seed draws other shuffles and dropout masks");
  }

  @Test
  void validation_files_give_the_val_keys_of_every_output() throws IOException {
    fit(FIT, "val", "--epochs", "1", "--validation-x", FunctionalEvaluateCliTest.res("functional.tokens.npy")
        .toString(), "--validation-x", FunctionalEvaluateCliTest.res("functional.features.npy").toString(),
        "--validation-y", FunctionalEvaluateCliTest.res("functional.kind.npy").toString(), "--validation-y",
        FunctionalEvaluateCliTest.res("functional.value.npy").toString(), "--checkpoint",
        dir.resolve("best.d4j").toString());
    String header = Files.readAllLines(dir.resolve("val").resolve("history.csv")).get(0);
    assertTrue(header.contains("val_kind_loss") && header.contains("val_value_loss")
        && header.contains("val_kind_accuracy") && header.contains("val_loss"), header);
    assertTrue(Files.exists(dir.resolve("best.d4j")), "the checkpoint of the best val_loss");
  }

  @Test
  void output_writes_the_trained_model_as_keras_predicting_as_the_d4j_file() throws IOException {
    Path keras = dir.resolve("trained.keras");
    Path d4j = fit(FIT, "out", "--epochs", "1", "--output", keras.toString());
    List<Tensor> x = List.of(NpyFile.read(FunctionalEvaluateCliTest.res("functional.tokens.npy")),
        NpyFile.read(FunctionalEvaluateCliTest.res("functional.features.npy")));
    List<Tensor> want = ModelArchive.loadModel(d4j).predict(x, 32);
    List<Tensor> got = Models.loadModel(keras).predict(x, 32);
    for (int k = 0; k < want.size(); k++) {
      assertArrayEquals(want.get(k).toArray(), got.get(k).toArray(), 1e-6f, "output " + k);
    }
  }

  @Test
  void output_as_tfjs_writes_a_functional_model_that_predicts_as_the_d4j_file() throws IOException {
    // FunctionalCliTest's model (int32 ids into an Embedding, float features, outputs kind (3) and value (1)) saved
    // uncompiled: the loss comes from the command line, one for every output
    Path model = FunctionalCliTest.saved(dir.resolve("two_heads.keras"));
    Path ids = FunctionalCliTest.int32Npy(dir.resolve("ids.npy"), FunctionalCliTest.IDS);
    Path num = dir.resolve("num.npy");
    NpyFile.write(FunctionalCliTest.NUM, num);
    Path kind = dir.resolve("kind.npy");
    NpyFile.write(Tensor.of(org.dropout4j.tensor.Shape.of(3, 3), 1, 0, 0, 0, 1, 0, 0, 0, 1), kind);
    Path value = dir.resolve("value.npy");
    NpyFile.write(Tensor.of(org.dropout4j.tensor.Shape.of(3, 1), 0.5f, -1f, 2f), value);
    Path web = Files.createDirectories(dir.resolve("web"));
    CliRun r = CliRun.of("fit", model.toString(), "--x", ids.toString(), "--x", num.toString(), "--y",
        kind.toString(), "--y", value.toString(), "--optimizer", "adam", "--loss", "kind:categorical_crossentropy,"
        + "value:mse", "--epochs", "2", "--seed", "5", "--verbose", "0", "--out", dir.resolve("tf").toString(),
        "--output", web.toString());
    assertEquals(0, r.code(), r.err());
    List<Tensor> x = List.of(FunctionalCliTest.IDS, FunctionalCliTest.NUM);
    List<Tensor> want = ModelArchive.loadModel(dir.resolve("tf").resolve("model.d4j")).predict(x, 32);
    List<Tensor> got = Models.loadModel(web).predict(x, 32);
    for (int k = 0; k < want.size(); k++) {
      assertArrayEquals(want.get(k).toArray(), got.get(k).toArray(), 1e-6f, "output " + k);
    }
  }

  @Test
  void an_output_format_that_cannot_hold_the_model_is_refused_before_training() throws IOException {
    Path web = Files.createDirectories(dir.resolve("web"));
    List<String> args = new ArrayList<>(List.of("fit", FIT.toString()));
    args.addAll(FunctionalEvaluateCliTest.data());
    args.addAll(List.of("--out", dir.resolve("never").toString(), "--output", web.toString()));
    CliRun r = CliRun.of(args.toArray(new String[0]));
    assertEquals(1, r.code());
    assertTrue(r.err().contains("Invalid value for option `--output`") && r.err().contains("nothing was trained")
        && r.err().contains("\"attend\" (MultiHeadAttention)"), r.err());
    assertFalse(Files.exists(dir.resolve("never")), "nothing trained or written");
  }

  @Test
  void an_h5_output_is_refused_before_training() {
    List<String> args = new ArrayList<>(List.of("fit", FIT.toString()));
    args.addAll(FunctionalEvaluateCliTest.data());
    args.addAll(List.of("--out", dir.resolve("never").toString(), "--output", dir.resolve("m.h5").toString()));
    CliRun r = CliRun.of(args.toArray(new String[0]));
    assertEquals(1, r.code());
    assertTrue(r.err().contains("Invalid value for option `--output`") && r.err().contains("writes Keras 3 .keras")
        && r.err().contains("m.h5"), r.err());
    assertFalse(Files.exists(dir.resolve("never")), "nothing trained or written");
  }

  @Test
  void class_weights_for_a_two_output_model_are_refused_as_keras_refuses_them() {
    List<String> args = new ArrayList<>(List.of("fit", FIT.toString()));
    args.addAll(FunctionalEvaluateCliTest.data());
    args.addAll(List.of("--class-weight", "0:1,1:2,2:1", "--out", dir.resolve("cw").toString()));
    CliRun r = CliRun.of(args.toArray(new String[0]));
    assertEquals(1, r.code());
    assertTrue(r.err().contains("`--class-weight`") && r.err().contains("single output")
        && r.err().contains("kind (None, 3), value (None, 1)"), r.err());
  }

  @Test
  void a_trained_d4j_file_is_evaluated_with_its_own_per_output_compile_state() throws Exception {
    Path d4j = fit(FIT, "again", "--epochs", "1");
    List<String> args = new ArrayList<>(List.of("evaluate", d4j.toString()));
    args.addAll(FunctionalEvaluateCliTest.data());
    args.add("--json");
    CliRun r = CliRun.of(args.toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    Model m = ModelArchive.loadModel(d4j);
    var want = m.evaluate(List.of(NpyFile.read(FunctionalEvaluateCliTest.res("functional.tokens.npy")),
        NpyFile.read(FunctionalEvaluateCliTest.res("functional.features.npy"))), List.of(
        NpyFile.read(FunctionalEvaluateCliTest.res("functional.kind.npy")),
        NpyFile.read(FunctionalEvaluateCliTest.res("functional.value.npy"))), 32);
    JsonNode got = new ObjectMapper().readTree(r.out()).get("metrics");
    java.util.Set<String> names = new java.util.HashSet<>();
    got.fieldNames().forEachRemaining(names::add);
    assertEquals(want.keySet(), names);
    for (var e : want.entrySet()) {
      assertEquals(e.getValue(), got.get(e.getKey()).asDouble(), 1e-12, e.getKey());
    }
  }
}
