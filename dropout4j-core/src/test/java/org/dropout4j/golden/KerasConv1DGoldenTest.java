package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.layers.AveragePooling1D;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Conv1D;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.MaxPooling1D;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conv1D (valid, same and causal padding with strides and dilation) and MaxPooling1D/AveragePooling1D (valid and
 * same) against Keras 3 ({@code golden/conv1d.json}, written by {@code tools/golden/make_conv1d_goldens.py}).
 *
 * <p>Tolerance {@code 1e-5} absolute plus relative: sums of 9 float32 products in a different order.
 */
class KerasConv1DGoldenTest {
  private static final double TOL = 1e-5;
  private static final JsonNode GOLDEN = Golden.json("conv1d.json");
  private static final Tensor X = Golden.tensor(GOLDEN.get("input"));

  static Stream<Arguments> convCases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : GOLDEN.get("conv1d")) {
      out.add(Arguments.of(c.get("padding").asText(), c.get("strides").asInt(), c.get("dilation_rate").asInt(), c));
    }
    return out.stream();
  }

  static Stream<Arguments> poolCases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : GOLDEN.get("pooling")) {
      out.add(Arguments.of(c.get("class_name").asText(), c.get("pool_size").asInt(), c.get("padding").asText(), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "Conv1D padding={0} strides={1} dilation_rate={2}")
  @MethodSource("convCases")
  void conv1d_matchesKeras(String padding, int strides, int dilation, JsonNode c) {
    Conv1D conv = Conv1D.builder(4, 3).padding(padding).strides(strides).dilationRate(dilation).build();
    conv.build(X.shape().withBatch(Shape.UNKNOWN), RngKey.of(0));
    conv.weights().get(0).assign(Golden.tensor(GOLDEN.get("kernel")));
    conv.weights().get(1).assign(Golden.tensor(GOLDEN.get("bias")));
    check(conv, c);
  }

  @ParameterizedTest(name = "{0} pool_size={1} padding={2}")
  @MethodSource("poolCases")
  void pooling1d_matchesKeras(String cls, int poolSize, String padding, JsonNode c) {
    Integer strides = c.get("strides").isNull() ? null : c.get("strides").asInt();
    Layer pool = cls.equals("MaxPooling1D") ? new MaxPooling1D(poolSize, strides, padding, "channels_last", null)
        : new AveragePooling1D(poolSize, strides, padding, "channels_last", null);
    check(pool, c);
  }

  private static void check(Layer layer, JsonNode c) {
    Tensor y = layer.call(X, CallContext.inference());
    assertEquals(Golden.shape(c.get("output")), y.shape());
    Golden.assertClose(Golden.floats(c.get("output")), y.toArray(), TOL, TOL, layer.className());
  }
}
