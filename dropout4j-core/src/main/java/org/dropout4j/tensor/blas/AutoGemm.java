package org.dropout4j.tensor.blas;

/**
 * Chooses a kernel per product from its shape: products below a work threshold go to the Java kernel, because a JNI
 * call plus the copies into off-heap buffers cost more than a small product itself; where the Vector API kernel is
 * given, the shapes it computes faster ({@link #vectorComputes}) go to it; the rest to the native kernel. The choice
 * depends only on the shape and transposes, so a given call always gives the same result.
 */
final class AutoGemm implements Gemm {
  /** Least depth for the Vector API kernel: below it, zeroing and storing its tiles costs more than the products. */
  static final int VECTOR_MIN_DEPTH = 32;
  /** Least columns of C for the Vector API kernel (its tiles are 32 columns wide). */
  static final int VECTOR_MIN_COLUMNS = 8;
  /** Least multiply-adds for the Vector API kernel (16 x 16 x 16 was measured faster in OpenBLAS, 32 x 32 x 32 not). */
  static final long VECTOR_MIN_WORK = 1L << 14;

  private final Gemm small;
  private final Gemm vector;
  private final Gemm large;
  private final long threshold;

  /**
   * @param small kernel for products with m * n * k below {@code threshold}
   * @param vector the Vector API kernel for the shapes of {@link #vectorComputes}, or {@code null} for none
   * @param large kernel for the rest
   * @param threshold work (m * n * k multiply-adds) from which {@code large} is used, at least 0
   */
  AutoGemm(Gemm small, Gemm vector, Gemm large, long threshold) {
    if (threshold < 0) {
      throw new IllegalArgumentException(
          "invalid value for argument `threshold`, expected a non-negative work size, received threshold="
              + threshold);
    }
    this.small = small;
    this.vector = vector;
    this.large = large;
    this.threshold = threshold;
  }

  /**
   * Whether the Vector API kernel takes an m x n x k product: enough depth, columns and work, and not a product that
   * the other kernels compute from the heap as dot products or row sweeps ({@link FewColumnsGemm} for at most four
   * columns, {@link FewRowsGemm} for at most four rows), whose bits {@link Blas#computesDots} and
   * {@link PreparedMatrix} rely on.
   */
  static boolean vectorComputes(boolean transA, boolean transB, int m, int n, int k) {
    return k >= VECTOR_MIN_DEPTH && n >= VECTOR_MIN_COLUMNS && (long) m * n * k >= VECTOR_MIN_WORK
        && !FewRowsGemm.applies(transA, m, n, k) && !FewColumnsGemm.applies(transA, transB, m, n, k);
  }

  /** The kernel used for an m x n x k product with these transposes. */
  Gemm kernelFor(boolean transA, boolean transB, int m, int n, int k) {
    if ((long) m * n * k < threshold) {
      return small;
    }
    return vector != null && vectorComputes(transA, transB, m, n, k) ? vector : large;
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    kernelFor(transA, transB, m, n, k).sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta,
        c, cOffset, ldc);
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, OperandWriter a,
      float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
    kernelFor(transA, transB, m, n, k).sgemm(transA, transB, m, n, k, alpha, a, b, bOffset, ldb, beta, c, cOffset,
        ldc);
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MirroredOperand a,
      MirroredOperand b, float beta, float[] c, int cOffset, int ldc) {
    kernelFor(transA, transB, m, n, k).sgemm(transA, transB, m, n, k, alpha, a, b, beta, c, cOffset, ldc);
  }

  @Override
  public String name() {
    return vector == null ? large.name() : vector.name() + "+" + large.name();
  }

  @Override
  public String toString() {
    return (vector == null ? "" : vector.name() + " for its shapes, ") + large.name() + "(" + small.name()
        + " below m*n*k=" + threshold + ")";
  }
}
