package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link RowKernels#dot}: the folded sum against a double-precision reference, short, padded and long vectors. */
class RowKernelsTest {
  @Test
  void dot_matchesADoubleReference_forEveryLengthClass() {
    SplittableRandom rnd = new SplittableRandom(3);
    // 1 and 15 pad to 16; 16 fills it; 17 and 500 pad to a larger power of two; 8192 fills the largest scratch;
    // 8193 and 20000 are summed in 8192-long pieces
    for (int n : new int[] {1, 15, 16, 17, 500, 8192, 8193, 20000}) {
      float[] a = new float[n];
      float[] b = new float[n];
      double reference = 0;
      double magnitude = 0;
      for (int j = 0; j < n; j++) {
        a[j] = (float) rnd.nextDouble(-1, 1);
        b[j] = (float) rnd.nextDouble(-1, 1);
        reference += (double) a[j] * b[j];
        magnitude += Math.abs((double) a[j] * b[j]);
      }
      float[] scratch = new float[RowKernels.dotScratchLength(n)];
      assertTrue(scratch.length >= Math.min(n, RowKernels.MAX_FOLD) && Integer.bitCount(scratch.length) == 1,
          "scratch of " + scratch.length + " for n=" + n);
      assertEquals(reference, RowKernels.dot(a, b, scratch), 1e-6 * magnitude + 1e-7, "n=" + n);
    }
  }

  @Test
  void dot_ignoresWhatAnEarlierLongerCallLeftInTheScratch() {
    float[] scratch = new float[RowKernels.dotScratchLength(500)];
    java.util.Arrays.fill(scratch, 1e6f);
    float[] a = {1, 2, 3};
    float[] b = {4, 5, 6};
    assertEquals(32f, RowKernels.dot(a, b, scratch));
  }
}
