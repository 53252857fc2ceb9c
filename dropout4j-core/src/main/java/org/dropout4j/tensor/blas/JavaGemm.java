package org.dropout4j.tensor.blas;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.dropout4j.tensor.Parallel;

/**
 * Pure-Java sgemm: cache-blocked, with inner loops over contiguous rows that HotSpot's C2 auto-vectorises.
 *
 * <p>Products with one to four columns of C and neither operand transposed take {@link FewColumnsGemm}'s dot
 * products, as the OpenBLAS kernel's wrapper does, so such a product gives the same bits with either kernel. Otherwise
 * three loop orders, chosen from the shape only (never from the thread count):
 * <ul>
 *   <li>{@code n >= NARROW_N}: i-k-j "axpy" order. op(B) is packed into one array per row; for each row of C and
 *       each block of {@code KC} values of the inner dimension, four packed rows are combined per pass over a
 *       {@code NC}-wide strip of the C row. Two rows of C are updated per pass (a 2 x NC tile), so each load of op(B)
 *       feeds two rows.</li>
 *   <li>{@code n < NARROW_N} and {@code m >= NARROW_TRANSPOSED_M} (e.g. a 10-class output layer): the same loops on
 *       the transposed problem C<sup>T</sup> = op(B)<sup>T</sup> op(A)<sup>T</sup>, so the vector loop runs over m.</li>
 *   <li>otherwise (e.g. a small matrix-vector product): one dot product per element with four accumulators.</li>
 * </ul>
 *
 * <p>Products of at least {@link #PARALLEL_THRESHOLD} multiply-adds split the rows of the output into tasks on a
 * private {@link ForkJoinPool}. Every element of C is computed by one task, in an order that depends only on the
 * shape, so results are bit-identical for any thread count.
 */
final class JavaGemm implements Gemm {
  /** m * n * k from which rows of C are split across threads. */
  static final long PARALLEL_THRESHOLD = 1L << 20;
  /** Below this many columns of C, one of the narrow loop orders is used (the vector loop would be too short). */
  static final int NARROW_N = 16;
  /** Narrow products with at least this many rows of C are computed transposed (C^T = op(B)^T op(A)^T). */
  static final int NARROW_TRANSPOSED_M = 64;
  /** Block of the inner dimension: KC strips of packed op(B) rows (512 KiB) stay in L2 while C rows are updated. */
  private static final int KC = 128;
  /** Block of the columns of C: one C strip is 4 KiB. */
  private static final int NC = 1024;

  private final int threads;
  private volatile ForkJoinPool pool;

