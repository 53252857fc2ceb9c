package org.dropout4j.models;

import java.util.function.IntConsumer;
import org.dropout4j.tensor.Parallel;

/**
 * The elementwise passes of {@link DenseHead} over row-major {@code m x width} buffers: fixed blocks of rows or of
 * columns, run on the {@link Parallel} pool from {@link #PARALLEL_ELEMENTS} values. The blocks are a function of the
 * shape only and every element is computed by one block, so the results do not depend on the number of threads.
 */
final class HeadPasses {
  /** Rows per task of the passes by rows: a fixed cut, so the bits do not depend on the thread count. */
  static final int ROWS_PER_TASK = 32;
  /**
   * Columns per task of the passes by columns: the backward pass that forms {@code d loss / d z} also sums the bias
   * gradient over the rows, each block its own columns, rows in order, so the sums are the serial loop's.
   */
  static final int COLUMNS_PER_TASK = 128;
  /**
   * Passes over fewer values run as one task. The mlp's passes over 128 x 512 values take 20-40 microseconds each;
   * with a bound of 2^18 they ran on the training thread alone and, with the bias gradient, were about a third of
   * the work that thread did outside parallel tasks (profile of 900 steps), the other core idle meanwhile.
   */
  static final int PARALLEL_ELEMENTS = 1 << 14;

  private HeadPasses() {
  }

  /** The body of one block of rows {@code [r0, r1)} of a pass. */
  @FunctionalInterface
  interface RowBlock {
    void run(int r0, int r1);
  }

  /** The body of column block {@code task}, columns {@code [j0, j1)}, of a pass by columns. */
  @FunctionalInterface
  interface ColumnBlock {
    void run(int task, int j0, int j1);
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

  /** Runs {@code body} over the columns of {@code m} rows of {@code width} in fixed blocks of {@link #COLUMNS_PER_TASK}. */
  static void byColumns(int m, int width, ColumnBlock body) {
    int blocks = (width + COLUMNS_PER_TASK - 1) / COLUMNS_PER_TASK;
    IntConsumer block = t -> body.run(t, t * COLUMNS_PER_TASK, Math.min(width, (t + 1) * COLUMNS_PER_TASK));
    if ((long) m * width < PARALLEL_ELEMENTS) {
      for (int t = 0; t < blocks; t++) {
        block.accept(t);
      }
    } else {
      Parallel.run(blocks, block);
    }
  }

  /** {@code out[i] = g[i] * mask[i]} on {@code [i0, i1)}. */
  static void multiply(float[] g, float[] mask, float[] out, int i0, int i1) {
    for (int i = i0; i < i1; i++) {
      out[i] = g[i] * mask[i];
    }
  }

  /**
   * Per column block of {@link #byColumns}, sums over rows: {@code sum[j] += row[j]} for each row in turn, starting
   * from 0, so a column's sum is the serial loop's. A block's row is copied into an array of its own first: HotSpot
   * vectorises {@code sum[j] += row[j]} but not {@code sum[j] += dz[o + j]}.
   */
  static final class ColumnSums {
    private final int width;
    private final float[][] rows;
    private final float[][] sums;

    /** Sums for the column blocks of rows of {@code width}. */
    ColumnSums(int width) {
      this.width = width;
      int blocks = (width + COLUMNS_PER_TASK - 1) / COLUMNS_PER_TASK;
      rows = new float[blocks][COLUMNS_PER_TASK];
      sums = new float[blocks][COLUMNS_PER_TASK];
    }

    /** The widest rows these sums cover. */
    int width() {
      return width;
    }

    /** Zeroes the first {@code w} sums of block {@code t}. */
    void clear(int t, int w) {
      java.util.Arrays.fill(sums[t], 0, w, 0f);
    }

    /** Adds {@code values[from, from + w)} to the sums of block {@code t}. */
    void add(int t, float[] values, int from, int w) {
      float[] row = rows[t];
      float[] sum = sums[t];
      System.arraycopy(values, from, row, 0, w);
      for (int j = 0; j < w; j++) {
        sum[j] += row[j];
      }
    }

    /** Copies the first {@code w} sums of block {@code t} to {@code dst[at, at + w)}. */
    void copyTo(int t, float[] dst, int at, int w) {
      System.arraycopy(sums[t], 0, dst, at, w);
    }
  }
}
