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
    if (transB) {
      for (int i = 0; i < m; i++) {
        int ci = cOffset + i * ldc;
        for (int j = 0; j < n; j++) {
          float v = alpha * dot(a, aOffset + i * lda, b, bOffset + j * ldb, k);
          c[ci + j] = beta == 0f ? v : v + beta * c[ci + j];
        }
      }
      return;
    }
    // One thread: a product this size is over in tens of microseconds, and handing half of it to a second thread
    // was measured slower on the loaded machine (single-row predict 102 instead of 62 us).
    columns(0, n, m, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
  }

  /**
   * Columns {@code [j0, j1)} of {@code C = alpha * A * B + beta * C}. Four rows of B at a time are copied into arrays
   * of their own: a loop over y[j] and x[offset + j] of the same type is not vectorised by HotSpot's superword pass
   * on JDK 17 (x might be y shifted), one over bare indices is (2.3-2.7x faster per 784 x 512 and 512 x 512
   * product, copies included). Each element of C is accumulated over ascending {@code p} in groups of four, as
   * before this copy was introduced (the same bits).
   */
  private static void columns(int j0, int j1, int m, int k, float alpha, float[] a, int aOffset, int lda, float[] b,
      int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
    int n = j1 - j0;
    float[][] rows = new float[m][n];
    float[] t0 = new float[n];
    float[] t1 = new float[n];
    float[] t2 = new float[n];
    float[] t3 = new float[n];
    int p = 0;
    for (; p + 4 <= k; p += 4) {
      int o = bOffset + p * ldb + j0;
      System.arraycopy(b, o, t0, 0, n);
      System.arraycopy(b, o + ldb, t1, 0, n);
      System.arraycopy(b, o + 2 * ldb, t2, 0, n);
      System.arraycopy(b, o + 3 * ldb, t3, 0, n);
      accumulate4(m, p, a, aOffset, lda, t0, t1, t2, t3, rows, n);
    }
    for (; p < k; p++) {
      System.arraycopy(b, bOffset + p * ldb + j0, t0, 0, n);
      accumulate1(m, p, a, aOffset, lda, t0, rows, n);
    }
    store(m, j0, n, alpha, rows, beta, c, cOffset, ldc);
  }

  /**
   * {@code C = alpha * A * B + beta * C} for A not transposed and B given as its rows ({@code bRows[p]}, each at
   * least {@code n} long): the arithmetic of {@link #sgemm} (the same bits), without copying B's rows, for a B that
   * is multiplied many times and was split into rows once ({@link PreparedMatrix}).
   */
  static void sgemmRows(int m, int n, int k, float alpha, float[] a, int aOffset, int lda, float[][] bRows,
      float beta, float[] c, int cOffset, int ldc, float[][] rows) {
    for (int i = 0; i < m; i++) {
      java.util.Arrays.fill(rows[i], 0, n, 0f);
    }
    int p = 0;
    for (; p + 4 <= k; p += 4) {
      accumulate4(m, p, a, aOffset, lda, bRows[p], bRows[p + 1], bRows[p + 2], bRows[p + 3], rows, n);
    }
    for (; p < k; p++) {
      accumulate1(m, p, a, aOffset, lda, bRows[p], rows, n);
    }
    store(m, 0, n, alpha, rows, beta, c, cOffset, ldc);
  }

  /** {@code rows[i] += A[i, p..p+3] * (B rows p..p+3)} for each of the {@code m} rows of A. */
  private static void accumulate4(int m, int p, float[] a, int aOffset, int lda, float[] b0, float[] b1, float[] b2,
      float[] b3, float[][] rows, int n) {
    for (int i = 0; i < m; i++) {
      int ai = aOffset + i * lda + p;
      axpy4(a[ai], a[ai + 1], a[ai + 2], a[ai + 3], b0, b1, b2, b3, rows[i], n);
    }
  }

  /** {@code rows[i] += A[i, p] * (B row p)} for each of the {@code m} rows of A. */
  private static void accumulate1(int m, int p, float[] a, int aOffset, int lda, float[] bp, float[][] rows, int n) {
    for (int i = 0; i < m; i++) {
      axpy(a[aOffset + i * lda + p], bp, rows[i], n);
    }
  }

  /** Columns {@code [j0, j0 + n)} of {@code C = alpha * rows + beta * C}. */
  private static void store(int m, int j0, int n, float alpha, float[][] rows, float beta, float[] c, int cOffset,
      int ldc) {
    for (int i = 0; i < m; i++) {
      float[] row = rows[i];
      int ci = cOffset + i * ldc + j0;
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

  /** {@code y += s * x}. */
  private static void axpy(float s, float[] x, float[] y, int n) {
    if (s == 0f) {
      return;
    }
    for (int j = 0; j < n; j++) {
      y[j] += s * x[j];
    }
  }

  /** {@code y += s0 * x0 + s1 * x1 + s2 * x2 + s3 * x3}: y is loaded once per four rows of B. */
  private static void axpy4(float s0, float s1, float s2, float s3, float[] x0, float[] x1, float[] x2, float[] x3,
      float[] y, int n) {
    for (int j = 0; j < n; j++) {
      y[j] += s0 * x0[j] + s1 * x1[j] + s2 * x2[j] + s3 * x3[j];
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
