package org.dropout4j.layers.merging;

import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Merge layers: values against direct formulas, shapes (including Keras' rank padding and broadcasting), errors at
 * graph construction, configs, and autodiff against finite differences ({@link GradientCheck}).
 */
class MergeLayersTest {
  private static final CallContext INFERENCE = CallContext.inference();

  private static Tensor call(Layer layer, Tensor... inputs) {
    return layer.call(List.of(inputs), INFERENCE);
  }

  private static void checkGradient(String label, Layer layer, Tensor... at) {
    GradientCheck.check(label, xs -> layer.call(List.of(xs), CallContext.training(org.dropout4j.random.RngKey.of(1),
        0)), at);
  }

  @Test
  void elementwise_merges_matchTheirFormulas() {
    Tensor a = Tensor.of(Shape.of(2, 2), 1f, -2f, 3f, 0.5f);
    Tensor b = Tensor.of(Shape.of(2, 2), 4f, 1f, -1f, 0.5f);
    Tensor c = Tensor.of(Shape.of(2, 2), 2f, 2f, 2f, 2f);
    assertArrayEquals(new float[] {7f, 1f, 4f, 3f}, call(new Add(), a, b, c).toArray());
    assertArrayEquals(new float[] {-3f, -3f, 4f, 0f}, call(new Subtract(), a, b).toArray());
    assertArrayEquals(new float[] {8f, -4f, -6f, 0.5f}, call(new Multiply(), a, b, c).toArray());
    assertArrayEquals(new float[] {7f / 3, 1f / 3, 4f / 3, 1f}, call(new Average(), a, b, c).toArray(), 1e-6f);
    assertArrayEquals(new float[] {4f, 2f, 3f, 2f}, call(new Maximum(), a, b, c).toArray());
    assertArrayEquals(new float[] {1f, -2f, -1f, 0.5f}, call(new Minimum(), a, b, c).toArray());
  }

  @Test
  void elementwise_merge_padsLowerRankAfterTheBatchAxisAndBroadcasts() {
    // Keras' Merge inserts size-1 axes after the batch axis: (2, 3) acts as (2, 1, 3) against (2, 2, 3)
    Tensor small = Tensor.of(Shape.of(2, 3), 1f, 2f, 3f, 4f, 5f, 6f);
    Tensor big = Tensor.of(Shape.of(2, 2, 3), new float[12]);
    Tensor out = call(new Add(), small, big);
    assertEquals(Shape.of(2, 2, 3), out.shape());
    assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, out.toArray());
    assertEquals(Shape.of(-1, 2, 3), new Add().computeOutputShape(List.of(Shape.of(-1, 3), Shape.of(-1, 2, 3))));
  }

  @Test
  void elementwise_merge_ofMismatchedShapes_failsAtGraphConstructionNamingLayerAndShapes() {
    KerasTensor a = Input.shape(4).output();
    KerasTensor b = Input.shape(5).output();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Add("sum").apply(a, b));
    assertTrue(e.getMessage().contains("\"sum\"") && e.getMessage().contains("(None, 4)")
        && e.getMessage().contains("(None, 5)"), e.getMessage());
  }

  @Test
  void subtract_ofThreeInputs_throwsNamingTheCount() {
    KerasTensor a = Input.shape(4).output();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Subtract().apply(a, a, a));
    assertTrue(e.getMessage().contains("exactly 2 inputs"), e.getMessage());
  }

  @Test
  void concatenate_joinsAlongAnyFeatureAxis() {
    Tensor a = Tensor.of(Shape.of(1, 2, 2), 1f, 2f, 3f, 4f);
    Tensor b = Tensor.of(Shape.of(1, 2, 1), 5f, 6f);
    assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, call(new Concatenate(), a, b).toArray());
    Tensor c = Tensor.of(Shape.of(1, 1, 2), 7f, 8f);
    Tensor out = call(new Concatenate(1, null), a, c);
    assertEquals(Shape.of(1, 3, 2), out.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 7, 8}, out.toArray());
    assertEquals(Shape.of(-1, 2, 3), new Concatenate().computeOutputShape(List.of(Shape.of(-1, 2, 2),
        Shape.of(-1, 2, 1))));
  }

  @Test
  void concatenate_ofMismatchedShapes_failsAtGraphConstruction() {
    KerasTensor a = Input.shape(2, 3).output();
    KerasTensor b = Input.shape(4, 3).output();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Concatenate(-1, "cat").apply(a, b));
    assertTrue(e.getMessage().contains("\"cat\"") && e.getMessage().contains("(None, 2, 3)")
        && e.getMessage().contains("(None, 4, 3)"), e.getMessage());
    assertEquals(Shape.of(-1, 6, 3), new Concatenate(1, null).apply(a, b).shape());
  }

  @Test
  void concatenate_onTheBatchAxis_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Concatenate(0, null));
    assertTrue(e.getMessage().contains("axis=0"), e.getMessage());
  }

  @Test
  void dot_ofVectors_givesOneColumn_andNormalizedGivesCosine() {
    Tensor a = Tensor.of(Shape.of(2, 2), 3f, 4f, 1f, 0f);
    Tensor b = Tensor.of(Shape.of(2, 2), 1f, 2f, 0f, 5f);
    Tensor dot = call(new Dot(1, false), a, b);
    assertEquals(Shape.of(2, 1), dot.shape());
    assertArrayEquals(new float[] {11f, 0f}, dot.toArray());
    Tensor cos = call(new Dot(-1, true), a, b);
    assertArrayEquals(new float[] {(float) (11 / (5 * Math.sqrt(5))), 0f}, cos.toArray(), 1e-6f);
  }

  @Test
  void dot_ofSequences_isBatchedMatrixProduct() {
    // (1, 2, 3) . (1, 4, 3) along axes 2 -> (1, 2, 4): out[i][j] = sum_k a[i][k] b[j][k]
    Tensor a = uniform(3, -1f, 1f, 1, 2, 3);
    Tensor b = uniform(4, -1f, 1f, 1, 4, 3);
    Tensor out = call(new Dot(2, false), a, b);
    assertEquals(Shape.of(1, 2, 4), out.shape());
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 4; j++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += a.get(0, i, k) * b.get(0, j, k);
        }
        assertEquals(s, out.get(0, i, j), 1e-6);
      }
    }
    // different axes per input: (1, 3, 2) . (1, 3, 4) along (1, 1) -> (1, 2, 4)
    assertEquals(Shape.of(-1, 2, 4), new Dot(new int[] {1, 1}, false, null).computeOutputShape(
        List.of(Shape.of(-1, 3, 2), Shape.of(-1, 3, 4))));
  }

  @Test
  void dot_ofMismatchedAxes_failsAtGraphConstructionWithBothShapes() {
    KerasTensor a = Input.shape(3).output();
    KerasTensor b = Input.shape(4).output();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dot(1, false).apply(a, b));
    assertTrue(e.getMessage().contains("3 (at axis 1) != 4 (at axis 1)") && e.getMessage().contains("(None, 3)")
        && e.getMessage().contains("(None, 4)"), e.getMessage());
  }

  @Test
  void every_merge_gradientMatchesFiniteDifferences() {
    Tensor a = uniform(11, -1f, 1f, 3, 4);
    Tensor b = uniform(12, -1f, 1f, 3, 4);
    Tensor c = uniform(13, -1f, 1f, 3, 1);
    checkGradient("add", new Add(), a, b, c);
    checkGradient("subtract", new Subtract(), a, c);
    checkGradient("multiply", new Multiply(), a, b, c);
    checkGradient("average", new Average(), a, b);
    // maximum / minimum have kinks where inputs tie: the step h must not cross one
    double gap = Double.POSITIVE_INFINITY;
    for (int i = 0; i < a.size(); i++) {
      gap = Math.min(gap, Math.abs(a.get(i) - b.get(i)));
    }
    assertTrue(gap > 2 * GradientCheck.H, "inputs too close to a tie for the check: " + gap);
    checkGradient("maximum", new Maximum(), a, b);
    checkGradient("minimum", new Minimum(), a, b);
    checkGradient("concatenate", new Concatenate(), a, c);
    checkGradient("concatenate axis 1", new Concatenate(1, null), uniform(5, -1f, 1f, 2, 2, 3),
        uniform(6, -1f, 1f, 2, 1, 3));
    checkGradient("dot", new Dot(1, false), a, b);
    checkGradient("dot normalized", new Dot(1, true), a, b);
    checkGradient("dot 3d", new Dot(new int[] {1, 2}, false, null), uniform(7, -1f, 1f, 2, 3, 2),
        uniform(8, -1f, 1f, 2, 4, 3));
  }

  @Test
  void configs_carryKerasKeys() {
    assertEquals(Map.of("name", "cat", "trainable", true, "dtype", "float32", "axis", 1),
        new Concatenate(1, "cat").getConfig());
    Map<String, Object> dot = new Dot(new int[] {1, 2}, true, "d").getConfig();
    assertEquals(List.of(1, 2), dot.get("axes"));
    assertEquals(true, dot.get("normalize"));
    assertEquals(-1, new Dot(-1, false).getConfig().get("axes"));
    assertEquals("Add", new Add().className());
  }
}
