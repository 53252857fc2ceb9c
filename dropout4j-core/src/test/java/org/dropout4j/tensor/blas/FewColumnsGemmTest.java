package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The few-columns path of the OpenBLAS kernel (many rows, one to four columns of C) against a double-precision
 * reference: every element within {@code 1e-6 * sum_p |a_ip b_pj|} (float rounding of a k-term sum, with slack),
 * with strided operands, offsets, beta 0 (C overwritten, NaN included) or not, on one thread and shared out among
 * threads; and the same bits whether the rows run on the caller's thread or in the pool.
 */
final class FewColumnsGemmTest {
  @ParameterizedTest(name = "m={0} n={1} k={2} beta={3}")
  @CsvSource({"30000, 1, 500, 0", "1000, 4, 512, 0.5", "7, 3, 3, 0", "513, 2, 1, -2", "2, 1, 9, 1"})
  void matches_the_double_precision_product(int m, int n, int k, float beta) {
    SplittableRandom r = new SplittableRandom(m * 1000L + n * 10L + k);
    int lda = k + 3;
    int ldb = n + 5;
    int ldc = n + 2;
    float[] a = random(r, 1 + m * lda);
    float[] b = random(r, 2 + k * ldb);
    float[] c = random(r, 3 + m * ldc);
    if (beta == 0f) {
      c[3] = Float.NaN;                                   // beta 0 overwrites, NaN included
    }
    float[] before = c.clone();
    float alpha = 0.75f;
    FewColumnsGemm.sgemm(m, n, k, alpha, a, 1, lda, b, 2, ldb, beta, c, 3, ldc);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        double abs = 0;
        for (int p = 0; p < k; p++) {
          double x = a[1 + i * lda + p];
          double y = b[2 + p * ldb + j];
          sum += x * y;
          abs += Math.abs(x * y);
        }
        double prev = beta == 0f ? 0 : before[3 + i * ldc + j];
        double want = alpha * sum + beta * prev;
        double tol = 1e-6 * (alpha * abs + Math.abs(beta * prev)) + 1e-30;
        assertEquals(want, c[3 + i * ldc + j], tol, "C[" + i + "," + j + "]");
      }
      for (int j = n; j < ldc && 3 + i * ldc + j < c.length; j++) {
        assertEquals(before[3 + i * ldc + j], c[3 + i * ldc + j], "padding of row " + i + " is untouched");
      }
    }
    assertEquals(before[0], c[0]);                        // nothing before C's offset is touched
  }

  @Test
  void rows_give_the_same_bits_alone_or_in_a_large_product() {
    SplittableRandom r = new SplittableRandom(5);
    int m = 4000;
    int k = 500;
    float[] a = random(r, m * k);
    float[] b = random(r, k);
    float[] all = new float[m];
    FewColumnsGemm.sgemm(m, 1, k, 1f, a, 0, k, b, 0, 1, 0f, all, 0, 1); // shared out among threads
    for (int i : new int[] {0, 1, 255, 256, 3999}) {
      float[] one = new float[1];
      FewColumnsGemm.sgemm(1, 1, k, 1f, a, i * k, k, b, 0, 1, 0f, one, 0, 1); // one row, caller's thread
      assertArrayEquals(new float[] {all[i]}, one, 0f, "row " + i);
    }
  }

  @Test
  void applies_only_to_a_few_untransposed_columns() {
    assertTrue(FewColumnsGemm.applies(false, false, 30000, 1, 500));
    assertTrue(FewColumnsGemm.applies(false, false, 8, FewColumnsGemm.MAX_COLUMNS, 8));
    assertFalse(FewColumnsGemm.applies(false, false, 8, FewColumnsGemm.MAX_COLUMNS + 1, 8));
    assertFalse(FewColumnsGemm.applies(true, false, 8, 1, 8));
    assertFalse(FewColumnsGemm.applies(false, true, 8, 1, 8));
  }

  private static float[] random(SplittableRandom r, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }
}
