package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.LayerCatalog;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MultiHeadAttention, Attention, AdditiveAttention and GroupNormalization built from the config real Keras 3.15
 * wrote ({@code layer.get_config()}, read through the layer's descriptor), with Keras' stored weights, against
 * Keras' inference outputs and its gradients of {@code sum(output * r)} with respect to every input and weight
 * ({@code golden/attention.json}, written by {@code tools/golden/make_attention_goldens.py}): causal and sliding
 * window masks, Keras masks on query/value/key (padded rows), an explicit {@code attention_mask} ({@code (B, T, S)},
 * {@code (1, T, S)} and per head {@code (B, N, T, S)}, with a query row that may attend to nothing, in Keras' fused
 * and softmax paths), {@code use_gate}, cross attention with a key, value_dim and output_shape, rank-4 inputs,
 * attention_axes, concat and additive scores, dropout inactive at inference, groups of -1/1/n on several axes. Tolerance {@code 1e-5}
 * absolute plus relative for outputs, {@code 1e-4} for gradients (sums over more terms).
 */
class KerasAttentionGoldenTest {
  private static final double TOL = 1e-5;
  private static final double GRAD_TOL = 1e-4;
  private static final JsonNode GOLDEN = Golden.json("attention.json");
  private static final Golden.MaxDiff MAX = new Golden.MaxDiff("attention.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : GOLDEN.get("cases")) {
      boolean masks = false;
      for (JsonNode m : c.get("masks")) {
        masks |= !m.isNull();
      }
      out.add(Arguments.of(i++ + " " + c.get("class_name").asText() + " " + c.get("arguments")
          + (masks ? " masked" : "") + (c.has("attention_mask") ? " attention_mask" : "")
          + (c.get("config").path("use_gate").asBoolean() ? " use_gate" : ""), c));
    }
    return out.stream();
  }

  /** The layer of a case, read through the descriptor of its Keras class name from the config Keras wrote. */
  @SuppressWarnings("unchecked")
  static Layer layer(JsonNode c) {
    String cls = c.get("class_name").asText();
    for (LayerDescriptor<?> d : LayerCatalog.builtIn()) {
      if (d.className().equals(cls)) {
        return d.fromConfig(MAPPER.convertValue(c.get("config"), Map.class));
      }
    }
    throw new IllegalStateException("no descriptor for " + cls);
  }

  /** The layer with Keras' weights, built for the case's inputs. */
  private static Layer built(JsonNode c, List<Tensor> inputs) {
    Layer layer = layer(c);
    List<Shape> shapes = new ArrayList<>();
    for (Tensor x : inputs) {
      shapes.add(x.shape().withBatch(Shape.UNKNOWN));
    }
    layer.build(shapes, RngKey.of(0));
    List<Parameter> weights = layer.weights();
    JsonNode w = c.get("weights");
    assertEquals(w.size(), weights.size(), "weight count " + weights);
    for (int i = 0; i < weights.size(); i++) {
      assertEquals(Golden.shape(w.get(i)), weights.get(i).shape(), weights.get(i).name());
      weights.get(i).assign(Golden.tensor(w.get(i)));
    }
    return layer;
  }

  @SuppressWarnings("unchecked")
  private static Tensor call(Layer layer, JsonNode c, List<Tensor> inputs, CallContext context) {
    Map<String, Object> arguments = MAPPER.convertValue(c.get("arguments"), Map.class);
    return inputs.size() == 1 ? layer.call(inputs.get(0), context) : layer.call(inputs, arguments, context);
  }

  /**
   * The inputs carrying the case's Keras masks (as a masking layer upstream would attach them), and Keras'
   * {@code attention_mask} as MultiHeadAttention's fourth input {@code [query, value, key, attention_mask]} (the
   * key defaulting to the value).
   */
  private static List<Tensor> masked(JsonNode c, List<Tensor> inputs) {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      JsonNode m = c.get("masks").get(i);
      out.add(m == null || m.isNull() ? inputs.get(i) : inputs.get(i).withMask(Golden.tensor(m)));
    }
    if (c.has("attention_mask")) {
      if (out.size() == 2) {
        out.add(out.get(1));
      }
      out.add(Golden.tensor(c.get("attention_mask")));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inference_output_matches_keras(String label, JsonNode c) {
    List<Tensor> plain = new ArrayList<>();
    c.get("inputs").forEach(t -> plain.add(Golden.tensor(t)));
    List<Tensor> inputs = masked(c, plain);
    Layer layer = built(c, inputs);
    Tensor y = call(layer, c, inputs, CallContext.inference());
    assertEquals(Golden.shape(c.get("output")), y.shape(), label);
    MAX.record(label, Golden.assertClose(Golden.floats(c.get("output")), y.toArray(), TOL, TOL, label));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradients_match_keras(String label, JsonNode c) {
    List<Tensor> inputs = new ArrayList<>();
    c.get("inputs").forEach(t -> inputs.add(Tensor.variable(Golden.shape(t), Golden.floats(t))));
    Layer layer = built(c, masked(c, inputs));
    // gradients recorded, dropout off: Keras' tape ran the layer in inference mode
    CallContext context = CallContext.training(RngKey.of(1), 0).withTraining(false);
    Tensor y = call(layer, c, masked(c, inputs), context);
    Ops.sum(Ops.mul(y, Golden.tensor(c.get("r")))).backward();
    for (int i = 0; i < inputs.size(); i++) {
      MAX.record(label + " d/input" + i, Golden.assertClose(Golden.floats(c.get("input_grads").get(i)),
          inputs.get(i).grad().toArray(), GRAD_TOL, GRAD_TOL, label + " d/input" + i));
    }
    List<Parameter> weights = layer.weights();
    for (int i = 0; i < weights.size(); i++) {
      String what = label + " d/" + weights.get(i).name();
      MAX.record(what, Golden.assertClose(Golden.floats(c.get("weight_grads").get(i)), weights.get(i).gradData(),
          GRAD_TOL, GRAD_TOL, what));
    }
  }

  @AfterAll
  static void report() {
    MAX.print();
  }
}
