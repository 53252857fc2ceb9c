package org.dropout4j.tensor.blas;

import static org.dropout4j.tensor.blas.VectorTiles.NARROW;
import static org.dropout4j.tensor.blas.VectorTiles.NR;
import static org.dropout4j.tensor.blas.VectorTiles.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.dropout4j.tensor.Parallel;

/**
 * sgemm with the JDK's Vector API ({@code jdk.incubator.vector}) in 512-bit registers: C is computed in tiles of
 * {@link #MR} rows by 32 columns ({@link VectorTiles}), each held in registers while the depth runs; a C of at most
 * 16 columns (a Dense layer of ten units) in tiles of 16 columns, half the multiply-adds for the same result.
 *
 * <p>Every element of C is <em>one</em> fused multiply-add chain over the depth in ascending order, starting from 0:
 * {@code s = fma(op(A)[i][p], op(B)[p][j], s)} for {@code p = 0 .. k-1}, then {@code C = alpha * s} ({@code beta = 0},
 * NaN in C included) or {@code C = alpha * s + beta * C}. A block of the depth ({@link #KC}) stops a chain in memory
 * and the next block continues it, so the bits are those of the scalar loop with {@link Math#fma}, whatever the
 * tile shape, the blocking or the number of threads. {@code k == 0} or {@code alpha == 0} only scale C by beta.
 *
 * <p>Operands are read where they lie when the layout allows: rows of A (stored as is or transposed) are broadcast
 * from the caller's array, and 32 columns of a B stored as is are two vector loads per step of the depth. Only a B
 * stored transposed, the last, narrower column panel of B and the last, shorter row block of A are packed
 * (zero-padded) into scratch arrays; nothing outside the caller's ranges is read or written.
 *
 * <p>Products of at least {@link #PARALLEL_WORK} multiply-adds are cut into tasks of whole row blocks (and, when there
 * are few of those, column panels), their number a function of the shape, run by {@link Parallel}. This class must
 * be loaded only where {@code jdk.incubator.vector} is in the boot layer ({@link VectorKernel}).
 */
final class VectorGemm implements RowwiseGemm {
  /**
   * Rows of a register tile: 24 accumulators, two vectors of B and a broadcast in 27 of the 32 registers. Against 8
   * rows (GFLOP per CPU second, one thread, the same run at load 8): 128 x 512 x 512 140-144 / 137-151, 64 x 512 x 784
   * 128-132 / 116-119, 1024 x 512 x 512 160-167 / 149-155.
   */
  static final int MR = 12;
  /**
   * Depth per block: a 32-column panel of B of this depth (128 KiB, in L2) is reread by every row block of a chunk.
   * Measured (GFLOP per CPU second, one thread, load 7): 1024 against 512 and 256, 128 x 512 x 784 126-131 / 114-131
   * / 117-131, 1024 x 512 x 512 161-173 / 159-164 / 157-161, 128 x 128 x 9216 121-137 / 113-124 / 117-130.
   */
  static final int KC = 1024;
  /** Row blocks per chunk: a chunk's rows of A (MC * MR x KC, 768 KiB at most) stay in L2 while the panels pass. */
  static final int MC = 16;
  /** Depth per run of the transposed-B packing loop. */
  private static final int PACK_DEPTH = 64;
  /** Products with at least this many multiply-adds are cut into tasks. */
  static final long PARALLEL_WORK = 1L << 21;
  /** Multiply-adds per task, at least (more tasks balance a loaded machine better, each costs a hand-off). */
  static final long TASK_WORK = 1L << 22;
  /** Most tasks per product. */
  static final int MAX_TASKS = 16;

