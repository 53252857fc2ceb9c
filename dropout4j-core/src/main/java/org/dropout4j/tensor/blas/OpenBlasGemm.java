package org.dropout4j.tensor.blas;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.dropout4j.tensor.Parallel;

/**
 * sgemm through OpenBLAS ({@code org.bytedeco:openblas}, the BLAS-only {@code openblas_nolapack} binding).
 *
 * <p>Arrays are not handed to JNI as {@code float[]}: JavaCPP then copies each whole array in and out with
 * {@code Get/ReleaseFloatArrayElements}, measured at roughly 25 ns per element of array length on this class of
 * machine (a 1M-float array costs ~30 ms per call). Instead the used region of each operand is copied, compactly,
 * into per-thread off-heap buffers with bulk {@link FloatBuffer} copies, and only C is copied back. C is not copied
 * in when {@code beta == 0}.
 *
 * <p>The library is loaded once, lazily, on first use of this class. Unless {@code OPENBLAS_NUM_THREADS} or
 * {@code OMP_NUM_THREADS} is set, OpenBLAS runs single-threaded ({@link #DEFAULT_THREADS}): its results change in the
 * last bits with its thread count (it partitions differently), so pinning it keeps {@link Gemm}'s
 * thread-independence clause on every machine; and on a shared machine its spinning worker threads were measured
 * 5x (MLP epoch) to 20x (LSTM epoch) slower than one thread when other processes held the cores. Large products
 * (at least {@link GemmSplit#SPLIT_WORK} multiply-adds) get their parallelism here instead: they are cut into blocks
 * fixed by the shape ({@link GemmSplit}: rows or columns of C, or the depth), each one single-threaded OpenBLAS call,
 * taken by the caller and a small pool ({@link Parallel}) so that a pool thread without a core costs nothing; their
 * large operand copies are shared out the same way, and a row or column block copies its own part of C in and out
 * within its task (no copy passes, and no hand-offs to the pool, of their own). Operands that several products read
 * ({@link MirroredOperand}) are not copied at all while their kept copy is current. Called from inside a {@link Parallel} task, a product is one
 * call on that task's thread. Set {@code OPENBLAS_NUM_THREADS} to let OpenBLAS itself use more threads (its bits
 * then depend on that count).
 */
final class OpenBlasGemm implements Gemm {
  /** Per-operand buffers up to this many floats (16 MiB) are kept per thread; larger ones are freed after use. */
  static final long MAX_CACHED_FLOATS = 1L << 22;

  /** Operands of at least this many floats are copied to and from off-heap memory by several threads. */
  static final int PARALLEL_COPY = 1 << 18;

  /** OpenBLAS threads unless {@code OPENBLAS_NUM_THREADS} or {@code OMP_NUM_THREADS} says otherwise. */
  static final int DEFAULT_THREADS = 1;

  private static final OpenBlasGemm INSTANCE = new OpenBlasGemm();

  private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

  private OpenBlasGemm() {
  }

  /** Loads the native library on first access to this holder; records why it failed instead of throwing. */
  private static final class Native {
    static final Throwable FAILURE = load();

    /**
     * Loads and configures the library on a thread of its own: the thread that runs OpenBLAS's initialisation was
     * measured to run Java code 1.4x slower afterwards (a 4000-epoch circles training took 0.14 s of CPU time instead
     * of 0.10 s on the loading thread, 0.10 s on any other), so the caller's thread is kept out of it.
     */
    private static Throwable load() {
      NativeLoader task = new NativeLoader();
      Thread loader = new Thread(task, "dropout4j-openblas-loader");
      loader.start();
      try {
        loader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return e;
      }
      return task.failure;
    }
  }

  /**
   * Loads and configures the library. A class of its own, not a lambda in {@link Native}: the loading thread must
   * not need {@code Native}'s initialisation, which waits for it.
   */
  private static final class NativeLoader implements Runnable {
    volatile Throwable failure;

    @Override
    public void run() {
      try {
        Loader.load(openblas_nolapack.class);
        if (System.getenv("OPENBLAS_NUM_THREADS") == null && System.getenv("OMP_NUM_THREADS") == null) {
          openblas_nolapack.blas_set_num_threads(DEFAULT_THREADS);
        }
      } catch (LinkageError | RuntimeException e) {
        failure = e;
      }
    }
  }

  /** Whether the native library loaded; loads it on first call. */
  static boolean available() {
    return Native.FAILURE == null;
  }

