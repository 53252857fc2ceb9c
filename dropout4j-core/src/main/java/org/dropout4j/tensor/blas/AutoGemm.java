package org.dropout4j.tensor.blas;

/**
 * Sends products below a work threshold to the Java kernel and larger ones to the native kernel, because a JNI call
 * plus the copies into off-heap buffers cost more than a small product itself. The choice depends only on the shape,
 * so a given call always gives the same result.
 */
final class AutoGemm implements Gemm {
  private final Gemm small;
  private final Gemm large;
  private final long threshold;

  /**
   * @param small kernel for products with m * n * k below {@code threshold}
   * @param large kernel for the rest
   * @param threshold work (m * n * k multiply-adds) from which {@code large} is used, at least 0
   */
  AutoGemm(Gemm small, Gemm large, long threshold) {
    if (threshold < 0) {
      throw new IllegalArgumentException(
          "invalid value for argument `threshold`, expected a non-negative work size, received threshold="
              + threshold);
    }
    this.small = small;
    this.large = large;
    this.threshold = threshold;
  }

  /** The kernel used for an m x n x k product. */
  Gemm kernelFor(int m, int n, int k) {
    return (long) m * n * k < threshold ? small : large;
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    kernelFor(m, n, k).sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset,
        ldc);
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, OperandWriter a,
      float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
    kernelFor(m, n, k).sgemm(transA, transB, m, n, k, alpha, a, b, bOffset, ldb, beta, c, cOffset, ldc);
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MirroredOperand a,
      MirroredOperand b, float beta, float[] c, int cOffset, int ldc) {
    kernelFor(m, n, k).sgemm(transA, transB, m, n, k, alpha, a, b, beta, c, cOffset, ldc);
  }

  @Override
  public String name() {
    return large.name();
  }

  @Override
  public String toString() {
    return large.name() + "(" + small.name() + " below m*n*k=" + threshold + ")";
  }
}
