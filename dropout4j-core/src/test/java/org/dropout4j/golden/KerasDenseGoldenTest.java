package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Dense(4)} inference on a fixed {@code (3, 5)} input with Keras' stored kernel and bias, for every
 * activation with and without bias ({@code golden/dense_forward.json}).
 *
 * <p>Tolerance: {@code rtol = 1e-6, atol = 1e-7} — a single float32 matmul of 5 terms plus one activation;
 * summation order and {@code exp}/{@code tanh} implementations may differ by a few ulps.
 */
class KerasDenseGoldenTest {
  private static final double RTOL = 1e-6;
  private static final double ATOL = 1e-7;
  private static final JsonNode GOLDEN = Golden.json("dense_forward.json");
  private static final Golden.MaxDiff MAX = new Golden.MaxDiff("dense_forward.json");

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : GOLDEN.get("cases")) {
      out.add(Arguments.of(c.get("activation").asText(), c.get("use_bias").asBoolean(), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, use_bias={1}")
  @MethodSource("cases")
  void inference_output_matches_keras(String activation, boolean useBias, JsonNode c) {
    int units = GOLDEN.get("units").asInt();
    Tensor x = Golden.tensor(GOLDEN.get("input"));
    Dense dense = Dense.builder(units).activation(activation).useBias(useBias).build();
    dense.build(Shape.batchOf(x.shape().dim(1)), RngKey.of(0));
    dense.weights().get(0).assign(Golden.tensor(GOLDEN.get("kernel")));
    if (useBias) {
      dense.weights().get(1).assign(Golden.tensor(GOLDEN.get("bias")));
    }
    assertEquals(useBias ? 2 : 1, dense.weights().size(), "weights of Dense(use_bias=" + useBias + ")");

    Tensor y = dense.call(x, CallContext.inference());

    assertEquals(Golden.shape(c.get("output")), y.shape());
    String what = activation + (useBias ? " with bias" : " without bias");
    MAX.record("output", Golden.assertClose(Golden.floats(c.get("output")), y.toArray(), RTOL, ATOL, what));
  }

  @Test
  void activation_constants_match_keras() {
    JsonNode facts = GOLDEN.get("activation_facts");
    assertEquals(Golden.scalar(facts.get("leaky_relu_default_negative_slope")), Activations.LEAKY_RELU_SLOPE);
    assertEquals(Golden.scalar(facts.get("selu_alpha_tf_nn_selu")), Activations.SELU_ALPHA);
    assertEquals(Golden.scalar(facts.get("selu_scale_tf_nn_selu")), Activations.SELU_SCALE);
  }

  @AfterAll
  static void report() {
    MAX.print();
  }
}
