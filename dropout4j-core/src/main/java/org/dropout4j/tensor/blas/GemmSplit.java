package org.dropout4j.tensor.blas;

/**
 * How one large product is cut into independent single-threaded calls: by rows of C, by columns of C, or along the
 * shared depth {@code k} (partial products, then summed in block order). The cut is a function of the shape only,
 * never of the core count, so a product gives the same bits on every machine.
 *
 * <p>The axis is the one that repacks the least: each call packs its own slices of A and B, so cutting rows
 * repacks all of B per block ({@code blocks * k * n + m * k} floats packed), cutting columns repacks all of A
 * ({@code blocks * m * k + k * n}), and cutting the depth packs each operand once but adds {@code blocks * m * n}
 * partial sums; it is only used when C is small. A Dense layer's forward product on a 9216-wide input
 * (128 x 128 x 9216) is cut along the depth in 8 blocks, its input gradient (128 x 9216 x 128) by columns; the
 * Fashion-MNIST mlp's forward products (128 x 512 x 784 and 128 x 512 x 512) by columns in 2 blocks, its kernel
 * gradients (784 x 512 x 128, 512 x 512 x 128) by rows in 2 blocks ({@link #MIN_BLOCK_WORK}).
 */
final class GemmSplit {
  /** The axis a product is cut along. */
  enum Axis {
    /** One call. */
    NONE,
    /** Blocks of rows of C. */
    ROWS,
    /** Blocks of columns of C. */
    COLUMNS,
    /** Blocks of the depth k, each giving a partial C. */
    DEPTH
  }

  /** Products with at least this many multiply-adds are cut. */
  static final long SPLIT_WORK = 1L << 23;
  /** Rows or columns of C per block, at least. */
  static final int MIN_BLOCK = 64;
  /** Depth per block, at least. */
  static final int MIN_DEPTH_BLOCK = 256;
  /** Most blocks one product is cut into. */
  static final int MAX_BLOCKS = 8;
  /**
   * Multiply-adds per block, at least: each block packs the operand it does not cut again (and a depth block adds a
   * partial C), which pays only for enough work. The mlp's kernel gradient 512 x 512 x 128 in 8 row blocks packed its
   * 128 x 512 operand 8 times; its forward products went to depth blocks whose partials were then summed on one
   * thread. With this bound they take 2 row or column blocks; a 128 x 128 x 9216 Dense forward still takes 8.
   */
  static final long MIN_BLOCK_WORK = 1L << 24;
  /** C may have at most this many elements for a depth cut (its partials are summed in Java). */
  static final int MAX_DEPTH_SPLIT_C = 1 << 16;

  static final GemmSplit NONE = new GemmSplit(Axis.NONE, 0, 1, 0);

  final Axis axis;
  /** Length of the axis that is cut (m, n or k). */
  final int axisLength;
  /** Number of blocks. */
  final int blocks;
  /** Rows, columns or depth per block (the last block may be shorter): a multiple of 16. */
  final int size;

  private GemmSplit(Axis axis, int length, int blocks, int size) {
    this.axis = axis;
    this.axisLength = length;
    this.blocks = blocks;
    this.size = size;
  }

  /** The cut of an m x n x k product. */
  static GemmSplit of(int m, int n, int k) {
    if ((long) m * n * k < SPLIT_WORK) {
      return NONE;
    }
    long work = (long) m * n * k;
    GemmSplit rows = along(Axis.ROWS, m, MIN_BLOCK, work);
    GemmSplit columns = along(Axis.COLUMNS, n, MIN_BLOCK, work);
    GemmSplit depth = (long) m * n <= MAX_DEPTH_SPLIT_C ? along(Axis.DEPTH, k, MIN_DEPTH_BLOCK, work) : NONE;
    GemmSplit best = rows;
    long bestCost = rows.blocks > 1 ? (long) rows.blocks * k * n + (long) m * k : Long.MAX_VALUE;
    if (columns.blocks > 1) {
      long cost = (long) columns.blocks * m * k + (long) k * n;
      if (cost < bestCost) {
        best = columns;
        bestCost = cost;
      }
    }
    if (depth.blocks > 1) {
      long cost = (long) m * k + (long) k * n + (long) depth.blocks * m * n;
      if (cost < bestCost) {
        best = depth;
      }
    }
    return best.blocks > 1 ? best : NONE;
  }

  /**
   * The most blocks of at least {@code min} along an axis of {@code length} and of at least {@link #MIN_BLOCK_WORK}
   * of the product's {@code work}, at most {@link #MAX_BLOCKS}, in a power of two: 2, 4 or 8 threads then finish
   * them together (a 784-deep product cut in 3 blocks kept one of two threads idle for a third of it; 784 rows in 7
   * blocks of 112, for an eighth).
   */
  private static GemmSplit along(Axis axis, int length, int min, long work) {
    long most = Math.min(Math.min(MAX_BLOCKS, length / min), Math.max(2, work / MIN_BLOCK_WORK));
    for (int blocks = Integer.highestOneBit((int) Math.max(1, most)); blocks > 1; blocks /= 2) {
      int size = blockSize(length, blocks);
      if ((length + size - 1) / size == blocks) { // rounding the size up to 16 may leave a block empty
        return new GemmSplit(axis, length, blocks, size);
      }
    }
    return NONE;
  }

  /** {@code length} split evenly into {@code blocks}, rounded up to a multiple of 16 (the kernels' register block). */
  static int blockSize(int length, int blocks) {
    int size = (length + blocks - 1) / blocks;
    return (size + 15) / 16 * 16;
  }

  /** Start of block {@code i}. */
  int start(int i) {
    return i * size;
  }

  /** Length of block {@code i} along an axis of {@code length}. */
  int length(int i, int length) {
    return Math.min(length, (i + 1) * size) - i * size;
  }

  @Override
  public String toString() {
    return axis + (axis == Axis.NONE ? "" : " x " + blocks + " of " + size);
  }
}
