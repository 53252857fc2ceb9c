package org.dropout4j.tensor.blas;

/**
 * Argument checks shared by the {@link Gemm} kernels. The native kernel relies on them: OpenBLAS would read or write
 * out of bounds instead of failing.
 */
final class GemmArgs {
  private GemmArgs() {
  }

  /**
   * Checks the dimensions, leading dimensions, offsets and array lengths of one sgemm call.
   *
   * @throws IllegalArgumentException naming the first invalid argument and its value
   */
  static void check(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float[] c, int cOffset, int ldc) {
    nonNegative("m", m);
    nonNegative("n", n);
    nonNegative("k", k);
    operand("a", transA ? k : m, transA ? m : k, a, aOffset, "aOffset", lda, "lda");
    operand("b", transB ? n : k, transB ? k : n, b, bOffset, "bOffset", ldb, "ldb");
    operand("c", m, n, c, cOffset, "cOffset", ldc, "ldc");
  }

  /**
   * {@link #check}, then the products without arithmetic: nothing for an empty C, {@code C = beta * C} for
   * {@code k == 0} or {@code alpha == 0} (A and B not read). Returns whether the product is done.
   */
  static boolean checkedTrivial(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
    if (m == 0 || n == 0) {
      return true;
    }
    if (k == 0 || alpha == 0f) {
      scaleRows(beta, c, cOffset, ldc, 0, m, n);
      return true;
    }
    return false;
  }

  /** {@link #check} for a product whose A is written by the kernel's caller (only the sizes, B and C to check). */
  static void checkWrittenA(boolean transB, int m, int n, int k, float[] b, int bOffset, int ldb, float[] c,
      int cOffset, int ldc) {
    nonNegative("m", m);
    nonNegative("n", n);
    nonNegative("k", k);
    operand("b", transB ? n : k, transB ? k : n, b, bOffset, "bOffset", ldb, "ldb");
    operand("c", m, n, c, cOffset, "cOffset", ldc, "ldc");
  }

  /**
   * Checks the depth indices of a product over some rows of B: {@code kk} of them in {@code depth}, strictly
   * ascending and non-negative, each a row of B that holds {@code n} values at {@code bOffset + index * ldb}.
   *
   * @throws IllegalArgumentException naming the first invalid index and its value
   */
  static void checkDepth(int kk, int[] depth, float[] b, int bOffset, int ldb, int n) {
    if (kk == 0) {
      return;
    }
    if (depth == null || depth.length < kk) {
      throw new IllegalArgumentException("invalid value for argument `depth`, expected at least " + kk
          + " indices, received " + (depth == null ? "depth=null" : depth.length + " indices"));
    }
    for (int p = 0; p < kk; p++) {
      if (depth[p] < 0 || p > 0 && depth[p] <= depth[p - 1]) {
        throw new IllegalArgumentException("invalid value for argument `depth`, expected strictly ascending "
            + "non-negative indices, received depth[" + p + "]=" + depth[p] + (p > 0 ? " after " + depth[p - 1] : ""));
      }
    }
    long end = bOffset + (long) depth[kk - 1] * ldb + n;
    if (n > 0 && end > b.length) {
      throw new IllegalArgumentException("invalid value for argument `depth`, row " + depth[kk - 1] + " of b needs "
          + end + " elements at bOffset=" + bOffset + " with ldb=" + ldb + ", received b.length=" + b.length);
    }
  }

  private static void nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("invalid value for argument `" + name
          + "`, expected a non-negative dimension, received " + name + "=" + value);
    }
  }

  /** Checks a rows x cols operand stored row-major with row stride {@code ld} starting at {@code offset}. */
  private static void operand(String name, int rows, int cols, float[] data, int offset, String offsetName,
      int ld, String ldName) {
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException("invalid value for argument `" + ldName + "`, expected " + ldName
          + " >= max(1, " + cols + ") (columns of " + name + " as stored), received " + ldName + "=" + ld);
    }
    if (rows == 0 || cols == 0) {
      return;
    }
    if (data == null) {
      throw new IllegalArgumentException("invalid value for argument `" + name + "`, expected an array holding a "
          + rows + " x " + cols + " matrix, received " + name + "=null");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("invalid value for argument `" + offsetName
          + "`, expected a non-negative index, received " + offsetName + "=" + offset);
    }
    long end = offset + (long) (rows - 1) * ld + cols;
    if (end > data.length) {
      throw new IllegalArgumentException("invalid value for argument `" + name + "`, expected at least " + end
          + " elements for a " + rows + " x " + cols + " matrix at " + offsetName + "=" + offset + " with "
          + ldName + "=" + ld + ", received " + name + ".length=" + data.length);
    }
  }

  /** Applies {@code C = beta * C} to rows {@code [r0, r1)}; beta 0 overwrites, so NaN in C does not survive. */
  static void scaleRows(float beta, float[] c, int cOffset, int ldc, int r0, int r1, int n) {
    if (beta == 1f) {
      return;
    }
    for (int i = r0; i < r1; i++) {
      int row = cOffset + i * ldc;
      if (beta == 0f) {
        java.util.Arrays.fill(c, row, row + n, 0f);
      } else {
        for (int j = row; j < row + n; j++) {
          c[j] *= beta;
        }
      }
    }
  }
}
