package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The few-rows path of the OpenBLAS kernel against a double-precision reference: every element within
 * {@code 1e-6 * sum_p |a_ip b_pj|} (float rounding of a k-term sum, with slack), for both layouts of B, strided
 * operands, offsets, and beta 0 (C overwritten, NaN included) or not; the shape decides, bit for bit.
 */
final class FewRowsGemmTest {
  @ParameterizedTest(name = "m={0} n={1} k={2} transB={3} beta={4}")
  @CsvSource({"1, 512, 784, false, 0", "1, 10, 512, false, 0", "3, 33, 17, false, 0.5", "4, 7, 1, false, 1",
      "1, 512, 784, true, 0", "2, 5, 9, true, -2", "4, 64, 131, true, 0"})
  void matches_the_double_precision_product(int m, int n, int k, boolean transB, float beta) {
    SplittableRandom r = new SplittableRandom(m * 1000L + n * 10L + k);
    int lda = k + 3;
    int ldb = (transB ? k : n) + 5;
    int ldc = n + 2;
    float[] a = random(r, 1 + m * lda);
    float[] b = random(r, 2 + (transB ? n : k) * ldb);
    float[] c = random(r, 3 + m * ldc);
    if (beta == 0f) {
      c[3] = Float.NaN;                                   // beta 0 overwrites, NaN included
    }
    float[] before = c.clone();
    float alpha = 0.75f;
    FewRowsGemm.sgemm(transB, m, n, k, alpha, a, 1, lda, b, 2, ldb, beta, c, 3, ldc);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        double abs = 0;
        for (int p = 0; p < k; p++) {
          double x = a[1 + i * lda + p];
          double y = transB ? b[2 + j * ldb + p] : b[2 + p * ldb + j];
          sum += x * y;
          abs += Math.abs(x * y);
        }
        double prev = beta == 0f ? 0 : before[3 + i * ldc + j];
        double want = alpha * sum + beta * prev;
        double tol = 1e-6 * (alpha * abs + Math.abs(beta * prev)) + 1e-30;
        assertEquals(want, c[3 + i * ldc + j], tol, "C[" + i + "," + j + "]");
      }
    }
    assertEquals(before[0], c[0]);                        // nothing before C's offset is touched
  }

  @Test
  void same_shape_gives_the_same_bits() {
    SplittableRandom r = new SplittableRandom(5);
    float[] a = random(r, 784);
    float[] b = random(r, 784 * 512);
    float[] c1 = new float[512];
    float[] c2 = new float[512];
    FewRowsGemm.sgemm(false, 1, 512, 784, 1f, a, 0, 784, b, 0, 512, 0f, c1, 0, 512);
    FewRowsGemm.sgemm(false, 1, 512, 784, 1f, a, 0, 784, b, 0, 512, 0f, c2, 0, 512);
    assertEquals(java.util.Arrays.toString(c1), java.util.Arrays.toString(c2));
  }

  /**
   * The kernel copies rows of B into arrays of their own so that HotSpot vectorises it; the sums must stay those of
   * the row-at-a-time kernel it replaced (groups of four terms added to the running sum, ascending p, a zero
   * coefficient in the last k mod 4 rows skipped), to the bit, for one to four rows of C.
   */
  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"1, 512, 784", "2, 33, 19", "4, 10, 6", "3, 7, 3"})
  void sums_are_those_of_the_grouped_row_kernel_to_the_bit(int m, int n, int k) {
    SplittableRandom r = new SplittableRandom(m + 31L * k);
    int lda = k + 1;
    int ldb = n + 3;
    float[] a = random(r, m * lda);
    a[k - 1] = 0f;
    float[] b = random(r, k * ldb);
    float[] c = new float[m * n];
    FewRowsGemm.sgemm(false, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float y = 0f;
        int p = 0;
        for (; p + 4 <= k; p += 4) {
          int ai = i * lda + p;
          y += a[ai] * b[p * ldb + j] + a[ai + 1] * b[(p + 1) * ldb + j] + a[ai + 2] * b[(p + 2) * ldb + j]
              + a[ai + 3] * b[(p + 3) * ldb + j];
        }
        for (; p < k; p++) {
          if (a[i * lda + p] != 0f) {
            y += a[i * lda + p] * b[p * ldb + j];
          }
        }
        assertEquals(Float.floatToIntBits(y), Float.floatToIntBits(c[i * n + j]), "C[" + i + "," + j + "]");
      }
    }
  }

  @Test
  void applies_only_to_a_few_untransposed_rows() {
    assertTrue(FewRowsGemm.applies(false, 1, 512, 784));
    assertTrue(FewRowsGemm.applies(false, FewRowsGemm.MAX_ROWS, 8, 8));
    assertFalse(FewRowsGemm.applies(false, FewRowsGemm.MAX_ROWS + 1, 8, 8));
    assertFalse(FewRowsGemm.applies(true, 1, 8, 8));
  }

  private static float[] random(SplittableRandom r, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }
}
