package org.dropout4j.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link SoftmaxLoss}, the form fused training paths use for a softmax output layer: its value and
 * {@code d loss / d logits} equal the autodiff graph of {@code Ops.softmax} then {@link Loss#call} to the bit
 * (including rows where the probabilities are clipped), and its gradient agrees with central finite differences
 * of its own value.
 */
class SoftmaxLossTest {
  private static final int ROWS = 6;
  private static final int CLASSES = 10;

  /** Logits of {@code ROWS x CLASSES}; rows 4 and 5 are so spread that softmax gives probabilities below 1e-7. */
  private static float[] logits(float spread) {
    float[] z = GradientCheck.uniform(71, -spread, spread, ROWS, CLASSES).toArray();
    for (int j = 0; j < CLASSES; j++) {
      z[4 * CLASSES + j] = j * 4f - 20f;  // class 0 at about e^-36 of class 9: clipped, not the target
      z[5 * CLASSES + j] = 30f - j * 5f;  // class 0 takes it all; the target below (class 7) is clipped
    }
    return z;
  }

  private static final float[] LABELS = {3, 0, 9, 5, 9, 7};

  /** The losses with a softmax form and their targets for {@code rows} rows: class ids or one-hot rows. */
  private static Object[][] losses(int rows) {
    float[] oneHot = new float[rows * CLASSES];
    float[] ids = new float[rows];
    for (int r = 0; r < rows; r++) {
      ids[r] = r < LABELS.length ? LABELS[r] : (r * 7) % CLASSES;
      oneHot[r * CLASSES + (int) ids[r]] = 1f;
    }
    return new Object[][] {
        {"sparse", Losses.sparseCategoricalCrossentropy(false), ids},
        {"sparse from logits", Losses.sparseCategoricalCrossentropy(true), ids},
        {"categorical", Losses.categoricalCrossentropy(false), oneHot},
        {"categorical, label smoothing 0.1", Losses.categoricalCrossentropy(false, 0.1f), oneHot},
        {"categorical from logits, label smoothing 0.2", Losses.categoricalCrossentropy(true, 0.2f), oneHot}};
  }

  /** The loss's value and d loss / d logits through the autodiff graph. */
  private static float graph(Loss loss, float[] y, float[] z, int rows, float[] dLogits) {
    Tensor logits = Tensor.variable(Shape.of(rows, CLASSES), Arrays.copyOf(z, rows * CLASSES));
    Shape targets = y.length == rows ? Shape.of(rows) : Shape.of(rows, CLASSES);
    Tensor total = loss.call(Tensor.of(targets, y), Ops.softmax(logits));
    total.backward();
    System.arraycopy(logits.grad().toArray(), 0, dLogits, 0, rows * CLASSES);
    return total.item();
  }

  private static float fused(Loss loss, float[] y, float[] z, int rows, float[] dLogits) {
    float[] p = Arrays.copyOf(z, rows * CLASSES);
    Ops.softmaxRowsInPlace(p, 0, rows, CLASSES);
    return loss.softmaxForm().compute(y, p, CLASSES, rows, dLogits);
  }

  @Test
  void valueAndGradient_equalTheGraphToTheBit_clippedRowsIncluded() {
    for (int rows : new int[] {ROWS, 1}) { // one row: the categorical loss's row sums go back in double
      for (Object[] c : losses(rows)) {
        Loss loss = (Loss) c[1];
        float[] y = (float[]) c[2];
        float[] z = logits(3f);
        float[] expected = new float[rows * CLASSES];
        float value = graph(loss, y, z, rows, expected);
        float[] actual = new float[rows * CLASSES];
        assertEquals(value, fused(loss, y, z, rows, actual), 0f, c[0] + ", " + rows + " rows: loss");
        assertArrayEquals(expected, actual, 0f, c[0] + ", " + rows + " rows: d loss / d logits");
      }
    }
  }

  @Test
  void valueAndGradient_ofTheMlpsBatch_equalTheGraphToTheBit() {
    int rows = 128; // the mlp preset's batch: the double sum of the loss over many rows, in row order
    float[] z = GradientCheck.uniform(73, -8f, 8f, rows, CLASSES).toArray(); // some probabilities clipped
    for (Object[] c : losses(rows)) {
      Loss loss = (Loss) c[1];
      float[] y = (float[]) c[2];
      float[] expected = new float[rows * CLASSES];
      float value = graph(loss, y, z, rows, expected);
      float[] actual = new float[rows * CLASSES];
      assertEquals(value, fused(loss, y, z, rows, actual), 0f, c[0] + ": loss");
      assertArrayEquals(expected, actual, 0f, c[0] + ": d loss / d logits");
    }
  }

  @Test
  void clippedTarget_getsNoGradient_asTheGraphSays() {
    for (Object[] c : losses(ROWS)) {
      if (c[0].toString().contains("logits") || c[0].toString().contains("smoothing")) {
        continue;
      }
      float[] d = new float[ROWS * CLASSES];
      fused((Loss) c[1], (float[]) c[2], logits(3f), ROWS, d);
      // row 5: p[7] = e^-35 / ... < 1e-7 is clipped, so the loss does not move with the logits (Keras' clip)
      for (int j = 0; j < CLASSES; j++) {
        assertTrue(Math.abs(d[5 * CLASSES + j]) < 1e-6f, c[0] + ": row 5, class " + j + ": " + d[5 * CLASSES + j]);
      }
      assertTrue(d[3] < -0.1f / ROWS, c[0] + ": an unclipped target pulls its logit up: " + d[3]);
    }
  }

  @Test
  void gradient_matchesCentralFiniteDifferences() {
    for (Object[] c : losses(ROWS)) {
      Loss loss = (Loss) c[1];
      float[] y = (float[]) c[2];
      float[] z = GradientCheck.uniform(72, -2f, 2f, ROWS, CLASSES).toArray(); // nothing clipped
      float[] d = new float[z.length];
      fused(loss, y, z, ROWS, d);
      float h = 1e-2f;
      float[] scratch = new float[z.length];
      for (int i = 0; i < z.length; i++) {
        float[] up = z.clone();
        float[] down = z.clone();
        up[i] += h;
        down[i] -= h;
        double numeric = ((double) fused(loss, y, up, ROWS, scratch) - fused(loss, y, down, ROWS, scratch))
            / (up[i] - down[i]);
        assertEquals(numeric, d[i], 2e-4, c[0] + ": d loss / d logit " + i);
      }
    }
  }

  @Test
  void sparse_targetThatIsNoClassId_throwsNamingTheSample() {
    SoftmaxLoss loss = Losses.sparseCategoricalCrossentropy(false).softmaxForm();
    float[] p = new float[2 * 3];
    Arrays.fill(p, 1f / 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loss.compute(new float[] {1, 3}, p, 3, 2, new float[6]));
    assertEquals("sparse_categorical_crossentropy: target 3.0 of sample 1 is not a class id in [0, 3)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> loss.compute(new float[] {1}, p, 3, 2, new float[6]));
    assertTrue(e.getMessage().contains("expected one class id per sample (2)"), e.getMessage());
  }

  @Test
  void categorical_targetsOfAnotherShape_throw() {
    SoftmaxLoss loss = Losses.categoricalCrossentropy(false).softmaxForm();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loss.compute(new float[] {0, 1, 0}, new float[6], 3, 2, new float[6]));
    assertTrue(e.getMessage().startsWith("categorical_crossentropy: 3 target values do not match predictions of "
        + "shape (2, 3)"), e.getMessage());
  }

  @Test
  void softmaxForm_onlyForTheMeanReductionsOfTheCrossEntropies() {
    assertNotNull(Losses.sparseCategoricalCrossentropy(false).withReduction(Reduction.MEAN).softmaxForm());
    assertNotNull(Losses.get("categorical_crossentropy").softmaxForm());
    assertNull(Losses.categoricalCrossentropy(false).withReduction(Reduction.SUM).softmaxForm());
    assertNull(Losses.sparseCategoricalCrossentropy(false).withReduction(Reduction.SUM).softmaxForm());
    assertNull(Losses.sparseCategoricalCrossentropy(false).withReduction(Reduction.NONE).softmaxForm());
    assertNull(Losses.get("mse").softmaxForm());
    assertNull(Losses.get("binary_crossentropy").softmaxForm());
  }
}
