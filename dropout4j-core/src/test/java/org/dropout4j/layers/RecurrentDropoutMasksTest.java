package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link RecurrentDropoutMasks}: one mask per sequence, reused at every timestep; fraction and scaling. */
class RecurrentDropoutMasksTest {
  private static final int BATCH = 400;
  private static final int TIME = 10;
  private static final int FEATURES = 250;

  @Test
  void appliedToASequence_theMaskIsConstantAcrossTimesteps() {
    Tensor mask = RecurrentDropoutMasks.mask(BATCH, FEATURES, 0.3f, RngKey.of(1));
    float[] out = RecurrentDropoutMasks.applyToSequence(Tensor.full(Shape.of(BATCH, TIME, FEATURES), 1f), mask)
        .toArray();
    for (int b = 0; b < BATCH; b++) {
      float[] first = Arrays.copyOfRange(out, b * TIME * FEATURES, (b * TIME + 1) * FEATURES);
      for (int t = 1; t < TIME; t++) {
        int from = (b * TIME + t) * FEATURES;
        assertTrue(Arrays.equals(first, Arrays.copyOfRange(out, from, from + FEATURES)),
            "sequence " + b + ", timestep " + t);
      }
    }
  }

  @Test
  void sequencesOfABatch_getDifferentMasks() {
    float[] m = RecurrentDropoutMasks.mask(BATCH, FEATURES, 0.3f, RngKey.of(2)).toArray();
    assertFalse(Arrays.equals(Arrays.copyOfRange(m, 0, FEATURES), Arrays.copyOfRange(m, FEATURES, 2 * FEATURES)));
  }

  @Test
  void droppedFraction_isWithinFourSigmaOfRate_andKeptEntriesAreScaled() {
    float rate = 0.3f;
    float[] m = RecurrentDropoutMasks.mask(BATCH, FEATURES, rate, RngKey.of(3)).toArray();
    int zeros = 0;
    for (float v : m) {
      if (v == 0f) {
        zeros++;
      } else {
        assertEquals(1f / (1f - rate), v, 0f);
      }
    }
    double sigma = Math.sqrt(rate * (1 - rate) / m.length);
    assertEquals(rate, zeros / (double) m.length, 4 * sigma);
  }

  @Test
  void inputAndRecurrentMasks_haveTheirShapesAndRates_andAreIndependent() {
    RecurrentDropoutMasks masks = RecurrentDropoutMasks.of(BATCH, FEATURES, FEATURES, 0.2f, 0.5f, RngKey.of(4));
    assertEquals(Shape.of(BATCH, FEATURES), masks.input().shape());
    assertEquals(Shape.of(BATCH, FEATURES), masks.recurrent().shape());
    assertFalse(Arrays.equals(masks.input().toArray(), masks.recurrent().toArray()));
    double n = BATCH * FEATURES;
    assertEquals(0.2, zeros(masks.input()) / n, 4 * Math.sqrt(0.2 * 0.8 / n));
    assertEquals(0.5, zeros(masks.recurrent()) / n, 4 * Math.sqrt(0.25 / n));
  }

  @Test
  void sameKey_sameMasks() {
    assertEquals(RecurrentDropoutMasks.mask(3, 4, 0.5f, RngKey.of(5)).toString(),
        RecurrentDropoutMasks.mask(3, 4, 0.5f, RngKey.of(5)).toString());
  }

  @Test
  void badArguments_throw() {
    assertThrows(IllegalArgumentException.class, () -> RecurrentDropoutMasks.mask(2, 3, 1f, RngKey.of(0)));
    assertThrows(IllegalArgumentException.class, () -> RecurrentDropoutMasks.mask(0, 3, 0.5f, RngKey.of(0)));
    assertThrows(IllegalArgumentException.class, () -> RecurrentDropoutMasks.applyToSequence(
        Tensor.zeros(Shape.of(2, 3, 4)), Tensor.zeros(Shape.of(2, 3))));
  }

  private static int zeros(Tensor t) {
    int z = 0;
    for (float v : t.toArray()) {
      z += v == 0f ? 1 : 0;
    }
    return z;
  }
}
