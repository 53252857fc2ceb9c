package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link DataChecks#requireFinite(Tensor, String)} on tensors large enough for its parallel scan: a clean tensor
 * passes, and with bad values in several chunks the first one in flat order is named, whichever task finds which.
 */
class DataChecksTest {
  private static final int ROWS = 2200;
  private static final int COLS = 1000;

  private static float[] values() {
    assertTrue((long) ROWS * COLS > 2L * DataChecks.FINITE_CHUNK, "the tensor spans more than two chunks");
    float[] v = new float[ROWS * COLS];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 255) / 255f;
    }
    return v;
  }

  @Test
  void largeFiniteTensor_passes() {
    assertDoesNotThrow(() -> DataChecks.requireFinite(Tensor.of(Shape.of(ROWS, COLS), values()), "x"));
  }

  @Test
  void largeTensor_badValuesInSeveralChunks_namesTheFirstInFlatOrder() {
    float[] v = values();
    v[DataChecks.FINITE_CHUNK * 2 + 7] = Float.NaN; // a later chunk, found by another task
    v[DataChecks.FINITE_CHUNK + 3 * COLS + 1] = Float.NEGATIVE_INFINITY; // the first in flat order
    v[v.length - 1] = Float.POSITIVE_INFINITY;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataChecks.requireFinite(Tensor.of(Shape.of(ROWS, COLS), v), "x"));
    int first = DataChecks.FINITE_CHUNK + 3 * COLS + 1;
    String expected = "x contains -Infinity at sample " + first / COLS + ", element " + first % COLS + " (flat index "
        + first + " of shape ";
    assertTrue(e.getMessage().startsWith(expected), () -> "message: " + e.getMessage());
  }
}
