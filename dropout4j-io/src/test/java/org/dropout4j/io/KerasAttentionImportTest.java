package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.MultiHeadAttention;
import org.dropout4j.layers.Node;
import org.dropout4j.models.Functional;
import org.dropout4j.models.McPrediction;
import org.dropout4j.models.Model;
import org.dropout4j.models.MonteCarloDropout;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attention models written by real Keras 3.15 ({@code tools/golden/make_attention_goldens.py}): a functional model
 * with MultiHeadAttention (dropout 0.2, called with the kwargs query/value/key and {@code use_causal_mask=True}, and
 * a cross attention with value_dim and output_shape), and one with Attention (concat, causal), AdditiveAttention on
 * {@code [query, value, key]} and GroupNormalization, and one where Embedding(mask_zero=True) masks the padded
 * token ids that MultiHeadAttention and Attention see, and one with a boolean {@code attention_mask} model input
 * given to a gated ({@code use_gate}) causal MultiHeadAttention and to one with dropout, read from {@code .keras} and {@code .h5} (weights in Keras'
 * layouts, MultiHeadAttention's EinsumDense sub-layers) and predicting Keras' outputs within 1e-5 + 1e-5 relative;
 * then saved as {@code .keras} and {@code .d4j} and read back with the causal calls kept; the attention dropout
 * active in training and Monte Carlo dropout only; TF.js export refused naming the layer.
 */
class KerasAttentionImportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final double TOLERANCE = 1e-5;

  @TempDir
  Path dir;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(KerasAttentionImportTest.class.getResource("/functional/" + name).toURI());
  }

  private static List<Tensor> inputs(String name) throws Exception {
    List<Tensor> in = new ArrayList<>();
    MAPPER.readTree(fixture(name + ".json").toFile()).get("inputs").forEach(t -> in.add(JsonTensors.tensor(t)));
    return in;
  }

  private static void assertClose(Tensor want, Tensor got, String what) {
    assertEquals(want.shape(), got.shape(), what);
    for (int i = 0; i < want.size(); i++) {
      float a = want.get(i);
      float b = got.get(i);
      assertTrue(Math.abs(a - b) <= TOLERANCE + TOLERANCE * Math.abs(a), what + "[" + i + "]: expected " + a
          + ", dropout4j " + b);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"attention_mha_dropout", "attention_layers", "attention_masked", "attention_mask_gate"})
  void keras_file_predicts_keras_outputs_from_keras_and_h5(String name) throws Exception {
    JsonNode expected = MAPPER.readTree(fixture(name + ".json").toFile());
    for (String ext : List.of(".keras", ".h5")) {
      Model model = KerasGraphImport.load(fixture(name + ext));
      assertInstanceOf(Functional.class, model, name + ext);
      List<Tensor> out = model.predict(inputs(name), 32);
      assertClose(JsonTensors.tensor(expected.get("outputs").get(0)), out.get(0), name + ext);
    }
  }

  @Test
  void the_causal_call_and_the_dropout_survive_the_import() throws Exception {
    Functional model = (Functional) KerasGraphImport.load(fixture("attention_mha_dropout.keras"));
    MultiHeadAttention mha = (MultiHeadAttention) model.layers().stream()
        .filter(l -> l.name().equals("self_attention")).findFirst().orElseThrow();
    assertEquals(0.2f, mha.rate());
    Node call = model.nodes().stream().filter(n -> n.operation() == mha).findFirst().orElseThrow();
    assertEquals(Map.of("use_causal_mask", true), call.arguments());
    assertEquals(3, call.inputs().size(), "query, value and key");
  }

  @Test
  void the_attention_mask_is_the_fourth_input_and_the_gate_weights_follow_the_key() throws Exception {
    Functional model = (Functional) KerasGraphImport.load(fixture("attention_mask_gate.keras"));
    MultiHeadAttention gated = (MultiHeadAttention) model.layers().stream()
        .filter(l -> l.name().equals("gated_attention")).findFirst().orElseThrow();
    assertTrue(gated.useGate());
    assertEquals(List.of("query", "key", "gate", "value", "attention_output"), gated.sublayerNames());
    assertEquals("gated_attention/gate/kernel", gated.weights().get(4).name());
    Node call = model.nodes().stream().filter(n -> n.operation() == gated).findFirst().orElseThrow();
    assertEquals(4, call.inputs().size(), "query, value, key (the value) and attention_mask");
    assertEquals(call.inputs().get(1), call.inputs().get(2));
    assertEquals("allowed", call.inputs().get(3).operation().name());
    assertEquals(Map.of("use_causal_mask", true), call.arguments());
  }

  @ParameterizedTest
  @ValueSource(strings = {"keras", "d4j"})
  void the_attention_mask_model_saved_and_read_back_predicts_keras_outputs(String ext) throws Exception {
    Model model = KerasGraphImport.load(fixture("attention_mask_gate.keras"));
    Path file = dir.resolve("m." + ext);
    Models.save(model, file);
    Model back = Models.loadModel(file);
    JsonNode expected = MAPPER.readTree(fixture("attention_mask_gate.json").toFile());
    assertClose(JsonTensors.tensor(expected.get("outputs").get(0)), back.predict(inputs("attention_mask_gate"), 32).get(0),
        "read back from ." + ext);
  }

  @Test
  void an_attention_mask_that_does_not_fit_is_refused_naming_the_layer_and_both_shapes() {
    KerasTensor in = Input.of(Shape.of(Shape.UNKNOWN, 4, 3), "x").output();
    KerasTensor wrong = Input.of(Shape.of(Shape.UNKNOWN, 4, 5), "allowed").dtype("bool").output();
    MultiHeadAttention mha = MultiHeadAttention.builder(2, 2).name("mha").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> mha.apply(List.of(in, in, in, wrong), Map.of()));
    assertTrue(e.getMessage().contains("\"mha\"") && e.getMessage().contains("S = 4 key positions")
        && e.getMessage().contains("(None, 4, 5)"), e.getMessage());
    IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
        () -> mha.apply(List.of(in, in), Map.of("attention_mask", true)));
    assertTrue(k.getMessage().contains("fourth input"), k.getMessage());
  }

  @Test
  void tfjs_export_of_a_gated_masked_attention_is_refused_naming_the_layer() throws Exception {
    Model model = KerasGraphImport.load(fixture("attention_mask_gate.keras"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.save(model, dir.resolve("model.json")));
    assertTrue(e.getMessage().contains("(MultiHeadAttention) to TF.js") && e.getMessage().contains("TF.js 4.22 has no"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"keras", "d4j"})
  void saved_and_read_back_predicts_the_same(String ext) throws Exception {
    Model model = KerasGraphImport.load(fixture("attention_mha_dropout.keras"));
    List<Tensor> x = inputs("attention_mha_dropout");
    Tensor want = model.predict(x, 32).get(0);
    Path file = dir.resolve("m." + ext);
    Models.save(model, file);
    Model back = Models.loadModel(file);
    assertClose(want, back.predict(x, 32).get(0), "read back from ." + ext);
    Node call = ((Functional) back).nodes().stream().filter(n -> n.operation().name().equals("self_attention"))
        .findFirst().orElseThrow();
    assertEquals(true, call.arguments().get("use_causal_mask"));
  }

  @Test
  void attention_dropout_is_off_in_predict_and_on_in_training_and_monte_carlo_passes() throws Exception {
    Model model = KerasGraphImport.load(fixture("attention_mha_dropout.keras"));
    List<Tensor> x = inputs("attention_mha_dropout");
    float[] predicted = model.predict(x, 32).get(0).toArray();
    assertTrue(Arrays.equals(predicted, model.predict(x, 32).get(0).toArray()), "predict is deterministic");
    float[] trained = model.call(x, CallContext.training(RngKey.of(3), 1)).get(0).toArray();
    assertFalse(Arrays.equals(predicted, trained), "training draws attention dropout");
    McPrediction mc = MonteCarloDropout.predict(model, x, 20, 9).get(0);
    float[] std = mc.std().toArray();
    double spread = 0;
    for (float s : std) {
      spread = Math.max(spread, s);
    }
    assertTrue(spread > 1e-4, "Monte Carlo passes differ through the attention dropout: max std " + spread);
  }

  @Test
  void monte_carlo_passes_of_a_model_without_dropout_have_no_spread() throws Exception {
    KerasTensor in = Input.of(Shape.of(Shape.UNKNOWN, 4, 3), "x").output();
    KerasTensor a = new MultiHeadAttention(2, 2).apply(in, in);
    Functional model = new Functional(List.of(in), List.of(new Dense(1).apply(a)), "no_dropout");
    model.setRandomSeed(1);
    model.build();
    Tensor x = Tensor.of(Shape.of(2, 4, 3), new float[24]);
    for (float s : MonteCarloDropout.predict(model, List.of(x), 5, 3).get(0).std().toArray()) {
      assertEquals(0f, s);
    }
  }

  @Test
  void tfjs_export_is_refused_naming_the_layer() throws Exception {
    Model model = KerasGraphImport.load(fixture("attention_layers.keras"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.save(model, dir.resolve("model.json")));
    assertTrue(e.getMessage().contains("(Attention) to TF.js") && e.getMessage().contains("TF.js 4.22 has no"),
        e.getMessage());
  }

  @Test
  void an_unknown_call_argument_is_refused_naming_the_layer_and_the_argument() {
    KerasTensor in = Input.of(Shape.of(Shape.UNKNOWN, 4, 3), "x").output();
    MultiHeadAttention mha = MultiHeadAttention.builder(2, 2).name("mha").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> mha.apply(List.of(in, in), Map.of("use_casual_mask", true)));
    assertTrue(e.getMessage().contains("\"mha\"") && e.getMessage().contains("use_casual_mask"), e.getMessage());
    IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
        () -> new Dense(2).apply(List.of(in), Map.of("use_causal_mask", true)));
    assertTrue(d.getMessage().contains("(Dense) does not take the call argument(s) [use_causal_mask]"),
        d.getMessage());
  }
}