  /**
   * The kernel.
   *
   * @throws IllegalStateException if the native library could not be loaded, naming the cause
   */
  static OpenBlasGemm instance() {
    Throwable failure = Native.FAILURE;
    if (failure != null) {
      throw new IllegalStateException("OpenBLAS is not available: the native library failed to load (" + failure
          + "); check that org.bytedeco:openblas has a jar for this platform, or select the pure-Java kernel with -D"
          + Blas.PROPERTY + "=java", failure);
    }
    return INSTANCE;
  }

  @Override
  public String name() {
    return "openblas";
  }

  @Override
  public String toString() {
    return "openblas";
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    GemmArgs.check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
    if (alpha != 0f && FewRowsGemm.applies(transA, m, n, k)) {   // copying B off-heap would cost more than the product
      FewRowsGemm.sgemm(transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
      return;
    }
    if (alpha != 0f && FewColumnsGemm.applies(transA, transB, m, n, k)) { // copying A would cost more, likewise
      FewColumnsGemm.sgemm(m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
      return;
    }
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    multiply(transA, transB, m, n, k, alpha, buf -> copyIn(a, aOffset, lda, aRows, aCols, buf, !Parallel.inTask()),
        null, b, bOffset, ldb, null, beta, c, cOffset, ldc);
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, OperandWriter a,
      float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
    GemmArgs.checkWrittenA(transB, m, n, k, b, bOffset, ldb, c, cOffset, ldc);
    multiply(transA, transB, m, n, k, alpha, a, null, b, bOffset, ldb, null, beta, c, cOffset, ldc);
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MirroredOperand a,
      MirroredOperand b, float beta, float[] c, int cOffset, int ldc) {
    int aCols = Math.max(1, transA ? m : k);
    int bCols = Math.max(1, transB ? k : n);
    GemmArgs.check(transA, transB, m, n, k, a.heap(), 0, aCols, b.heap(), 0, bCols, c, cOffset, ldc);
    if (alpha != 0f && (FewRowsGemm.applies(transA, m, n, k) || FewColumnsGemm.applies(transA, transB, m, n, k))) {
      sgemm(transA, transB, m, n, k, alpha, a.heap(), 0, aCols, b.heap(), 0, bCols, beta, c, cOffset, ldc);
      return;
    }
    multiply(transA, transB, m, n, k, alpha, null, a, null, 0, bCols, b, beta, c, cOffset, ldc);
  }

  /**
   * The product with A placed into its off-heap buffer by {@code fillA} or kept in {@code mirrorA}, and B copied
   * from {@code b} or kept in {@code mirrorB}.
   */
  private void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha, OperandWriter fillA,
      MirroredOperand mirrorA, float[] b, int bOffset, int ldb, MirroredOperand mirrorB, float beta, float[] c,
      int cOffset, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0 || alpha == 0f) {
      GemmArgs.scaleRows(beta, c, cOffset, ldc, 0, m, n);
      return;
    }
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    Workspace ws = workspaces.get();
    // inside a Parallel task the product stays one call: split blocks would run one after the other anyway, and
    // each repacks B (measured: a 576 x 64 x 288 product in 8 blocks took 247 instead of 200 us)
    boolean inTask = Parallel.inTask();
    FloatPointer pa = mirrorA != null ? mirrorA.current(aRows * aCols, !inTask) : ws.a.reserve((long) aRows * aCols);
    FloatPointer pb = mirrorB != null ? mirrorB.current(bRows * bCols, !inTask) : ws.b.reserve((long) bRows * bCols);
    FloatPointer pc = ws.c.reserve((long) m * n);
    try {
      GemmSplit split = inTask ? GemmSplit.NONE : GemmSplit.of(m, n, k);
      if (mirrorA == null) {
        fillA.write(ws.a.buffer(pa));
      }
      if (mirrorB == null) {
        copyIn(b, bOffset, ldb, bRows, bCols, ws.b.buffer(pb), !inTask);
      }
      int opA = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
      int opB = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
      if (split.axis == GemmSplit.Axis.DEPTH) {
        depthSplit(split, opA, opB, transA, transB, m, n, alpha, pa, aCols, pb, bCols, beta, c, cOffset, ldc,
            ws.partials);
        return;
      }
      FloatBuffer cBuf = ws.c.buffer(pc);
      if (split.axis == GemmSplit.Axis.ROWS) {
        // each block copies its own rows of C in (beta != 0) and out: no copy passes of their own
        Parallel.run(split.blocks, i -> {
          int r0 = split.start(i);
          int rows = split.length(i, m);
          if (beta != 0f) {
            copyBlock(true, cBuf, r0, r0 + rows, 0, n, n, c, cOffset, ldc);
          }
          // rows [r0, r0 + rows) of op(A) start at row r0 of A, or at column r0 of A stored transposed
          FloatPointer blockA = new FloatPointer(pa).position(transA ? r0 : (long) r0 * aCols);
          FloatPointer blockC = new FloatPointer(pc).position((long) r0 * n);
          openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, opA, opB, rows, n, k, alpha, blockA,
              aCols, pb, bCols, beta, blockC, n);
          copyBlock(false, cBuf, r0, r0 + rows, 0, n, n, c, cOffset, ldc);
        });
        return;
      }
      if (split.axis == GemmSplit.Axis.COLUMNS) {
        Parallel.run(split.blocks, i -> {
          int c0 = split.start(i);
          int cols = split.length(i, n);
          if (beta != 0f) {
            copyBlock(true, cBuf, 0, m, c0, c0 + cols, n, c, cOffset, ldc);
          }
          // columns [c0, c0 + cols) of op(B) start at column c0 of B, or at row c0 of B stored transposed
          FloatPointer blockB = new FloatPointer(pb).position(transB ? (long) c0 * bCols : c0);
          FloatPointer blockC = new FloatPointer(pc).position(c0);
          openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, cols, k, alpha, pa, aCols,
              blockB, bCols, beta, blockC, n);
          copyBlock(false, cBuf, 0, m, c0, c0 + cols, n, c, cOffset, ldc);
        });
        return;
      }
      if (beta != 0f) {
        copyIn(c, cOffset, ldc, m, n, cBuf, !inTask);
      }
      openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, k, alpha, pa, aCols, pb, bCols,
          beta, pc, n);
      copyOut(cBuf, m, n, c, cOffset, ldc, !inTask);
    } finally {
      if (mirrorA == null) {
        ws.a.release(pa);
      }
      if (mirrorB == null) {
        ws.b.release(pb);
      }
      ws.c.release(pc);
    }
  }

  /**
   * A product cut along the depth: block {@code i} computes {@code alpha * op(A)[:, ki] op(B)[ki, :]} into its own
   * partial, and {@code C = partial_0 + partial_1 + ... (+ beta * C)}, added in that order.
   */
  private static void depthSplit(GemmSplit split, int opA, int opB, boolean transA, boolean transB, int m, int n,
      float alpha, FloatPointer pa, int aCols, FloatPointer pb, int bCols, float beta, float[] c, int cOffset,
      int ldc, Slot partialSlot) {
    int mn = m * n;
    FloatPointer partials = partialSlot.reserve((long) split.blocks * mn);
    try {
      Parallel.run(split.blocks, i -> {
        int k0 = split.start(i);
        // depth [k0, k0 + kk) of op(A) is columns k0.. of A, or rows k0.. of A stored transposed; of op(B) rows
        // k0.. of B, or columns k0.. of B stored transposed
        FloatPointer blockA = new FloatPointer(pa).position(transA ? (long) k0 * aCols : k0);
        FloatPointer blockB = new FloatPointer(pb).position(transB ? k0 : (long) k0 * bCols);
        FloatPointer part = new FloatPointer(partials).position((long) i * mn);
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n,
            split.length(i, split.axisLength), alpha, blockA, aCols, blockB, bCols, 0f, part, n);
      });
      FloatBuffer all = partialSlot.buffer(partials);
      int blocks = split.blocks;
      // summed row by row straight into C (no product-sized temporaries), rows shared out among threads; each
      // element is added in the same order whatever the chunking, so the bits do not depend on it
      byRowChunks(m, n, true, (r0, r1) -> {
        float[] sum = new float[n];
        float[] part = new float[n];
        for (int r = r0; r < r1; r++) {
          all.get(r * n, sum, 0, n);
          for (int i = 1; i < blocks; i++) {
            all.get(i * mn + r * n, part, 0, n);
            for (int j = 0; j < n; j++) {
              sum[j] += part[j];
            }
          }
          int row = cOffset + r * ldc;
          if (beta == 0f) {
            System.arraycopy(sum, 0, c, row, n);
          } else {
            for (int j = 0; j < n; j++) {
              c[row + j] = sum[j] + beta * c[row + j];
            }
          }
        }
      });
    } finally {
      partialSlot.release(partials);
    }
  }

  /** Copies rows of a strided array into a compact off-heap buffer; large ones by several threads. */
  private static void copyIn(float[] src, int offset, int ld, int rows, int cols, FloatBuffer buf,
      boolean mayParallelize) {
    byRowChunks(rows, cols, mayParallelize, (r0, r1) -> {
      if (ld == cols) {
        buf.put(r0 * cols, src, offset + r0 * ld, (r1 - r0) * cols);
      } else {
        for (int r = r0; r < r1; r++) {
          buf.put(r * cols, src, offset + r * ld, cols);
        }
      }
    });
  }

  /** Copies elements {@code [from, to)} of {@code src} to the same indices of {@code dst}; large ones by several threads. */
  static void copyRange(float[] src, int from, int to, FloatBuffer dst, boolean mayParallelize) {
    byRowChunks(to - from, 1, mayParallelize, (r0, r1) -> dst.put(from + r0, src, from + r0, r1 - r0));
  }

  /**
   * Copies the block {@code [r0, r1) x [c0, c1)} of C between its compact off-heap buffer ({@code n} columns) and
   * the caller's array: in ({@code toBuffer}) or out.
   */
  private static void copyBlock(boolean toBuffer, FloatBuffer buf, int r0, int r1, int c0, int c1, int n, float[] c,
      int cOffset, int ldc) {
    if (ldc == n && c0 == 0 && c1 == n) {
      if (toBuffer) {
        buf.put(r0 * n, c, cOffset + r0 * n, (r1 - r0) * n);
      } else {
        buf.get(r0 * n, c, cOffset + r0 * n, (r1 - r0) * n);
      }
      return;
    }
    for (int r = r0; r < r1; r++) {
      if (toBuffer) {
        buf.put(r * n + c0, c, cOffset + r * ldc + c0, c1 - c0);
      } else {
        buf.get(r * n + c0, c, cOffset + r * ldc + c0, c1 - c0);
      }
    }
  }

  /** The reverse of {@link #copyIn}. */
  private static void copyOut(FloatBuffer buf, int rows, int cols, float[] dst, int offset, int ld,
      boolean mayParallelize) {
    byRowChunks(rows, cols, mayParallelize, (r0, r1) -> {
      if (ld == cols) {
        buf.get(r0 * cols, dst, offset + r0 * ld, (r1 - r0) * cols);
      } else {
        for (int r = r0; r < r1; r++) {
          buf.get(r * cols, dst, offset + r * ld, cols);
        }
      }
    });
  }

  /** Rows {@code [r0, r1)} of a copy. */
  @FunctionalInterface
  private interface RowRange {
    void copy(int r0, int r1);
  }

  /**
   * Runs a copy of {@code rows x cols} floats as one range, or, from {@link #PARALLEL_COPY} floats on and outside a
   * task, as one range of rows per processor in parallel.
   */
  private static void byRowChunks(int rows, int cols, boolean mayParallelize, RowRange body) {
    int chunks = !mayParallelize || (long) rows * cols < PARALLEL_COPY || rows < 2 ? 1
        : Math.min(rows, Parallel.THREADS);
    if (chunks == 1) {
      body.copy(0, rows);
      return;
    }
    Parallel.run(chunks, i -> body.copy((int) ((long) rows * i / chunks), (int) ((long) rows * (i + 1) / chunks)));
  }

  /** One thread's off-heap operand buffers. */
  private static final class Workspace {
    final Slot a = new Slot();
    final Slot b = new Slot();
    final Slot c = new Slot();
    /** The partial products of a depth cut. */
    final Slot partials = new Slot();
  }

  /** A growable off-heap buffer; requests above {@link #MAX_CACHED_FLOATS} get a temporary one. */
  private static final class Slot {
    private FloatPointer cached;
    private FloatBuffer cachedBuffer;

    FloatPointer reserve(long floats) {
      if (floats > MAX_CACHED_FLOATS) {
        return new FloatPointer(floats);
      }
      if (cached == null || cached.capacity() < floats) {
        if (cached != null) {
          cached.close();
        }
        cached = new FloatPointer(Math.max(floats, 1024));
        cachedBuffer = cached.asBuffer();
      }
      return cached;
    }

    /** A direct-buffer view of a pointer from {@link #reserve}; cached for the cached pointer. */
    FloatBuffer buffer(FloatPointer pointer) {
      return pointer == cached ? cachedBuffer : pointer.asBuffer();
    }

    void release(FloatPointer pointer) {
      if (pointer != cached) {
        pointer.close();
      }
    }
  }
}