  /**
   * Products of {@link #WARM_UP_SHAPES} run before the first real one. Vector API code is fast only once C2 has
   * compiled it; before that every vector operation is a call that allocates. A first 128 x 512 x 784 product in a
   * fresh JVM took 2.5-3.2 s (its long depth loop interpreted until on-stack replacement; the whole JVM 2.1 s of
   * CPU), after 5,000 calls of 24 x 64 x 4 (which reach the compilation thresholds by invocation count, few
   * operations each; 1.3 s at load 7) 16-92 ms, the next ones about 1 ms, the whole JVM 0.9-1.2 s of CPU (OpenBLAS:
   * 0.8 s). The warm-up products write arrays of their own: no result depends on whether it ran. Each call runs
   * two shapes so that all four tiles get compiled: a full row block and a last, partial one (which takes the tile
   * for A's columns), 32 columns wide and narrow. With the first shape alone the narrow tiles ran cold: in a fresh
   * JVM about the first 200 products of 64 x 512 x 10 (the mlp's batch-64 output layer) took 20-23 ms each instead of
   * 0.015 ms (one pass of {@code bench/predict.sh} measured 3,500 rows/s); with both shapes 3 calls are slow, then
   * 3.5 ms, then 0.015-0.03 ms. The second shape costs the warm-up about 0.3 s (0.72 to 1.0 s at load 2).
   */
  static final int WARM_UP_CALLS = 5000;
  /** m, n, k of the warm-up products: a full and a partial row block, two panels or one narrow one, short depth. */
  private static final int[][] WARM_UP_SHAPES = {{MR + 1, 2 * NR, 4}, {MR + 1, NARROW - 6, 4}};

  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
  private volatile boolean warm;

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public String toString() {
    return "vector(" + MR + "x" + NR + ")";
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    if (GemmArgs.checkedTrivial(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset,
        ldc)) {
      return;
    }
    if (!warm) {
      warmUp();
    }
    multiply(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
  }

  /** The product on the calling thread: every row block and panel in one task (the bits do not depend on tasks). */
  @Override
  public void sgemmOnThisThread(int m, int n, int k, float alpha, float[] a, int aOffset, int lda, float[] b,
      int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
    if (GemmArgs.checkedTrivial(false, false, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset,
        ldc)) {
      return;
    }
    if (!warm) {
      warmUp();
    }
    Product pr = new Product(false, false, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
        n / NR, null);
    compute(pr, 0, (m + MR - 1) / MR, 0, (n + NR - 1) / NR, scratch.get());
  }

  /**
   * {@link #sgemmOnThisThread} with alpha 1 over the rows of B that {@code depth} lists ({@code kk} of them,
   * ascending; A compacted to those columns), on the calling thread: those rows are packed one panel at a time, which
   * every row block of A then takes over the whole depth. Each element of C is the fma chain from +0 over them in
   * ascending order, then {@code C = s + beta * C} ({@code kk == 0}: {@code C = +0 + beta * C}): the full product's
   * chain with the other terms skipped.
   */
  @Override
  public void sgemmGatheredOnThisThread(int m, int n, int kk, float[] a, int aOffset, int lda, int[] depth,
      float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
    GemmArgs.check(false, false, m, n, kk, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
    GemmArgs.checkDepth(kk, depth, b, bOffset, ldb, n);
    if (m == 0 || n == 0) {
      return;
    }
    if (kk == 0) { // every chain is +0
      for (int i = 0; i < m; i++) {
        for (int j = cOffset + i * ldc; j < cOffset + i * ldc + n; j++) {
          c[j] = beta == 0f ? 0f : 0f + beta * c[j];
        }
      }
      return;
    }
    if (!warm) {
      warmUp();
    }
    Product pr = new Product(false, false, m, n, kk, 1f, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, 0,
        depth);
    Scratch s = scratch.get();
    boolean narrow = n <= NARROW;
    int w = narrow ? NARROW : NR;
    int full = m / MR;
    int rowBlocks = (m + MR - 1) / MR;
    float[] edgeA = null;
    if (full < rowBlocks) { // the last rows, zero-padded to MR rows of kk
      edgeA = s.edgeA(MR * kk);
      for (int r = 0; r < MR; r++) {
        if (full * MR + r < m) {
          System.arraycopy(a, aOffset + (full * MR + r) * lda, edgeA, r * kk, kk);
        } else {
          Arrays.fill(edgeA, r * kk, (r + 1) * kk, 0f);
        }
      }
    }
    // one panel of the gathered rows at a time (kk x 32 floats, in L1 or L2), taken by every row block
    float[] bp = s.packedB((long) kk * w);
    float[] t = s.tiles(MR * w);
    for (int pn = 0; pn < (n + NR - 1) / NR; pn++) {
      packB(pr, pn, pn + 1, w, bp);
      for (int rb = 0; rb < rowBlocks; rb++) {
        boolean edge = rb == full;
        float[] rows = edge ? edgeA : a;
        int ao = edge ? 0 : aOffset + rb * MR * lda;
        int ars = edge ? kk : lda;
        Arrays.fill(t, 0, MR * w, 0f);
        if (narrow) {
          VectorTiles.tile12NarrowRows(rows, ao, ars, bp, 0, kk, t, 0);
        } else {
          VectorTiles.tile12Rows(rows, ao, ars, bp, 0, NR, kk, t, 0);
        }
        store(pr, t, 0, w, rb * MR, pn * NR);
      }
    }
  }

  /** Runs {@link #WARM_UP_CALLS} small products on arrays of its own, once per kernel. */
  private synchronized void warmUp() {
    if (warm) {
      return;
    }
    int k = WARM_UP_SHAPES[0][2];
    float[] a = new float[WARM_UP_SHAPES[0][0] * k];
    float[] b = new float[k * WARM_UP_SHAPES[0][1]];
    float[] c = new float[WARM_UP_SHAPES[0][0] * WARM_UP_SHAPES[0][1]];
    Arrays.fill(a, 0.5f);
    Arrays.fill(b, 0.25f);
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      for (int[] shape : WARM_UP_SHAPES) {
        multiply(false, false, shape[0], shape[1], k, 1f, a, 0, k, b, 0, shape[1], 0.5f, c, 0, shape[1]);
      }
    }
    warm = true;
  }

  /** The product, arguments checked and not trivial. */
  private void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    int rowBlocks = (m + MR - 1) / MR;
    int panels = (n + NR - 1) / NR;
    // B stored transposed is packed whole; stored as is, only a last panel narrower than NR. Each task packs the
    // panels it uses, so a B to pack is cut by panels first (each packed once), another B by rows first.
    int packedFrom = transB ? 0 : n / NR;
    Product pr = new Product(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset,
        ldc, packedFrom, null);
    int tasks = tasks(m, n, k);
    int rowTasks;
    int panelTasks;
    if (transB) {
      panelTasks = Math.min(tasks, panels);
      rowTasks = Math.min(rowBlocks, (tasks + panelTasks - 1) / panelTasks);
    } else {
      rowTasks = Math.min(tasks, rowBlocks);
      panelTasks = Math.min(panels, (tasks + rowTasks - 1) / rowTasks);
    }
    Parallel.run(rowTasks * panelTasks, t -> {
      int rt = t / panelTasks;
      int pt = t % panelTasks;
      compute(pr, part(rowBlocks, rowTasks, rt), part(rowBlocks, rowTasks, rt + 1),
          part(panels, panelTasks, pt), part(panels, panelTasks, pt + 1), scratch.get());
    });
  }

