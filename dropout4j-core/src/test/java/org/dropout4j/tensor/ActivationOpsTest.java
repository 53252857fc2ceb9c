package org.dropout4j.tensor;

import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.dropout4j.layers.activations.Activations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The activations of {@link ActivationOps}: values at points where the formulas are known in closed form (to float
 * precision), and gradients against finite differences ({@link GradientCheck}) on inputs kept away from kinks.
 */
class ActivationOpsTest {
  private static float at(String activation, float v) {
    return Activations.get(activation).apply(Tensor.of(Shape.of(1), v)).get(0);
  }

  @Test
  void values_at_known_points() {
    assertEquals(0.8413447460685429 * 1.0, at("gelu", 1f), 1e-7); // Phi(1)
    assertEquals(-0.15865525393145707, at("gelu", -1f), 1e-7);
    assertEquals(0.8411919906082768, ActivationOps.gelu(Tensor.of(Shape.of(1), 1f), true).get(0), 1e-7);
    assertEquals(2 / (1 + Math.exp(-2)), at("silu", 2f), 1e-6);
    assertEquals(at("silu", 2f), at("swish", 2f));
    assertEquals(6f, at("relu6", 7f));
    assertEquals(-0.75f, at("softsign", -3f));
    assertEquals(Math.tanh(Math.log1p(Math.E)), at("mish", 1f), 1e-6);
    assertEquals(Math.E, at("exponential", 1f), 1e-6);
    assertEquals(4f / 6f, at("hard_sigmoid", 1f), 1e-7); // Keras 3: relu6(x + 3) / 6
    assertEquals(0.7f, at(Activations.KERAS2_HARD_SIGMOID, 1f), 1e-7); // Keras 2: 0.2 x + 0.5
    assertEquals(1f, at(Activations.KERAS2_HARD_SIGMOID, 2.6f));
    assertEquals(0f, at("hard_sigmoid", -3.5f));
    assertEquals(4f / 6f, at("hard_silu", 1f), 1e-7);
    assertEquals(at("hard_silu", -1f), at("hard_swish", -1f));
  }

  @Test
  void erf_matches_reference_values() {
    double[][] ref = {{0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1, 0.8427007929497149},
        {2, 0.9953222650189527}, {3.5, 0.9999992569016276}, {-0.7, -0.6778011938374184}};
    for (double[] r : ref) {
      assertEquals(r[1], ActivationOps.Erf.erf(r[0]), 1e-13, "erf(" + r[0] + ")");
    }
  }

  @Test
  void relu_follows_keras_formula_with_all_arguments() {
    // max_value 1.4, negative_slope 0.2, threshold 0.2 (Keras' DL4J ReLU_2 example)
    Tensor x = Tensor.of(Shape.of(5), -1f, 0.1f, 0.5f, 1f, 3f);
    Tensor y = ActivationOps.relu(x, 0.2f, 1.4f, 0.2f);
    float[] expected = {-0.24f, -0.02f, 0.5f, 1f, 1.4f};
    for (int i = 0; i < 5; i++) {
      assertEquals(expected[i], y.get(i), 1e-6, "x=" + x.get(i));
    }
  }

  @Test
  void softmax_over_axis_1_of_rank_3_sums_to_one_along_it() {
    Tensor x = uniform(3, -2f, 2f, 2, 3, 4);
    Tensor y = ActivationOps.softmax(x, 1);
    for (int b = 0; b < 2; b++) {
      for (int k = 0; k < 4; k++) {
        double sum = 0;
        for (int j = 0; j < 3; j++) {
          sum += y.get(b, j, k);
        }
        assertEquals(1.0, sum, 1e-6);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> ActivationOps.softmax(x, 3));
  }

  static Stream<Arguments> smooth() {
    return Stream.of(
        Arguments.of("gelu", (UnaryOperator<Tensor>) t -> ActivationOps.gelu(t, false)),
        Arguments.of("gelu approximate", (UnaryOperator<Tensor>) t -> ActivationOps.gelu(t, true)),
        Arguments.of("silu", (UnaryOperator<Tensor>) ActivationOps::silu),
        Arguments.of("softsign", (UnaryOperator<Tensor>) ActivationOps::softsign),
        Arguments.of("mish", (UnaryOperator<Tensor>) ActivationOps::mish),
        Arguments.of("exponential", (UnaryOperator<Tensor>) ActivationOps::exponential),
        Arguments.of("softmax axis 1", (UnaryOperator<Tensor>) t -> ActivationOps.softmax(t, 1)),
        Arguments.of("softmax axis -1", (UnaryOperator<Tensor>) t -> ActivationOps.softmax(t, -1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smooth")
  void smooth_activation_gradient_matches_finite_differences(String name, UnaryOperator<Tensor> f) {
    GradientCheck.check(name, in -> f.apply(in[0]), uniform(5, -2.5f, 2.5f, 2, 3, 4));
  }

  /** Piecewise functions, checked on points at least 0.05 from their kinks. */
  static Stream<Arguments> piecewise() {
    return Stream.of(
        Arguments.of("relu(0.2, 1.4, 0.2)", (UnaryOperator<Tensor>) t -> ActivationOps.relu(t, 0.2f, 1.4f, 0.2f)),
        Arguments.of("relu6", (UnaryOperator<Tensor>) ActivationOps::relu6),
        Arguments.of("thresholded_relu", (UnaryOperator<Tensor>) t -> ActivationOps.thresholdedRelu(t, 1f)),
        Arguments.of("hard_sigmoid", (UnaryOperator<Tensor>) ActivationOps::hardSigmoid),
        Arguments.of("keras2_hard_sigmoid", (UnaryOperator<Tensor>) ActivationOps::hardSigmoidKeras2),
        Arguments.of("hard_silu", (UnaryOperator<Tensor>) ActivationOps::hardSilu));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("piecewise")
  void piecewise_activation_gradient_matches_finite_differences(String name, UnaryOperator<Tensor> f) {
    float[] v = {-7f, -3.3f, -2.7f, -2.2f, -0.5f, 0.1f, 0.5f, 0.9f, 1.2f, 1.6f, 2.2f, 2.8f, 3.3f, 5f, 6.5f};
    GradientCheck.check(name, 1e-3, in -> f.apply(in[0]), Tensor.of(Shape.of(v.length), v));
  }
}
