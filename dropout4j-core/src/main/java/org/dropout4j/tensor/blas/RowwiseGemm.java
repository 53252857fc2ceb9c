package org.dropout4j.tensor.blas;

/**
 * A kernel whose products compute each row of C from that row of op(A), op(B) and that row of C alone, in an order
 * that depends on the shape of the row ({@code n} and {@code k}) only: so a range of rows multiplied by itself
 * gives, to the bit, those rows of the whole product. A caller that produces the rows of A in blocks (a Monte Carlo
 * pass's masked activations) can then multiply each block while it is in cache, on the thread that wrote it.
 */
interface RowwiseGemm extends Gemm {
  /**
   * {@link #sgemm} with neither operand transposed, computed on the calling thread alone: the bits of those
   * {@code m} rows in any product with this B, alpha and beta.
   */
  void sgemmOnThisThread(int m, int n, int k, float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset,
      int ldb, float beta, float[] c, int cOffset, int ldc);

  /**
   * {@code C = A' B + beta C} over the rows of B that {@code depth} lists ({@code kk} of them, strictly ascending; A
   * compacted to those columns, {@code lda >= kk}), on the calling thread, alpha 1: each element of C is the fma
   * chain of {@link #sgemmOnThisThread} with the terms of the other rows of B skipped, in the same order. Where the
   * full A is zero in the left-out columns and B is finite there, a skipped term {@code fma(0, w, s)} would have left
   * {@code s} unchanged unless {@code s} is a zero: C has the bits of the full product except that an element whose
   * chain sums to zero may carry the other sign before beta C is added (so equal bits once a C that is not -0 is
   * added with beta 1).
   */
  void sgemmGatheredOnThisThread(int m, int n, int kk, float[] a, int aOffset, int lda, int[] depth, float[] b,
      int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc);
}
