package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A {@link PreparedMatrix} product gives the bits of {@link Blas#gemm()} on the same arguments, for the few-row
 * products it computes on B's prepared rows (1 to 4 rows, a depth that is not a multiple of 4, beta 0 with NaN in C
 * or 1) and for the larger ones it hands to {@code Blas.gemm()}; its prepared rows follow the values when the
 * version changes, and only then; and where the kernel computes a product row by row, ranges of its rows multiplied
 * alone ({@code multiplyRows}) give the whole product's bits.
 */
final class PreparedMatrixTest {
  private static float[] random(SplittableRandom r, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }

  @ParameterizedTest(name = "m={0} n={1} k={2} beta={3}")
  @CsvSource({"1, 512, 784, 0", "1, 10, 513, 1", "2, 33, 17, 1", "3, 7, 2, 0", "4, 64, 131, 1", "5, 40, 30, 1",
      "64, 96, 200, 0"})
  void products_give_the_bits_of_the_selected_kernel(int m, int n, int k, float beta) {
    SplittableRandom r = new SplittableRandom(m * 1000L + n * 10L + k);
    float[] a = random(r, m * (k + 3));
    float[] b = random(r, k * n);
    float[] c = random(r, m * n);
    if (beta == 0f) {
      c[0] = Float.NaN; // beta 0 overwrites C, NaN included
    }
    float[] expected = c.clone();
    Blas.gemm().sgemm(false, false, m, n, k, 1f, a, 1, k + 3, b, 0, n, beta, expected, 0, n);
    PreparedMatrix prepared = new PreparedMatrix(b, k, n);
    float[] got = c.clone();
    prepared.multiply(m, a, 1, k + 3, beta, got, 0, n, 0L, prepared.newScratch());
    assertArrayEquals(expected, got);
  }

  @Test
  void prepared_rows_follow_the_values_when_the_version_changes_and_only_then() {
    SplittableRandom r = new SplittableRandom(3);
    int k = 37;
    int n = 21;
    float[] a = random(r, k);
    float[] b = random(r, k * n);
    PreparedMatrix prepared = new PreparedMatrix(b, k, n);
    float[][] scratch = prepared.newScratch();
    float[] first = new float[n];
    prepared.multiply(1, a, 0, k, 0f, first, 0, n, 1L, scratch);
    Arrays.fill(b, 0.5f);
    float[] sameVersion = new float[n];
    prepared.multiply(1, a, 0, k, 0f, sameVersion, 0, n, 1L, scratch);
    float[] newVersion = new float[n];
    prepared.multiply(1, a, 0, k, 0f, newVersion, 0, n, 2L, scratch);
    float[] expected = new float[n];
    Blas.gemm().sgemm(false, false, 1, n, k, 1f, a, 0, k, b, 0, n, 0f, expected, 0, n);
    assertArrayEquals(expected, newVersion, "version 2 reads the new values");
    assertFalse(Arrays.equals(expected, first));
    if (Blas.gemm() instanceof AutoGemm || Blas.gemm() instanceof OpenBlasGemm) {
      assertArrayEquals(first, sameVersion, "the same version keeps the rows it prepared");
    }
  }

  @ParameterizedTest(name = "m={0}")
  @CsvSource({"1", "4", "5", "64"})
  void products_on_kept_operands_give_the_bits_of_the_selected_kernel_and_follow_the_version(int m) {
    SplittableRandom r = new SplittableRandom(40 + m);
    int k = 300;
    int n = 200;
    float[] a = random(r, m * k + 50); // longer than the product reads, as a buffer sized for a larger batch
    float[] b = random(r, k * n);
    long[] version = {1};
    MirroredOperand kept = new MirroredOperand(b, () -> version[0]);
    MirroredOperand rows = new MirroredOperand(a);
    PreparedMatrix prepared = new PreparedMatrix(b, k, n);
    float[][] scratch = prepared.newScratch();
    for (int round = 0; round < 2; round++) {
      float[] expected = new float[m * n];
      Blas.gemm().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, expected, 0, n);
      float[] got = new float[m * n];
      prepared.multiply(m, rows, kept, 0f, got, 0, n, version[0], scratch);
      assertArrayEquals(expected, got, "round " + round);
      Arrays.fill(b, 0, n, 0.25f); // a weight written in place: its version moves
      version[0]++;
    }
    assertThrows(IllegalArgumentException.class, () -> prepared.multiply(m, rows, new MirroredOperand(b.clone()), 0f,
        new float[m * n], 0, n, version[0], scratch));
  }

  @ParameterizedTest(name = "n={0}")
  @CsvSource({"160", "10"})
  void row_ranges_multiplied_alone_have_the_bits_of_the_whole_product(int n) {
    int m = 700;
    int k = 160;
    SplittableRandom r = new SplittableRandom(n);
    float[] a = random(r, m * k);
    float[] b = random(r, k * n);
    float[] bias = random(r, m * n);
    PreparedMatrix prepared = new PreparedMatrix(b, k, n);
    assumeTrue(prepared.multipliesRowsAlone(m), "the selected kernel computes 700-row products row by row");
    for (float beta : new float[] {0f, 1f}) {
      float[] whole = bias.clone();
      prepared.multiply(m, new MirroredOperand(a), new MirroredOperand(b), beta, whole, 0, n, 0L,
          prepared.newScratch());
      float[] byRanges = bias.clone();
      for (int r0 = 0; r0 < m; r0 += 192) { // ranges cut across the kernel's 12-row blocks
        int rows = Math.min(192, m - r0);
        float[] aRows = Arrays.copyOfRange(a, r0 * k, (r0 + rows) * k);
        float[] cRows = Arrays.copyOfRange(byRanges, r0 * n, (r0 + rows) * n);
        prepared.multiplyRows(m, rows, aRows, 0, beta, cRows, 0);
        System.arraycopy(cRows, 0, byRanges, r0 * n, rows * n);
      }
      assertArrayEquals(whole, byRanges, "beta " + beta);
    }
  }

  @Test
  void rows_of_a_product_not_computed_row_by_row_are_refused() {
    PreparedMatrix prepared = new PreparedMatrix(new float[160 * 4], 160, 4); // four columns: never the row kernel
    assertFalse(prepared.multipliesRowsAlone(3));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> prepared.multiplyRows(3, 3, new float[3 * 160], 0, 0f, new float[3 * 4], 0));
    assertTrue(e.getMessage().contains("3 x 4 x 160"), e.getMessage());
  }

  @Test
  void a_source_of_the_wrong_size_is_refused_with_both_sizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PreparedMatrix(new float[10], 3, 4));
    assertTrue(e.getMessage().contains("k=3, n=4 and 10 values"), e.getMessage());
  }
}