  /**
   * @param threads number of threads for large products, at least 1 (1 never forks)
   */
  JavaGemm(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException(
          "invalid value for argument `threads`, expected an integer >= 1, received threads=" + threads);
    }
    this.threads = threads;
  }

  int threads() {
    return threads;
  }

  @Override
  public String name() {
    return "java";
  }

  @Override
  public String toString() {
    return "java(threads=" + threads + ")";
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    if (GemmArgs.checkedTrivial(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset,
        ldc)) {
      return;
    }
    if (FewColumnsGemm.applies(transA, transB, m, n, k)) {
      // the dots the native kernel's wrapper takes for this shape: one result for the shape, whichever is selected
      FewColumnsGemm.sgemm(m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
      return;
    }
    if (n >= NARROW_N) {
      // C = op(A) * op(B), rows of op(B) packed
      float[][] q = new float[k][];
      for (int p = 0; p < k; p++) {
        q[p] = transB ? gather(b, bOffset + p, ldb, n) : copy(b, bOffset + p * ldb, n);
      }
      int ai = transA ? 1 : lda;
      int ap = transA ? lda : 1;
      run(m, (long) m * n * k, (r0, r1) -> {
        if (beta != 0f) {
          GemmArgs.scaleRows(beta, c, cOffset, ldc, r0, r1, n);
        }
        panelRows(r0, r1, n, k, alpha, a, aOffset, ai, ap, q, beta == 0f, c, cOffset, ldc);
      });
    } else if (m >= NARROW_TRANSPOSED_M) {
      // C^T = op(B)^T * op(A)^T into a scratch array, rows of op(A)^T packed, then C = beta * C + scratch^T
      float[][] q = new float[k][];
      for (int p = 0; p < k; p++) {
        q[p] = transA ? copy(a, aOffset + p * lda, m) : gather(a, aOffset + p, lda, m);
      }
      int bj = transB ? ldb : 1;
      int bp = transB ? 1 : ldb;
      float[] ct = new float[n * m];
      run(n, (long) m * n * k, (r0, r1) -> panelRows(r0, r1, m, k, alpha, b, bOffset, bj, bp, q, true, ct, 0, m));
      for (int i = 0; i < m; i++) {
        int ci = cOffset + i * ldc;
        for (int j = 0; j < n; j++) {
          c[ci + j] = beta == 0f ? ct[j * m + i] : beta * c[ci + j] + ct[j * m + i];
        }
      }
    } else {
      dots(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }
  }

  /** Computes rows [r0, r1) of some output. */
  private interface RowTask {
    void rows(int r0, int r1);
  }

  /** Runs {@code task} over {@code rows} rows, split across the pool when {@code work} is large enough. */
  private void run(int rows, long work, RowTask task) {
    if (threads == 1 || rows < 2 || work < PARALLEL_THRESHOLD || Parallel.inTask()) {
      task.rows(0, rows);
      return;
    }
    int tasks = Math.min(rows, threads * 4);
    List<ForkJoinTask<?>> parts = new ArrayList<>(tasks);
    for (int t = 0; t < tasks; t++) {
      int r0 = (int) ((long) rows * t / tasks);
      int r1 = (int) ((long) rows * (t + 1) / tasks);
      parts.add(ForkJoinTask.adapt(() -> task.rows(r0, r1)));
    }
    pool().invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(parts)));
  }

  private ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (this) {
        p = pool;
        if (p == null) {
          p = new ForkJoinPool(threads);
          pool = p;
        }
      }
    }
    return p;
  }

  private static float[] copy(float[] src, int offset, int len) {
    float[] row = new float[len];
    System.arraycopy(src, offset, row, 0, len);
    return row;
  }

  private static float[] gather(float[] src, int offset, int stride, int len) {
    float[] row = new float[len];
    for (int j = 0; j < len; j++) {
      row[j] = src[offset + j * stride];
    }
    return row;
  }

  /**
   * x[i][0 .. cols) = (overwrite ? 0 : x[i][0 .. cols)) + alpha * sum over p of P(i, p) * q[p][0 .. cols) for rows i in [r0, r1), where
   * P(i, p) = pa[pOff + i * pi + p * pp] and row i of x starts at xOff + i * ldx.
   *
   * <p>Blocked by {@link #NC} columns and {@link #KC} values of p. Rows are copied two at a time into scratch rows
   * t0, t1, so each load of q feeds two rows; a leftover row goes through t0 alone with the same expression,
   * {@code t + (((a0 q0 + a1 q1) + a2 q2) + a3 q3)} per group of four p, so an element's value does not depend on how
   * rows are grouped into tiles or tasks.
   *
   * <p>Every vector loop indexes all its arrays with the bare loop variable: on JDK 17, C2's SuperWord does not
   * vectorise a loop whose arrays are indexed with different loop-invariant offsets (measured 6x slower), and the
   * rows of one array at different offsets fare no better. Hence one array per packed row of q and per scratch row.
   * A 4-row tile (16 products per element) is not vectorised at all by JDK 17 C2 (measured ~11 vs ~37 GFLOP/s for
   * the 2-row tile on L1-resident data), so the tile is 2 rows by 4 values of p.
   */
  private static void panelRows(int r0, int r1, int cols, int k, float alpha, float[] pa, int pOff, int pi, int pp,
      float[][] q, boolean overwrite, float[] x, int xOff, int ldx) {
    float[] t0 = new float[cols];
    float[] t1 = r1 - r0 >= 2 ? new float[cols] : null;
    for (int jc = 0; jc < cols; jc += NC) {
      int jEnd = Math.min(cols, jc + NC);
      int nb = jEnd - jc;
      for (int pc = 0; pc < k; pc += KC) {
        int pEnd = Math.min(k, pc + KC);
        int i = r0;
        for (; i + 1 < r1; i += 2) {
          int x0 = xOff + i * ldx + jc;
          load(x, x0, t0, jc, nb, overwrite && pc == 0);
          load(x, x0 + ldx, t1, jc, nb, overwrite && pc == 0);
          int b0 = pOff + i * pi;
          int b1 = b0 + pi;
          int p = pc;
          for (; p + 3 < pEnd; p += 4) {
            int o0 = b0 + p * pp;
            int o1 = b1 + p * pp;
            tile2x4(alpha * pa[o0], alpha * pa[o0 + pp], alpha * pa[o0 + 2 * pp], alpha * pa[o0 + 3 * pp],
                alpha * pa[o1], alpha * pa[o1 + pp], alpha * pa[o1 + 2 * pp], alpha * pa[o1 + 3 * pp],
                q[p], q[p + 1], q[p + 2], q[p + 3], t0, t1, jc, jEnd);
          }
          for (; p < pEnd; p++) {
            tile2x1(alpha * pa[b0 + p * pp], alpha * pa[b1 + p * pp], q[p], t0, t1, jc, jEnd);
          }
          System.arraycopy(t0, jc, x, x0, nb);
          System.arraycopy(t1, jc, x, x0 + ldx, nb);
        }
        if (i < r1) {
          int x0 = xOff + i * ldx + jc;
          load(x, x0, t0, jc, nb, overwrite && pc == 0);
          int base = pOff + i * pi;
          int p = pc;
          for (; p + 3 < pEnd; p += 4) {
            int o = base + p * pp;
            row4(alpha * pa[o], alpha * pa[o + pp], alpha * pa[o + 2 * pp], alpha * pa[o + 3 * pp],
                q[p], q[p + 1], q[p + 2], q[p + 3], t0, jc, jEnd);
          }
          for (; p < pEnd; p++) {
            row1(alpha * pa[base + p * pp], q[p], t0, jc, jEnd);
          }
          System.arraycopy(t0, jc, x, x0, nb);
        }
      }
    }
  }

  /** Copies a strip of an output row into a scratch row, or zeroes the scratch row when C is being overwritten. */
  private static void load(float[] x, int from, float[] t, int at, int len, boolean zero) {
    if (zero) {
      java.util.Arrays.fill(t, at, at + len, 0f);
    } else {
      System.arraycopy(x, from, t, at, len);
    }
  }

  /** Two rows times four rows of q, accumulated into t0, t1 over [from, to). */
  private static void tile2x4(float a00, float a01, float a02, float a03, float a10, float a11, float a12, float a13,
      float[] q0, float[] q1, float[] q2, float[] q3, float[] t0, float[] t1, int from, int to) {
    for (int j = from; j < to; j++) {
      t0[j] += a00 * q0[j] + a01 * q1[j] + a02 * q2[j] + a03 * q3[j];
      t1[j] += a10 * q0[j] + a11 * q1[j] + a12 * q2[j] + a13 * q3[j];
    }
  }

  private static void tile2x1(float a0, float a1, float[] q0, float[] t0, float[] t1, int from, int to) {
    for (int j = from; j < to; j++) {
      t0[j] += a0 * q0[j];
      t1[j] += a1 * q0[j];
    }
  }

  private static void row4(float a0, float a1, float a2, float a3, float[] q0, float[] q1, float[] q2, float[] q3,
      float[] t, int from, int to) {
    for (int j = from; j < to; j++) {
      t[j] += a0 * q0[j] + a1 * q1[j] + a2 * q2[j] + a3 * q3[j];
    }
  }

  private static void row1(float a0, float[] q0, float[] t, int from, int to) {
    for (int j = from; j < to; j++) {
      t[j] += a0 * q0[j];
    }
  }

  /** Narrow C with few rows (e.g. a matrix-vector product): each element is one dot product, single-threaded. */
  private static void dots(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    float[][] bt = new float[n][];
    for (int j = 0; j < n; j++) {
      bt[j] = transB ? copy(b, bOffset + j * ldb, k) : gather(b, bOffset + j, ldb, k);
    }
    float[] row = transA ? new float[k] : a;
    for (int i = 0; i < m; i++) {
      int ro = aOffset + i * lda;
      if (transA) {
        for (int p = 0; p < k; p++) {
          row[p] = a[aOffset + p * lda + i];
        }
        ro = 0;
      }
      int ci = cOffset + i * ldc;
      for (int j = 0; j < n; j++) {
        float dot = alpha * dot(row, ro, bt[j], 0, k);
        c[ci + j] = beta == 0f ? dot : beta * c[ci + j] + dot;
      }
    }
  }

  /**
   * Dot product of x[xo .. xo+len) and y[yo .. yo+len) in four interleaved partial sums ({@code p mod 4}), added as
   * (s0 + s1) + (s2 + s3): the order depends on {@code len} only. Shared with {@link FewColumnsGemm}.
   */
  static float dot(float[] x, int xo, float[] y, int yo, int len) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int p = 0;
    for (; p + 3 < len; p += 4) {
      s0 += x[xo + p] * y[yo + p];
      s1 += x[xo + p + 1] * y[yo + p + 1];
      s2 += x[xo + p + 2] * y[yo + p + 2];
      s3 += x[xo + p + 3] * y[yo + p + 3];
    }
    for (; p < len; p++) {
      s0 += x[xo + p] * y[yo + p];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * {@code products[p] * keep[p]} (keep 0 or 1) for {@code p < len}, summed in {@link #dot}'s order: four
   * interleaved partial sums ({@code p mod 4}, the remainder into the first) added as {@code (s0 + s1) + (s2 + s3)}.
   */
  static float keptSum(float[] products, int[] keep, int len) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int p = 0;
    for (; p + 3 < len; p += 4) {
      s0 += products[p] * keep[p];
      s1 += products[p + 1] * keep[p + 1];
      s2 += products[p + 2] * keep[p + 2];
      s3 += products[p + 3] * keep[p + 3];
    }
    for (; p < len; p++) {
      s0 += products[p] * keep[p];
    }
    return (s0 + s1) + (s2 + s3);
  }


}
