package org.dropout4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link FlatLoss}: the same value and gradient as the autodiff formula of the loss, clipped edges included. */
class FlatLossTest {
  /** Predictions at and beyond the clip edges (0, 1, 1e-9), and ordinary ones; targets 0, 1 and soft. */
  private static final float[] PRED = {0f, 1f, 1e-9f, 0.3f, 0.9f, 0.5f, 0.999f, 0.02f, 0.7f};
  private static final float[] TRUE = {0f, 1f, 1f, 0f, 1f, 0.25f, 0f, 1f, 1f};

  private static void assertMatchesGraph(Loss loss, int cols) {
    FlatLoss flat = loss.flat();
    assertNotNull(flat, loss.name());
    Shape shape = Shape.of(PRED.length / cols, cols);
    Tensor p = Tensor.variable(shape, PRED);
    Tensor graph = loss.call(Tensor.of(shape, TRUE), p);
    graph.backward();
    float[] expected = p.grad().toArray();
    float[] grad = new float[PRED.length];
    double value = flat.compute(TRUE, PRED, cols, grad);
    assertEquals(graph.item(), value, 1e-6 * Math.max(1, Math.abs(value)), loss.name() + " value");
    for (int i = 0; i < grad.length; i++) {
      assertEquals(expected[i], grad[i], 1e-5f * Math.max(1f, Math.abs(expected[i])), loss.name() + " d/dp[" + i + "]");
    }
  }

  @Test
  void binaryCrossentropy_matchesTheGraph_inOneAndThreeColumns() {
    assertMatchesGraph(Losses.binaryCrossentropy(false), 1);
    assertMatchesGraph(Losses.binaryCrossentropy(false), 3);
  }

  @Test
  void binaryCrossentropy_gradientIsZeroWhereTheClipIsActive() {
    float[] grad = new float[PRED.length];
    Losses.binaryCrossentropy(false).flat().compute(TRUE, PRED, 1, grad);
    assertEquals(0f, grad[0]);
    assertEquals(0f, grad[1]);
    assertEquals(0f, grad[2]);
    assertTrue(grad[3] != 0f);
  }

  @Test
  void meanSquaredError_matchesTheGraph() {
    assertMatchesGraph(Losses.meanSquaredError(), 1);
    assertMatchesGraph(Losses.meanSquaredError(), 3);
  }

  @Test
  void lossesWithoutAFlatForm_sayNull() {
    assertNull(Losses.binaryCrossentropy(true).flat());
    assertNull(Losses.categoricalCrossentropy(false).flat());
  }

  @Test
  void mismatchedLengths_throwNamingBoth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.meanSquaredError().flat().compute(new float[3], new float[4], 1, null));
    assertTrue(e.getMessage().contains("3 targets for 4 predictions"), e.getMessage());
  }
}
