package org.dropout4j.layers.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.junit.jupiter.api.Test;

/** {@code orthogonal} (Q of a QR factorization) and {@code random_uniform} / {@code uniform}. */
class OrthogonalAndUniformTest {

  /** max |W^T W - I| (rows >= cols) or |W W^T - I| (rows < cols). */
  private static double orthogonalityError(float[] w, int rows, int cols) {
    boolean tall = rows >= cols;
    int m = tall ? cols : rows;
    double max = 0;
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < m; b++) {
        double dot = 0;
        for (int k = 0; k < (tall ? rows : cols); k++) {
          dot += tall ? (double) w[k * cols + a] * w[k * cols + b] : (double) w[a * cols + k] * w[b * cols + k];
        }
        max = Math.max(max, Math.abs(dot - (a == b ? 1 : 0)));
      }
    }
    return max;
  }

  @Test
  void orthogonal_square_hasOrthonormalColumns() {
    float[] w = Initializers.get("orthogonal").create(Shape.of(16, 16), RngKey.of(1)).toArray();
    assertTrue(orthogonalityError(w, 16, 16) < 1e-6, "error " + orthogonalityError(w, 16, 16));
  }

  @Test
  void orthogonal_recurrentKernelShape_hasOrthonormalRows() {
    // a recurrent kernel (units, 4 * units): rows < cols, so the rows are orthonormal
    float[] w = Initializers.get("orthogonal").create(Shape.of(5, 20), RngKey.of(2)).toArray();
    assertTrue(orthogonalityError(w, 5, 20) < 1e-6, "error " + orthogonalityError(w, 5, 20));
  }

  @Test
  void orthogonal_tall_hasOrthonormalColumns() {
    float[] w = Initializers.get("orthogonal").create(Shape.of(20, 6), RngKey.of(3)).toArray();
    assertTrue(orthogonalityError(w, 20, 6) < 1e-6, "error " + orthogonalityError(w, 20, 6));
  }

  @Test
  void orthogonal_dependsOnTheKey() {
    Initializer o = Initializers.get("orthogonal");
    assertNotEquals(o.create(Shape.of(4, 4), RngKey.of(1)).get(0), o.create(Shape.of(4, 4), RngKey.of(2)).get(0));
  }

  @Test
  void orthogonal_vector_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Initializers.get("orthogonal").create(Shape.of(4), RngKey.of(1)));
    assertTrue(e.getMessage().contains("at least two-dimensional"), e.getMessage());
  }

  @Test
  void orthogonal_configIsKeras() {
    Initializer o = Initializers.get("orthogonal");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("seed", null);
    expected.put("gain", 1.0);
    assertEquals("Orthogonal", o.className());
    assertEquals(expected, o.getConfig());
  }

  @Test
  void uniform_valuesWithinKerasDefaultRange_andBothSignsOccur() {
    float[] v = Initializers.get("uniform").create(Shape.of(50, 40), RngKey.of(4)).toArray();
    int negative = 0;
    for (float x : v) {
      assertTrue(x >= -0.05f && x < 0.05f, "value " + x);
      negative += x < 0 ? 1 : 0;
    }
    // 2000 fair coin flips: 4 standard deviations is +-89
    assertEquals(1000, negative, 89);
    Initializer u = Initializers.get("random_uniform");
    assertEquals("RandomUniform", u.className());
    assertEquals("{seed=null, minval=-0.05, maxval=0.05}", u.getConfig().toString());
  }
}
