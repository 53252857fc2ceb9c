package org.dropout4j.tensor.blas;

/**
 * A matrix B ({@code k x n}, row-major, compact) that is the right operand of many products
 * {@code C = A B + beta C}, such as a Dense layer's kernel at inference: what a product needs of B beyond the live
 * array is prepared once and again only when the values changed, which the caller tells by a version number (a
 * weight's {@code Parameter.version()}).
 *
 * <p>Each product gives the bits {@link Blas#gemm()} gives for the same arguments. Where that kernel computes a
 * product with few rows of A in Java ({@code FewRowsGemm}, at most 4 rows with OpenBLAS selected), it copies four
 * rows of B into arrays of their own per call so that HotSpot vectorises the sums; here B is split into its rows once,
 * and the same sums run on them without the copies (a single-row 784 x 512 product in about 25 instead of 40 us on
 * the 2-core test machine). Every other product is {@code Blas.gemm()}'s own call on the live array, or on operands
 * kept in native memory ({@link MirroredOperand}) so that B is not copied there for each product.
 *
 * <p>Thread-safe: the prepared rows are an immutable snapshot, replaced as a whole when the version changes; a
 * product reads one snapshot throughout. The values must not change while a product runs.
 */
public final class PreparedMatrix {
  private final float[] source;
  private final int k;
  private final int n;
  private volatile Rows rows;

  /** The rows of B as of one version. */
  private record Rows(long version, float[][] values) {
  }

  /**
   * @param source the live values of B, row-major {@code k x n} (read, never written, and not copied until a
   *     product needs a prepared form)
   * @param k rows of B, at least 1
   * @param n columns of B, at least 1
   * @throws IllegalArgumentException if a size is not positive or {@code source} is not {@code k * n} long
   */
  public PreparedMatrix(float[] source, int k, int n) {
    if (k < 1 || n < 1 || source.length != (long) k * n) {
      throw new IllegalArgumentException("a prepared matrix needs k >= 1 rows and n >= 1 columns of compact values, "
          + "received k=" + k + ", n=" + n + " and " + source.length + " values");
    }
    this.source = source;
    this.k = k;
    this.n = n;
  }

  /** Scratch rows for {@link #multiply} by one caller at a time (reused across calls). */
  public float[][] newScratch() {
    return new float[FewRowsGemm.MAX_ROWS][n];
  }

  /**
   * {@code C = A B + beta C} for {@code m} rows of A (row stride {@code lda}) and of C (row stride {@code ldc}).
   *
   * @param version the version of B's values now: prepared rows of another version are prepared again
   * @param scratch from {@link #newScratch()}, not used by another thread during the call
   */
  public void multiply(int m, float[] a, int aOffset, int lda, float beta, float[] c, int cOffset, int ldc,
      long version, float[][] scratch) {
    Gemm gemm = Blas.gemm();
    if (!fewRows(gemm, m)) {
      gemm.sgemm(false, false, m, n, k, 1f, a, aOffset, lda, source, 0, n, beta, c, cOffset, ldc);
      return;
    }
    GemmArgs.check(false, false, m, n, k, a, aOffset, lda, source, 0, n, c, cOffset, ldc);
    Rows r = rows;
    if (r == null || r.version != version) {
      float[][] split = new float[k][];
      for (int p = 0; p < k; p++) {
        split[p] = java.util.Arrays.copyOfRange(source, p * n, (p + 1) * n);
      }
      r = new Rows(version, split);
      rows = r;
    }
    FewRowsGemm.sgemmRows(m, n, k, 1f, a, aOffset, lda, r.values, beta, c, cOffset, ldc, scratch);
  }

  /**
   * As {@link #multiply(int, float[], int, int, float, float[], int, int, long, float[][])} with A compact in
   * {@code a}'s array ({@code lda = k}) and, for the products {@code Blas.gemm()} does not compute in Java, A and B
   * read as operands the native kernel keeps between products ({@code b} the mirror of this matrix's values, copied
   * to native memory only when its version moved): the same product call as on the arrays, so the same bits.
   *
   * @throws IllegalArgumentException if {@code b} does not mirror this matrix's values
   */
  public void multiply(int m, MirroredOperand a, MirroredOperand b, float beta, float[] c, int cOffset, int ldc,
      long version, float[][] scratch) {
    if (b.heap() != source) {
      throw new IllegalArgumentException("the operand b must mirror the prepared matrix's own values");
    }
    Gemm gemm = Blas.gemm();
    if (fewRows(gemm, m)) {
      multiply(m, a.heap(), 0, k, beta, c, cOffset, ldc, version, scratch);
    } else {
      gemm.sgemm(false, false, m, n, k, 1f, a, b, beta, c, cOffset, ldc);
    }
  }

