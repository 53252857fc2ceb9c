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
}
