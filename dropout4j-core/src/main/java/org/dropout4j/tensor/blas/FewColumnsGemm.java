package org.dropout4j.tensor.blas;

import org.dropout4j.tensor.Parallel;

/**
 * Products with a handful of columns of C and many rows (a Dense layer with one to four units, e.g. the sigmoid
 * output of a binary classifier, over a large batch: Monte Carlo dropout stacks 100 samples of 10,000 inputs),
 * computed in Java straight from the heap arrays. OpenBLAS would first copy all of A off-heap (30,000 x 500 floats
 * are 60 MB per call) to do {@code n} multiply-adds per element of A; one pass over A here costs less than that copy
 * alone (measured: the copy was 81 % of a Monte Carlo dropout run over the circles model).
 *
 * <p>Each element of C is a dot product over the inner dimension, accumulated in four interleaved partial sums
 * ({@code p mod 4}) added in a fixed order at the end, so the result depends on the shape only, never on the thread
 * count (rows are shared out among threads, each row computed whole by one). It may differ in the last bits from
 * OpenBLAS's blocked order; {@code FewColumnsGemmTest} checks it against a double-precision reference.
 */
final class FewColumnsGemm {
  /** Products with at most this many columns of C (and neither operand transposed) take this path. */
  static final int MAX_COLUMNS = 4;
  /** Rows of C per task when the product is shared out among threads. */
  private static final int ROWS_PER_TASK = 256;
  /** Products with fewer multiply-adds than this run on the caller's thread. */
  private static final long PARALLEL_WORK = 1L << 18;

  private FewColumnsGemm() {
  }

  /** Whether the product {@code m x n x k} with these transposes is computed here. */
  static boolean applies(boolean transA, boolean transB, int m, int n, int k) {
    return !transA && !transB && n <= MAX_COLUMNS && m > 0 && n > 0 && k > 0;
  }

  /** {@code C = alpha * A * B + beta * C} for A and B not transposed; arguments as in {@link Gemm#sgemm}. */
  static void sgemm(int m, int n, int k, float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset,
      int ldb, float beta, float[] c, int cOffset, int ldc) {
    float[] columns = new float[n * k]; // B's columns, each contiguous
    for (int p = 0; p < k; p++) {
      for (int j = 0; j < n; j++) {
        columns[j * k + p] = b[bOffset + p * ldb + j];
      }
    }
    int tasks = (long) m * n * k < PARALLEL_WORK ? 1 : (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    Parallel.run(tasks, t -> {
      int from = tasks == 1 ? 0 : t * ROWS_PER_TASK;
      int to = tasks == 1 ? m : Math.min(m, from + ROWS_PER_TASK);
      for (int i = from; i < to; i++) {
        int ai = aOffset + i * lda;
        int ci = cOffset + i * ldc;
        for (int j = 0; j < n; j++) {
          float dot = alpha * JavaGemm.dot(a, ai, columns, j * k, k);
          c[ci + j] = beta == 0f ? dot : dot + beta * c[ci + j];
        }
      }
    });
  }
}
