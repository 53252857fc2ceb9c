package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.io.Models;
import org.dropout4j.io.NpyFile;
import org.dropout4j.losses.Loss;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.Model;
import org.dropout4j.optimizers.Optimizers;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code evaluate} of a functional model with two inputs (int32 token ids through Embedding and MultiHeadAttention,
 * float features) and two outputs, written compiled by real Keras 3.15.1 ({@code functional_compiled.keras} and
 * {@code .h5}, {@code tools/golden/make_cli_functional_fixture.py}): one {@code --x} per input and one {@code --y}
 * per output, the file's per-output losses, loss weights and metrics, and Keras' own {@code model.evaluate} numbers
 * and names within {@value #TOLERANCE} (absolute; float32 sums over 24 rows); count and shape errors that name the
 * model's inputs and outputs; {@code --loss}/{@code --metrics} by output.
 */
class FunctionalEvaluateCliTest {
  /** Largest difference allowed from Keras' evaluate numbers. */
  static final double TOLERANCE = 2e-6;

  @TempDir
  Path dir;

  static Path res(String name) {
    return KerasImportCliTest.resource(name);
  }

  /** The {@code --x} and {@code --y} arguments of the fixture's data. */
  static List<String> data() {
    return List.of("--x", res("functional.tokens.npy").toString(), "--x", res("functional.features.npy").toString(),
        "--y", res("functional.kind.npy").toString(), "--y", res("functional.value.npy").toString());
  }

  private static CliRun evaluate(String model, String... extra) {
    List<String> args = new ArrayList<>(List.of("evaluate", model));
    args.addAll(data());
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(new String[0]));
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"keras", "h5"})
  void evaluate_reports_keras_numbers_and_names_per_output_from_the_files_compile_config(String ext)
      throws IOException {
    JsonNode golden = new ObjectMapper().readTree(res("functional_compiled.json").toFile());
    CliRun r = evaluate(res("functional_compiled." + ext).toString(), "--batch-size", "8", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode got = new ObjectMapper().readTree(r.out()).get("metrics");
    JsonNode keras = golden.get("evaluate_" + ext);
    List<String> order = new ArrayList<>();
    golden.get("evaluate_order_" + ext).forEach(n -> order.add(n.asText()));
    assertEquals(order, names(got), "the names and order of Keras' evaluate list");
    double worst = 0;
    for (String k : order) {
      double d = Math.abs(keras.get(k).asDouble() - got.get(k).asDouble());
      worst = Math.max(worst, d);
      assertEquals(keras.get(k).asDouble(), got.get(k).asDouble(), TOLERANCE, k);
    }
    System.out.println("[golden] functional evaluate ." + ext + ": largest difference from Keras " + worst);
    assertTrue(r.err().contains("24 rows - loss: ") && r.err().contains(" - kind_loss: "), r.err());
  }

  @Test
  void one_x_file_for_a_two_input_model_names_the_inputs_and_their_shapes() {
    CliRun r = CliRun.of("evaluate", res("functional_compiled.keras").toString(), "--x",
        res("functional.features.npy").toString(), "--y", res("functional.kind.npy").toString(), "--y",
        res("functional.value.npy").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("takes 2 inputs [tokens (None, 6) int32, features (None, 3)]")
        && r.err().contains("one --x file each") && r.err().contains("received 1 --x file"), r.err());
  }

  @Test
  void one_y_file_for_a_two_output_model_names_the_outputs_and_their_shapes() {
    CliRun r = CliRun.of("evaluate", res("functional_compiled.keras").toString(), "--x",
        res("functional.tokens.npy").toString(), "--x", res("functional.features.npy").toString(), "--y",
        res("functional.kind.npy").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("has 2 outputs [kind (None, 3), value (None, 1)]")
        && r.err().contains("one --y file each") && r.err().contains("received 1 --y file"), r.err());
  }

  @Test
  void inputs_in_the_wrong_order_name_the_input_and_its_expected_shape() {
    CliRun r = CliRun.of("evaluate", res("functional_compiled.keras").toString(), "--x",
        res("functional.features.npy").toString(), "--x", res("functional.tokens.npy").toString(), "--y",
        res("functional.kind.npy").toString(), "--y", res("functional.value.npy").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("functional.features.npy has shape (24, 3)")
        && r.err().contains("input \"tokens\" expects shape (None, 6)"), r.err());
  }

  @Test
  void loss_and_metrics_by_output_replace_the_files_and_match_model_evaluate() throws Exception {
    CliRun r = evaluate(res("functional_compiled.keras").toString(), "--loss",
        "kind:sparse_categorical_crossentropy,value:mae", "--metrics", "kind:accuracy,value:mse,value:mae", "--json");
    assertEquals(0, r.code(), r.err());
    Model m = Models.loadModel(res("functional_compiled.keras"));
    Map<String, Loss> losses = new LinkedHashMap<>();
    losses.put("kind", Losses.get("sparse_categorical_crossentropy"));
    losses.put("value", Losses.get("mae"));
    m.compile(Optimizers.get("adam"), losses, Map.of("kind", 1.0, "value", 0.5), Map.of("kind",
        List.of("accuracy"), "value", List.of("mse", "mae")));
    Map<String, Double> want = m.evaluate(List.of(NpyFile.read(res("functional.tokens.npy")),
        NpyFile.read(res("functional.features.npy"))), List.of(NpyFile.read(res("functional.kind.npy")),
        NpyFile.read(res("functional.value.npy"))), 32);
    JsonNode got = new ObjectMapper().readTree(r.out()).get("metrics");
    assertEquals(List.of("loss", "kind_loss", "value_loss", "kind_accuracy", "value_mse", "value_mae"), names(got));
    for (Map.Entry<String, Double> e : want.entrySet()) {
      assertEquals(e.getValue(), got.get(e.getKey()).asDouble(), 1e-12, e.getKey());
    }
    // no loss_weights given with --loss: the file's (value 0.5) stay, as the rest of its compile config
    assertEquals(got.get("kind_loss").asDouble() + 0.5 * got.get("value_loss").asDouble(),
        got.get("loss").asDouble(), 1e-5);
  }

  @Test
  void a_loss_for_an_output_the_model_lacks_lists_its_outputs() {
    CliRun r = evaluate(res("functional_compiled.keras").toString(), "--loss", "kind:mse,score:mae");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("\"score\" is not an output of the model; its outputs are [kind, value]"), r.err());
  }

  @Test
  void an_uncompiled_functional_model_asks_for_the_loss_and_takes_one_for_every_output() throws Exception {
    // multi_io_dict.keras: real Keras 3.15, saved uncompiled; inputs series (6, 3), tabular (4,); outputs klass (3),
    // score (1)
    Model m = Models.loadModel(res("multi_io_dict.keras"));
    Tensor series = Tensor.of(Shape.of(4, 6, 3), new float[72]);
    Tensor tabular = Tensor.of(Shape.of(4, 4), 0.5f, -1f, 2f, 0f, 1f, 1f, 1f, 1f, -2f, 0.25f, 0f, 3f, 1f, 0f, 0f, 1f);
    Tensor klass = Tensor.of(Shape.of(4, 3), 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0);
    Tensor score = Tensor.of(Shape.of(4, 1), 0.2f, -0.3f, 1f, 0f);
    List<String> files = new ArrayList<>();
    int i = 0;
    for (Tensor t : List.of(series, tabular, klass, score)) {
      Path p = dir.resolve("a" + i++ + ".npy");
      NpyFile.write(t, p);
      files.add(p.toString());
    }
    List<String> args = List.of("evaluate", res("multi_io_dict.keras").toString(), "--x", files.get(0), "--x",
        files.get(1), "--y", files.get(2), "--y", files.get(3));
    CliRun refused = CliRun.of(args.toArray(new String[0]));
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("carries no compile config (loss); pass --loss"), refused.err());
    List<String> withLoss = new ArrayList<>(args);
    withLoss.addAll(List.of("--loss", "mse", "--json"));
    CliRun r = CliRun.of(withLoss.toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    m.compile("adam", "mse");
    Map<String, Double> want = m.evaluate(List.of(series, tabular), List.of(klass, score), 32);
    JsonNode got = new ObjectMapper().readTree(r.out()).get("metrics");
    assertEquals(List.of("loss", "klass_loss", "score_loss"), names(got));
    for (String k : names(got)) {
      assertEquals(want.get(k), got.get(k).asDouble(), 1e-12, k);
    }
  }
}