  /**
   * Whether the {@code m}-row product of {@link #multiply} is computed row by row, so that {@link #multiplyRows}
   * gives any range of its rows alone: true where the kernel {@link Blas#gemm()} takes for that shape computes each
   * row of C from that row of A in an order fixed by {@code n} and {@code k} (the Vector API kernel).
   */
  public boolean multipliesRowsAlone(int m) {
    return rowwise(m) != null;
  }

  /**
   * {@code C = A B + beta C} for {@code rows} rows of A (compact, {@code lda = k}) into rows of C ({@code ldc = n}),
   * on the calling thread: the bits those rows have in the {@code m}-row product {@link #multiply} computes.
   *
   * @throws IllegalStateException unless {@link #multipliesRowsAlone multipliesRowsAlone(m)}
   */
  public void multiplyRows(int m, int rows, float[] a, int aOffset, float beta, float[] c, int cOffset) {
    RowwiseGemm kernel = requireRowwise(m);
    kernel.sgemmOnThisThread(rows, n, k, 1f, a, aOffset, k, source, 0, n, beta, c, cOffset, n);
  }

  /**
   * {@link #multiplyRows} over the rows of B that {@code depth} lists ({@code kk} of them, strictly ascending), with
   * A compacted to those columns ({@code lda = kk}): each element is the fma chain of {@link #multiplyRows} with the
   * other terms skipped ({@link RowwiseGemm#sgemmGatheredOnThisThread}). Where the full A is zero in the left-out
   * columns and {@link #finite()}, every element has the bits {@link #multiplyRows} gives for the full A, except that
   * one whose chain sums to zero may carry the other sign of zero before {@code beta * C} is added: equal bits when
   * {@code beta * C} is never -0.
   *
   * @throws IllegalStateException unless {@link #multipliesRowsAlone multipliesRowsAlone(m)}
   * @throws IllegalArgumentException if {@code depth} is not strictly ascending in {@code [0, k)}
   */
  public void multiplyRowsGathered(int m, int rows, float[] a, int aOffset, int[] depth, int kk, float beta, float[] c,
      int cOffset) {
    RowwiseGemm kernel = requireRowwise(m);
    if (kk > 0 && depth[kk - 1] >= k) {
      throw new IllegalArgumentException("invalid value for argument `depth`, expected indices below k=" + k
          + ", received depth[" + (kk - 1) + "]=" + depth[kk - 1]);
    }
    kernel.sgemmGatheredOnThisThread(rows, n, kk, a, aOffset, Math.max(1, kk), depth, source, 0, n, beta, c, cOffset,
        n);
  }

  /** Whether every value of B is finite now (no infinity, no NaN): a zero of A then makes a zero term. */
  public boolean finite() {
    for (float v : source) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private RowwiseGemm requireRowwise(int m) {
    RowwiseGemm kernel = rowwise(m);
    if (kernel == null) {
      throw new IllegalStateException("the " + m + " x " + n + " x " + k + " product is not computed row by row by "
          + Blas.gemm() + "; check multipliesRowsAlone(m) first");
    }
    return kernel;
  }

  private RowwiseGemm rowwise(int m) {
    Gemm gemm = Blas.gemm();
    Gemm kernel = gemm instanceof AutoGemm ? ((AutoGemm) gemm).kernelFor(false, false, m, n, k) : gemm;
    return kernel instanceof RowwiseGemm && !fewRows(gemm, m) ? (RowwiseGemm) kernel : null;
  }

  /** Whether {@code gemm} computes an {@code m}-row product with B in {@code FewRowsGemm}. */
  private boolean fewRows(Gemm gemm, int m) {
    Gemm kernel = gemm instanceof AutoGemm ? ((AutoGemm) gemm).kernelFor(false, false, m, n, k) : gemm;
    return kernel instanceof OpenBlasGemm && FewRowsGemm.applies(false, m, n, k);
  }
}