  /** Tasks for an m x n x k product: a power of two from the work alone. */
  static int tasks(int m, int n, int k) {
    long work = (long) m * n * k;
    if (work < PARALLEL_WORK) {
      return 1;
    }
    return (int) Math.min(MAX_TASKS, Math.max(2, Long.highestOneBit(work / TASK_WORK)));
  }

  /** Start of part {@code i} of {@code length} split into {@code parts} nearly equal parts. */
  private static int part(int length, int parts, int i) {
    return (int) ((long) length * i / parts);
  }

  /**
   * Packs panels {@code [from, to)} of op(B) into {@code bp}: panel-major, then depth, then the tile's columns
   * ({@code width}, zero-padded). A transposed B is read along its rows in runs of {@link #PACK_DEPTH}, so the panel
   * rows written meanwhile stay in L1.
   */
  private static void packB(Product pr, int from, int to, int width, float[] bp) {
    int k = pr.k;
    float[] b = pr.b;
    for (int pn = from; pn < to; pn++) {
      int j0 = pn * NR;
      int cols = Math.min(width, pr.n - j0);
      int base = (pn - from) * k * width;
      if (cols < width) {
        Arrays.fill(bp, base, base + k * width, 0f);
      }
      if (pr.transB) {
        for (int p0 = 0; p0 < k; p0 += PACK_DEPTH) {
          int p1 = Math.min(k, p0 + PACK_DEPTH);
          for (int j = 0; j < cols; j++) {
            int src = pr.bOffset + (j0 + j) * pr.ldb;
            for (int p = p0; p < p1; p++) {
              bp[base + p * width + j] = b[src + p];
            }
          }
        }
      } else {
        for (int p = 0; p < k; p++) {
          int row = pr.depth == null ? p : pr.depth[p];
          System.arraycopy(b, pr.bOffset + row * pr.ldb + j0, bp, base + p * width, cols);
        }
      }
    }
  }

