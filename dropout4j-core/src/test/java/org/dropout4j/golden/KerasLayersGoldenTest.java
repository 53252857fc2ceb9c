package org.dropout4j.golden;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.DepthwiseConv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.RecurrentLayer;
import org.dropout4j.layers.SeparableConv2D;
import org.dropout4j.layers.SimpleRNN;
import org.dropout4j.layers.TimeDistributed;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.layers.activations.ELU;
import org.dropout4j.layers.activations.LeakyReLU;
import org.dropout4j.layers.activations.PReLU;
import org.dropout4j.layers.activations.ReLU;
import org.dropout4j.layers.activations.Softmax;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.ActivationOps;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras 3's activation functions and the layers of issue 14 (activation layers, recurrent layers with other
 * activations, TimeDistributed, Bidirectional in each merge mode, DepthwiseConv2D, SeparableConv2D, LayerNormalization, UnitNormalization) with Keras'
 * stored weights against Keras' outputs ({@code golden/layers.json}, written by
 * {@code tools/golden/make_layer_goldens.py}). Tolerance {@code 1e-5} absolute plus relative (float32 with a
 * different summation order and transcendental implementations).
 */
class KerasLayersGoldenTest {
  private static final double RTOL = 1e-5;
  private static final double ATOL = 1e-5;
  private static final JsonNode GOLDEN = Golden.json("layers.json");
  private static final Golden.MaxDiff MAX = new Golden.MaxDiff("layers.json");

  static Stream<Arguments> activations() {
    List<Arguments> out = new ArrayList<>();
    GOLDEN.get("activations").fieldNames().forEachRemaining(n -> out.add(Arguments.of(n)));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void activation_matches_keras(String name) {
    Tensor x = Golden.tensor(GOLDEN.get("x"));
    Tensor y;
    if (name.equals("gelu_approximate")) {
      y = ActivationOps.gelu(x, true);
    } else if (name.equals("log_softmax")) {
      y = Activations.get(name).apply(org.dropout4j.tensor.Ops.reshape(x, 2, 9));
    } else {
      y = Activations.get(name).apply(x);
    }
    MAX.record(name, Golden.assertClose(Golden.floats(GOLDEN.get("activations").get(name)), y.toArray(), RTOL, ATOL,
        name));
  }

  static Stream<Arguments> layers() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : GOLDEN.get("layers")) {
      out.add(Arguments.of(c.get("class_name").asText() + " " + c.get("args"), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void layer_matches_keras(String label, JsonNode c) {
    JsonNode a = c.get("args");
    Layer layer = layer(c.get("class_name").asText(), a);
    Tensor x = Golden.tensor(c.get("input"));
    layer.build(x.shape().withBatch(-1), RngKey.of(0));
    List<Parameter> weights = layer.weights();
    JsonNode w = c.get("weights");
    for (int i = 0; i < weights.size(); i++) {
      weights.get(i).assign(Golden.tensor(w.get(i)));
    }
    org.junit.jupiter.api.Assertions.assertEquals(w.size(), weights.size(), label + " weight count");
    Tensor y = layer.call(x, CallContext.inference());
    org.junit.jupiter.api.Assertions.assertEquals(Golden.shape(c.get("output")), y.shape(), label);
    MAX.record(label, Golden.assertClose(Golden.floats(c.get("output")), y.toArray(), RTOL, ATOL, label));
  }

  private static Layer layer(String cls, JsonNode a) {
    switch (cls) {
      case "ReLU":
        return new ReLU(a.has("max_value") ? (float) a.get("max_value").asDouble() : null,
            (float) a.path("negative_slope").asDouble(0), (float) a.path("threshold").asDouble(0), null);
      case "LeakyReLU":
        return new LeakyReLU((float) a.path("negative_slope").asDouble(LeakyReLU.DEFAULT_NEGATIVE_SLOPE), null);
      case "ELU":
        return new ELU((float) a.get("alpha").asDouble(), null);
      case "PReLU":
        return new PReLU("zeros", new int[] {a.get("shared_axes").get(0).asInt()}, null);
      case "Softmax":
        return new Softmax(a.path("axis").asInt(-1), null);
      case "LayerNormalization":
        return new org.dropout4j.layers.LayerNormalization((float) a.path("epsilon").asDouble(1e-3),
            a.path("center").asBoolean(true), true, "zeros", "ones", null);
      case "UnitNormalization":
        return new org.dropout4j.layers.UnitNormalization();
      case "TimeDistributed(Dense)":
        return new TimeDistributed(new Dense(a.get("units").asInt(), a.get("activation").asText()));
      case "DepthwiseConv2D":
        return new DepthwiseConv2D(new int[] {a.get("kernel_size").asInt()}, new int[] {a.get("strides").asInt()},
            a.get("padding").asText(), a.get("depth_multiplier").asInt(), "channels_last", new int[] {1}, null,
            true, "glorot_uniform", "zeros", null);
      case "SeparableConv2D":
        return new SeparableConv2D(a.get("filters").asInt(), new int[] {a.get("kernel_size").asInt()},
            new int[] {1}, "valid", a.get("depth_multiplier").asInt(), "channels_last", new int[] {1},
            a.get("activation").asText(), true, "glorot_uniform", "glorot_uniform", "zeros", null);
      default:
        if (cls.startsWith("Bidirectional(")) {
          String inner = cls.substring("Bidirectional(".length(), cls.length() - 1);
          return new Bidirectional(recurrent(inner, a), a.get("merge_mode").asText());
        }
        return recurrent(cls, a).build();
    }
  }

  private static RecurrentLayer.Builder<?> recurrent(String cls, JsonNode a) {
    int units = a.get("units").asInt();
    RecurrentLayer.Builder<?> b = cls.equals("LSTM") ? LSTM.builder(units) : cls.equals("GRU")
        ? GRU.builder(units).resetAfter(a.path("reset_after").asBoolean(true)) : SimpleRNN.builder(units);
    if (a.has("activation")) {
      b.activation(a.get("activation").asText());
    }
    if (a.has("recurrent_activation")) {
      b.recurrentActivation(a.get("recurrent_activation").asText());
    }
    return b.returnSequences(a.path("return_sequences").asBoolean(false))
        .goBackwards(a.path("go_backwards").asBoolean(false));
  }

  @AfterAll
  static void report() {
    MAX.print();
  }
}
