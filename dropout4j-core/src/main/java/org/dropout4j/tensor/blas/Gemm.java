package org.dropout4j.tensor.blas;

import java.nio.FloatBuffer;

/**
 * Single-precision general matrix multiply on row-major arrays: {@code C = alpha * op(A) * op(B) + beta * C}.
 *
 * <p>{@code op(X)} is {@code X} or its transpose. {@code op(A)} is m x k, {@code op(B)} is k x n and C is m x n. Leading
 * dimensions are row strides of the arrays as stored (row-major, as in CBLAS with {@code CblasRowMajor}).
 * Implementations must give results that do not depend on the number of threads used.
 */
public interface Gemm {

  /**
   * Computes {@code C = alpha * op(A) * op(B) + beta * C} on row-major data.
   *
   * @param transA whether A is stored transposed (A is then k x m)
   * @param transB whether B is stored transposed (B is then n x k)
   * @param m rows of op(A) and C
   * @param n columns of op(B) and C
   * @param k columns of op(A), rows of op(B)
   * @param alpha scale of the product
   * @param a data of A
   * @param aOffset index of A's first element
   * @param lda row stride of A as stored
   * @param b data of B
   * @param bOffset index of B's first element
   * @param ldb row stride of B as stored
   * @param beta scale of the previous C (0 overwrites C, NaN in C included)
   * @param c data of C
   * @param cOffset index of C's first element
   * @param ldc row stride of C
   */
  void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc);

  /**
   * Writes an A operand that exists only to be multiplied (a convolution's unfolded input), compact and row-major as
   * stored ({@code aRows x aCols}, index {@code r * aCols + j}), into {@code dst}.
   */
  @FunctionalInterface
  interface OperandWriter {
    /** Writes every element of A at absolute indices of {@code dst} from 0 on. */
    void write(FloatBuffer dst);
  }

  /**
   * {@link #sgemm} with A written by {@code a} straight into the kernel's operand buffer (for OpenBLAS, off-heap
   * memory), which saves copying it there; A is compact ({@code lda} = its stored column count). The default writes
   * it into a heap array and calls {@link #sgemm}.
   */
  default void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, OperandWriter a,
      float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
    GemmArgs.checkWrittenA(transB, m, n, k, b, bOffset, ldb, c, cOffset, ldc);
    int aCols = transA ? m : k;
    float[] heap = new float[m * k];
    a.write(FloatBuffer.wrap(heap));
    sgemm(transA, transB, m, n, k, alpha, heap, 0, aCols, b, bOffset, ldb, beta, c, cOffset, ldc);
  }

  /**
   * {@link #sgemm} with operands that several products read ({@link MirroredOperand}), each compact and row-major as
   * stored: A {@code transA ? k x m : m x k}, B {@code transB ? n x k : k x n}, their first elements used. A native
   * kernel keeps them in its own memory between products (copied again only after they changed); the default
   * reads their heap arrays.
   */
  default void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MirroredOperand a,
      MirroredOperand b, float beta, float[] c, int cOffset, int ldc) {
    sgemm(transA, transB, m, n, k, alpha, a.heap(), 0, Math.max(1, transA ? m : k), b.heap(), 0,
        Math.max(1, transB ? k : n), beta, c, cOffset, ldc);
  }

  /** A short name for logs and benchmarks, e.g. {@code "openblas"} or {@code "java"}. */
  String name();
}