  /**
   * Row blocks {@code [rb0, rb1)} by panels {@code [pn0, pn1)} of C, in 12 x 32 tiles, or in 12 x 16 tiles when C
   * has at most {@link VectorTiles#NARROW} columns (one panel, packed to that width).
   */
  private static void compute(Product pr, int rb0, int rb1, int pn0, int pn1, Scratch s) {
    int k = pr.k;
    boolean narrow = pr.n <= NARROW;
    int w = narrow ? NARROW : NR;
    int packedFrom = Math.max(pn0, pr.packedFrom);
    float[] bp = null;
    if (packedFrom < pn1) {
      bp = s.packedB((long) (pn1 - packedFrom) * k * w);
      packB(pr, packedFrom, pn1, w, bp);
    }
    int lastRows = pr.m - (rb1 - 1) * MR;
    float[] edgeA = null;
    if (lastRows < MR) { // the last row block of A, zero-padded to MR rows, depth-major
      edgeA = s.edgeA(k * MR);
      Arrays.fill(edgeA, 0, k * MR, 0f);
      for (int r = 0; r < lastRows; r++) {
        int i = (rb1 - 1) * MR + r;
        for (int p = 0; p < k; p++) {
          edgeA[p * MR + r] = pr.a[pr.transA ? pr.aOffset + p * pr.lda + i : pr.aOffset + i * pr.lda + p];
        }
      }
    }
    float[] t = s.tiles(MC * MR * w);
    for (int cb = rb0; cb < rb1; cb += MC) {
      int cbEnd = Math.min(rb1, cb + MC);
      for (int pn = pn0; pn < pn1; pn++) {
        boolean packed = pn >= packedFrom;
        float[] bArr = packed ? bp : pr.b;
        int bks = packed ? w : pr.ldb;
        for (int p0 = 0; p0 < k; p0 += KC) {
          int kLen = Math.min(KC, k - p0);
          int bo = packed ? ((pn - packedFrom) * k + p0) * w : pr.bOffset + p0 * pr.ldb + pn * NR;
          for (int rb = cb; rb < cbEnd; rb++) {
            int to = (rb - cb) * MR * w;
            if (p0 == 0) {
              Arrays.fill(t, to, to + MR * w, 0f);
            }
            int i = rb * MR;
            if (edgeA != null && rb == rb1 - 1) {
              tileColumns(narrow, edgeA, p0 * MR, MR, bArr, bo, bks, kLen, t, to);
            } else if (pr.transA) {
              tileColumns(narrow, pr.a, pr.aOffset + p0 * pr.lda + i, pr.lda, bArr, bo, bks, kLen, t, to);
            } else if (narrow) {
              VectorTiles.tile12NarrowRows(pr.a, pr.aOffset + i * pr.lda + p0, pr.lda, bArr, bo, kLen, t, to);
            } else {
              VectorTiles.tile12Rows(pr.a, pr.aOffset + i * pr.lda + p0, pr.lda, bArr, bo, bks, kLen, t, to);
            }
            if (p0 + kLen == k) {
              store(pr, t, to, w, i, pn * NR);
            }
          }
        }
      }
    }
  }

  /** A tile with op(A)'s columns contiguous, 16 or 32 columns wide. */
  private static void tileColumns(boolean narrow, float[] a, int ao, int aks, float[] b, int bo, int bks, int kLen,
      float[] t, int to) {
    if (narrow) {
      VectorTiles.tile12NarrowColumns(a, ao, aks, b, bo, kLen, t, to);
    } else {
      VectorTiles.tile12Columns(a, ao, aks, b, bo, bks, kLen, t, to);
    }
  }

  /**
   * {@code C = alpha * s (+ beta * C)} for the tile's rows and columns that lie inside C; the tile's rows are
   * {@code w} floats apart in {@code t}.
   */
  private static void store(Product pr, float[] t, int to, int w, int i0, int j0) {
    int rows = Math.min(MR, pr.m - i0);
    int cols = Math.min(w, pr.n - j0);
    float alpha = pr.alpha;
    float beta = pr.beta;
    float[] c = pr.c;
    int ci = pr.cOffset + i0 * pr.ldc + j0;
    for (int r = 0; r < rows; r++, ci += pr.ldc, to += w) {
      if (cols == NR) {
        for (int h = 0; h < NR; h += S.length()) {
          FloatVector v = FloatVector.fromArray(S, t, to + h).mul(alpha);
          if (beta != 0f) {
            v = v.add(FloatVector.fromArray(S, c, ci + h).mul(beta));
          }
          v.intoArray(c, ci + h);
        }
      } else {
        for (int j = 0; j < cols; j++) {
          float v = alpha * t[to + j];
          c[ci + j] = beta == 0f ? v : v + beta * c[ci + j];
        }
      }
    }
  }

  /**
   * The arguments of one product; panels from {@code packedFrom} on are packed. With {@code depth}, op(B)'s row
   * {@code p} is B's row {@code depth[p]} (all panels packed).
   */
  private record Product(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset,
      int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc, int packedFrom,
      int[] depth) {
  }

  /** Per-thread scratch arrays of the task a thread runs, grown on demand. */
  private static final class Scratch {
    /** Packed B up to this many floats (16 MiB) is kept; larger is allocated per product. */
    private static final long MAX_KEPT = 1L << 22;
    private float[] packedB = new float[0];
    private float[] edgeA = new float[0];
    private float[] tiles = new float[0];
    float[] packedB(long floats) {
      if (floats > MAX_KEPT) {
        return new float[Math.toIntExact(floats)];
      }
      if (packedB.length < floats) {
        packedB = new float[(int) floats];
      }
      return packedB;
    }

    float[] edgeA(int floats) {
      if (edgeA.length < floats) {
        edgeA = new float[floats];
      }
      return edgeA;
    }

    float[] tiles(int floats) {
      if (tiles.length < floats) {
        tiles = new float[floats];
      }
      return tiles;
    }
  }
}
