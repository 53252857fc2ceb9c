package org.dropout4j.models;

import org.dropout4j.tensor.Parallel;

/**
 * The elementwise passes of {@link DenseHead} over row-major {@code m x width} buffers: fixed blocks of rows, run on
 * the {@link Parallel} pool from {@link #PARALLEL_ELEMENTS} values. The blocks are a function of the
 * shape only and every element is computed by one block, so the results do not depend on the number of threads.
 */
final class HeadPasses {
  /** Rows per task of the passes by rows: a fixed cut, so the bits do not depend on the thread count. */
  static final int ROWS_PER_TASK = 32;
  /**
   * Passes over fewer values run as one task. The mlp's passes over 128 x 512 values take 20-40 microseconds each;
   * with a bound of 2^18 they ran on the training thread alone, about a quarter of the work that thread did outside
   * parallel tasks (profile of 900 steps), the other core idle meanwhile.
   */
  static final int PARALLEL_ELEMENTS = 1 << 14;

  private HeadPasses() {
  }

  /** The body of one block of rows {@code [r0, r1)} of a pass. */
  @FunctionalInterface
  interface RowBlock {
    void run(int r0, int r1);
  }

  /** Runs {@code body} over {@code m} rows of {@code width} in fixed blocks of {@link #ROWS_PER_TASK}. */
  static void byRows(int m, int width, RowBlock body) {
    int tasks = (long) m * width < PARALLEL_ELEMENTS ? 1 : (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    if (tasks == 1) {
      body.run(0, m);
      return;
    }
    Parallel.run(tasks, t -> body.run(t * ROWS_PER_TASK, Math.min(m, (t + 1) * ROWS_PER_TASK)));
  }

  /** {@code out[i] = g[i] * mask[i]} on {@code [i0, i1)}. */
  static void multiply(float[] g, float[] mask, float[] out, int i0, int i1) {
    for (int i = i0; i < i1; i++) {
      out[i] = g[i] * mask[i];
    }
  }
}
