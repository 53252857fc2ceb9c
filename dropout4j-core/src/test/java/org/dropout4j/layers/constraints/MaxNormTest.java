package org.dropout4j.layers.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.tensor.Shape;
import org.junit.jupiter.api.Test;

/** {@link MaxNorm}: column norms of a (in, units) kernel with the default axis 0. */
class MaxNormTest {

  private static double columnNorm(float[] w, int rows, int cols, int c) {
    double s = 0;
    for (int r = 0; r < rows; r++) {
      s += (double) w[r * cols + c] * w[r * cols + c];
    }
    return Math.sqrt(s);
  }

  @Test
  void largeColumn_isScaledToTheMaxNorm_andSmallColumnIsUnchanged() {
    // (3, 2) kernel: column 0 = (3, 4, 0) with norm 5, column 1 = (0.1, 0.2, 0.3) with norm 0.37
    float[] w = {3f, 0.1f, 4f, 0.2f, 0f, 0.3f};
    new MaxNorm(2f, 0).apply(w, Shape.of(3, 2));
    assertEquals(2.0, columnNorm(w, 3, 2, 0), 1e-6);
    assertEquals(1.2, w[0], 1e-6); // direction kept: 3 * 2/5
    assertEquals(1.6, w[2], 1e-6);
    assertEquals(0.1f, w[1], 1e-6);
    assertEquals(0.2f, w[3], 1e-6);
    assertEquals(0.3f, w[5], 1e-6);
  }

  @Test
  void everyColumn_endsWithNormAtMostTheMax() {
    float[] w = new float[20 * 10];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.sin(i * 1.7) * (i % 3);
    }
    new MaxNorm(1.5f).apply(w, Shape.of(20, 10));
    for (int c = 0; c < 10; c++) {
      assertTrue(columnNorm(w, 20, 10, c) <= 1.5 + 1e-6, "column " + c);
    }
  }

  @Test
  void maxValueNotPositive_throwsNamingMaxValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaxNorm(0f));
    assertTrue(e.getMessage().contains("`max_value`"), e.getMessage());
  }
}
