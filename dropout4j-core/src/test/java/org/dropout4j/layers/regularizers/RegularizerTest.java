package org.dropout4j.layers.regularizers;

import static org.dropout4j.tensor.GradientCheck.awayFromZero;
import static org.dropout4j.tensor.GradientCheck.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** L1, L2 and L1L2 penalties: values, gradients against finite differences, argument checks. */
class RegularizerTest {
  private static final Tensor W = Tensor.of(Shape.of(2, 2), 1f, -2f, 0.5f, -0.25f);

  @Test
  void l1_penalty_isFactorTimesSumOfAbsoluteValues() {
    assertEquals(0.1 * 3.75, Regularizer.l1(0.1f).penalty(W).item(), 1e-6);
  }

  @Test
  void l2_penalty_isFactorTimesSumOfSquares() {
    assertEquals(0.1 * (1 + 4 + 0.25 + 0.0625), Regularizer.l2(0.1f).penalty(W).item(), 1e-6);
  }

  @Test
  void l1_awayFromZero_gradientMatchesFiniteDifferences() {
    check("L1(0.3)", in -> Regularizer.l1(0.3f).penalty(in[0]), awayFromZero(50, 0.1f, 2f, 3, 4));
  }

  @Test
  void l2_gradientMatchesFiniteDifferences() {
    check("L2(0.3)", in -> Regularizer.l2(0.3f).penalty(in[0]), awayFromZero(51, 0f, 2f, 3, 4));
  }

  @Test
  void l1l2_gradientMatchesFiniteDifferences() {
    check("L1L2(0.2, 0.3)", in -> Regularizer.l1l2(0.2f, 0.3f).penalty(in[0]), awayFromZero(52, 0.1f, 2f, 3, 4));
  }

  @Test
  void negativeFactor_throwsNamingTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizer.l2(-0.1f));
    assertTrue(e.getMessage().contains("`l2`") && e.getMessage().contains("-0.1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Regularizer.l1(Float.NaN));
    assertTrue(e.getMessage().contains("`l1`"), e.getMessage());
  }
}
