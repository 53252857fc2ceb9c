package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.RecurrentLayer;
import org.dropout4j.layers.SimpleRNN;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SimpleRNN, GRU (reset_after True and False) and LSTM inference with Keras' stored weights against Keras 3 outputs
 * ({@code golden/rnn_forward.json}, written by {@code tools/golden/make_rnn_goldens.py}): the weight layout, gate
 * order, formulas, {@code go_backwards} order of the returned sequence and the {@code return_state} values.
 *
 * <p>Tolerance {@code 1e-5} absolute plus relative: four steps of float32 matmuls and activations, whose
 * summation order and {@code exp}/{@code tanh} implementations differ by a few ulps per step.
 */
class KerasRnnGoldenTest {
  private static final double RTOL = 1e-5;
  private static final double ATOL = 1e-5;
  private static final JsonNode GOLDEN = Golden.json("rnn_forward.json");
  private static final Golden.MaxDiff MAX = new Golden.MaxDiff("rnn_forward.json");

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode layer : GOLDEN.get("layers")) {
      for (JsonNode c : layer.get("cases")) {
        JsonNode resetAfter = layer.path("config").path("reset_after");
        String kind = layer.get("class_name").asText() + (resetAfter.isBoolean() && !resetAfter.asBoolean()
            ? "(reset_after=False)" : "");
        out.add(Arguments.of(kind, c.get("return_sequences").asBoolean(),
            c.get("go_backwards").asBoolean(), layer, c));
      }
    }
    return out.stream();
  }

  private static RecurrentLayer.Builder<?> builder(String kind, int units) {
    switch (kind) {
      case "SimpleRNN":
        return SimpleRNN.builder(units);
      case "GRU":
        return GRU.builder(units);
      case "GRU(reset_after=False)":
        return GRU.builder(units).resetAfter(false);
      default:
        return LSTM.builder(units);
    }
  }

  @ParameterizedTest(name = "{0} return_sequences={1} go_backwards={2}")
  @MethodSource("cases")
  void inference_outputAndStates_matchKeras(String kind, boolean sequences, boolean backwards, JsonNode layerNode,
      JsonNode c) {
    Tensor x = Golden.tensor(GOLDEN.get("input"));
    RecurrentLayer layer = builder(kind, GOLDEN.get("units").asInt()).returnSequences(sequences)
        .goBackwards(backwards).returnState(true).build();
    layer.build(x.shape(), RngKey.of(0));
    JsonNode weights = layerNode.get("weights");
    assertEquals(weights.size(), layer.weights().size(), "number of weights");
    for (int i = 0; i < weights.size(); i++) {
      String name = layerNode.get("weight_names").get(i).asText();
      assertEquals(name, layer.weights().get(i).name().replaceAll(".*/", ""), "weight " + i);
      layer.weights().get(i).assign(Golden.tensor(weights.get(i)));
    }

    List<Tensor> outs = layer.callWithStates(x, CallContext.inference());

    JsonNode expected = c.get("outputs");
    assertEquals(expected.size(), outs.size(), "output and states");
    for (int i = 0; i < outs.size(); i++) {
      assertEquals(Golden.shape(expected.get(i)), outs.get(i).shape(), kind + " output " + i);
      String what = kind + " seq=" + sequences + " back=" + backwards + (i == 0 ? " output" : " state " + i);
      MAX.record(kind, Golden.assertClose(Golden.floats(expected.get(i)), outs.get(i).toArray(), RTOL, ATOL, what));
    }
    Tensor viaCall = layer.call(x, CallContext.inference());
    Golden.assertClose(Golden.floats(expected.get(0)), viaCall.toArray(), RTOL, ATOL, kind + " via call()");
  }

  @AfterAll
  static void report() {
    MAX.print();
  }
}
