package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link Conv2DTranspose} with {@code dilation_rate > 1} (values against Keras in {@code KerasConvShapeGoldenTest}):
 * Keras' output size {@code (in - 1) * s + (k - 1) * d + 1} for valid padding and {@code in * s} for same, gradients
 * with respect to the input and both weights against central finite differences (step 1e-2, tolerance 1e-3
 * absolute plus 1e-2 relative, {@link GradientCheck}), and Keras' refusal of a stride above 1 with a dilation above
 * 1.
 */
class Conv2DTransposeDilationTest {
  private static Conv2DTranspose layer(String padding, int... dilation) {
    return new Conv2DTranspose(2, new int[] {3, 2}, new int[] {1}, padding, null, "channels_last", dilation, "tanh",
        true, "glorot_uniform", "zeros", null);
  }

  @Test
  void output_size_is_that_of_the_dilated_kernel() {
    assertEquals(Shape.of(Shape.UNKNOWN, 8, 6, 2), layer("valid", 2, 3).computeOutputShape(
        Shape.of(Shape.UNKNOWN, 4, 3, 5)));
    assertEquals(Shape.of(Shape.UNKNOWN, 4, 3, 2), layer("same", 2, 3).computeOutputShape(
        Shape.of(Shape.UNKNOWN, 4, 3, 5)));
  }

  @Test
  void gradients_match_finite_differences() {
    Conv2DTranspose t = layer("same", 2, 1);
    Tensor x = Tensor.variable(Shape.of(2, 4, 3, 2), GradientCheck.uniform(5, -1f, 1f, 2, 4, 3, 2).toArray());
    t.build(x.shape(), RngKey.of(3));
    GradientCheck.check("Conv2DTranspose dilation (2, 1)", GradientCheck.H,
        () -> t.call(x, CallContext.training(RngKey.of(1), 0).withTraining(false)),
        List.of(GradientCheck.leaf("x", x), GradientCheck.leaf(t.weights().get(0)),
            GradientCheck.leaf(t.weights().get(1))));
  }

  @Test
  void a_stride_with_a_dilation_is_refused_as_in_keras() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv2DTranspose(2,
        new int[] {3}, new int[] {2}, "valid", null, "channels_last", new int[] {2}, null, true, "glorot_uniform",
        "zeros", null));
    assertTrue(e.getMessage().contains("`strides > 1` not supported in conjunction with `dilation_rate > 1`")
        && e.getMessage().contains("strides=(2, 2)") && e.getMessage().contains("dilation_rate=(2, 2)"),
        e.getMessage());
  }
}
