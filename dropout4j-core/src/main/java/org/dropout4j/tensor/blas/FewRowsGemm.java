package org.dropout4j.tensor.blas;

/**
 * Products with a handful of rows of C (a single-sample {@code predict}, the last rows of an epoch), computed in Java
 * straight from the heap arrays. For such a product OpenBLAS's arithmetic is the small part: handing it the
 * operands means copying all of B off-heap (a 784 x 512 kernel is 1.6 MB per call) to do {@code m} multiply-adds per
 * element of B, so one pass over B here is cheaper than the copy alone (measured: a single-row predict of the
 * 784-512-512-10 mlp took 1.1 ms through the copies).
 *
 * <p>Each element of C is accumulated over the inner dimension in one fixed order (ascending {@code p}), so the
 * result depends on the shape only, never on threads. It may differ in the last bits from OpenBLAS's blocked order;
 * {@code FewRowsGemmTest} checks it against the pure-Java reference kernel to float rounding.
 */
final class FewRowsGemm {
  /** Products with at most this many rows of C (and op(A) not transposed) take this path. */
  static final int MAX_ROWS = 4;

  private FewRowsGemm() {
  }

  /** Whether the product {@code m x n x k} with these transposes is computed here. */
  static boolean applies(boolean transA, int m, int n, int k) {
    return !transA && m <= MAX_ROWS && m > 0 && n > 0 && k > 0;
  }

  /** {@code C = alpha * A * op(B) + beta * C} for A not transposed; arguments as in {@link Gemm#sgemm}. */
  static void sgemm(boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
      float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
    float[] row = new float[n];
    for (int i = 0; i < m; i++) {
      int ai = aOffset + i * lda;
      if (transB) {
        for (int j = 0; j < n; j++) {
          row[j] = dot(a, ai, b, bOffset + j * ldb, k);
        }
      } else {
        java.util.Arrays.fill(row, 0f);
        int p = 0;
        for (; p + 4 <= k; p += 4) {
          axpy4(a, ai + p, b, bOffset + p * ldb, ldb, row, n);
        }
        for (; p < k; p++) {
          axpy(a[ai + p], b, bOffset + p * ldb, row, n);
        }
      }
      int ci = cOffset + i * ldc;
      if (beta == 0f) {
        for (int j = 0; j < n; j++) {
          c[ci + j] = alpha * row[j];
        }
      } else {
        for (int j = 0; j < n; j++) {
          c[ci + j] = alpha * row[j] + beta * c[ci + j];
        }
      }
    }
  }

  /** {@code y[0..n) += s * x[xOffset..xOffset+n)}. */
  private static void axpy(float s, float[] x, int xOffset, float[] y, int n) {
    if (s == 0f) {
      return;
    }
    for (int j = 0; j < n; j++) {
      y[j] += s * x[xOffset + j];
    }
  }

  /** {@code y += s0 * x0 + s1 * x1 + s2 * x2 + s3 * x3} over four consecutive rows of B: y is loaded once per four. */
  private static void axpy4(float[] s, int sOffset, float[] x, int xOffset, int ldx, float[] y, int n) {
    float s0 = s[sOffset];
    float s1 = s[sOffset + 1];
    float s2 = s[sOffset + 2];
    float s3 = s[sOffset + 3];
    int o0 = xOffset;
    int o1 = o0 + ldx;
    int o2 = o1 + ldx;
    int o3 = o2 + ldx;
    for (int j = 0; j < n; j++) {
      y[j] += s0 * x[o0 + j] + s1 * x[o1 + j] + s2 * x[o2 + j] + s3 * x[o3 + j];
    }
  }

  private static float dot(float[] x, int xOffset, float[] y, int yOffset, int k) {
    float s = 0f;
    for (int p = 0; p < k; p++) {
      s += x[xOffset + p] * y[yOffset + p];
    }
    return s;
  }
}
