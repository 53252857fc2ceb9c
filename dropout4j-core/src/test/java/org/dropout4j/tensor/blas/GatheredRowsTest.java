package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Products over some rows of B ({@code sgemmGatheredOnThisThread}, {@link PreparedMatrix#multiplyRowsGathered}):
 * where A is zero (+0 or -0) in the columns left out and B is finite, they give the full product's bits once a C
 * that is not -0 is added with beta 1, for full and partial 12-row blocks, full, partial and narrow column panels,
 * all columns kept and none; a zero sum may carry the other sign before that (why callers need a bias without -0);
 * and depth lists that are not strictly ascending are refused.
 */
final class GatheredRowsTest {
  @BeforeEach
  void vectorKernel() {
    assumeTrue(VectorKernel.available(), () -> "Vector API kernel not available: " + VectorKernel.unavailableReason());
  }

  /** Values in [-1, 1), a quarter of the bias values +0. */
  private static float[] random(SplittableRandom r, int size, boolean someZeros) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = someZeros && i % 4 == 0 ? 0f : (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }

  @ParameterizedTest(name = "m={0} n={1} k={2} kept={3}")
  @CsvSource({"100, 512, 512, 0.5", "13, 40, 30, 0.3", "7, 10, 50, 0.8", "12, 64, 20, 1", "5, 33, 20, 0",
      "25, 96, 1100, 0.6"})
  void products_over_the_nonzero_columns_give_the_bits_of_the_full_rows(int m, int n, int k, double kept) {
    SplittableRandom r = new SplittableRandom(m * 7919L + n * 31L + k);
    int[] depth = new int[k];
    int kk = 0;
    for (int p = 0; p < k; p++) {
      if (r.nextDouble() < kept) {
        depth[kk++] = p;
      }
    }
    float[] full = random(r, m * k, false);
    float[] compact = new float[m * Math.max(1, kk)];
    boolean[] keep = new boolean[k];
    for (int c = 0; c < kk; c++) {
      keep[depth[c]] = true;
    }
    for (int i = 0; i < m; i++) {
      for (int p = 0, c = 0; p < k; p++) {
        if (keep[p]) {
          compact[i * kk + c++] = full[i * k + p];
        } else {
          full[i * k + p] = p % 2 == 0 ? 0f : -0f; // both zeros make zero terms
        }
      }
    }
    float[] b = random(r, k * n, false);
    float[] bias = random(r, m * n, true);
    VectorGemm g = new VectorGemm();
    float[] expected = bias.clone();
    g.sgemmOnThisThread(m, n, k, 1f, full, 0, k, b, 0, n, 1f, expected, 0, n);
    float[] got = bias.clone();
    g.sgemmGatheredOnThisThread(m, n, kk, compact, 0, Math.max(1, kk), depth, b, 0, n, 1f, got, 0, n);
    assertArrayEquals(expected, got);
  }

  @Test
  void prepared_rows_over_the_nonzero_columns_give_the_bits_of_multiply_rows() {
    int m = 100;
    int n = 512;
    int k = 512;
    SplittableRandom r = new SplittableRandom(18);
    float[] b = random(r, k * n, false);
    PreparedMatrix prepared = new PreparedMatrix(b, k, n);
    assumeTrue(prepared.multipliesRowsAlone(m), "the selected kernel computes 100 x 512 x 512 row by row");
    assertTrue(prepared.finite());
    int[] depth = new int[k];
    int kk = 0;
    for (int p = 0; p < k; p += 1 + p % 3) {
      depth[kk++] = p;
    }
    float[] full = new float[m * k];
    float[] compact = random(r, m * kk, false);
    for (int i = 0; i < m; i++) {
      for (int c = 0; c < kk; c++) {
        full[i * k + depth[c]] = compact[i * kk + c];
      }
    }
    float[] bias = random(r, m * n, true);
    float[] expected = bias.clone();
    prepared.multiplyRows(m, m, full, 0, 1f, expected, 0);
    float[] got = bias.clone();
    prepared.multiplyRowsGathered(m, m, compact, 0, depth, kk, 1f, got, 0);
    assertArrayEquals(expected, got);
  }

  @Test
  void a_zero_sum_may_carry_the_other_sign_until_a_c_that_is_not_minus_zero_is_added() {
    // full chain: fma(1e-20, -1e-30, +0) rounds to -0, then the zero term fma(0, 1, -0) gives +0; skipping it keeps -0
    int n = 32;
    float[] b = new float[2 * n];
    Arrays.fill(b, 0, n, -1e-30f);
    Arrays.fill(b, n, 2 * n, 1f);
    float[] full = {1e-20f, 0f};
    float[] compact = {1e-20f};
    int[] depth = {0};
    VectorGemm g = new VectorGemm();
    for (float c : new float[] {0f, -0f, 0.5f}) {
      for (float beta : new float[] {0f, 1f}) {
        float[] expected = new float[n];
        float[] got = new float[n];
        Arrays.fill(expected, c);
        Arrays.fill(got, c);
        g.sgemmOnThisThread(1, n, 2, 1f, full, 0, 2, b, 0, n, beta, expected, 0, n);
        g.sgemmGatheredOnThisThread(1, n, 1, compact, 0, 1, depth, b, 0, n, beta, got, 0, n);
        boolean minusZeroAdded = beta == 0f || Float.floatToRawIntBits(c) == Float.floatToRawIntBits(-0f);
        assertEquals(!minusZeroAdded, Arrays.equals(expected, got), "C=" + c + " beta=" + beta);
      }
    }
  }

  @Test
  void depth_lists_that_are_not_strictly_ascending_are_refused() {
    VectorGemm g = new VectorGemm();
    float[] b = new float[4 * 8];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.sgemmGatheredOnThisThread(1, 8, 2, new float[2], 0, 2, new int[] {2, 2}, b, 0, 8, 0f, new float[8],
            0, 8));
    assertTrue(e.getMessage().contains("depth[1]=2 after 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> g.sgemmGatheredOnThisThread(1, 8, 2, new float[2], 0, 2, new int[] {1, 4}, b, 0, 8, 0f, new float[8],
            0, 8));
    assertTrue(e.getMessage().contains("row 4 of b"), e.getMessage());
  }

  @Test
  void a_kernel_with_an_infinite_or_nan_value_is_not_finite() {
    float[] b = new float[6];
    assertTrue(new PreparedMatrix(b, 2, 3).finite());
    b[4] = Float.POSITIVE_INFINITY;
    assertFalse(new PreparedMatrix(b, 2, 3).finite());
    b[4] = Float.NaN;
    assertFalse(new PreparedMatrix(b, 2, 3).finite());
  }
}
