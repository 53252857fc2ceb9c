package org.dropout4j.tensor;

/** Shape ops behind {@link Ops}: reshape, transpose, and the row gathers and slices of mini-batches. */
final class ShapeOps {
  private ShapeOps() {
  }

  /**
   * The same values with another shape (no copy). One dimension may be -1 and is inferred.
   *
   * @throws IllegalArgumentException if the element counts differ
   */
  static Tensor reshape(Tensor x, int... dims) {
    int[] d = dims.clone();
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < d.length; i++) {
      if (d[i] == -1) {
        if (unknown >= 0) {
          throw new IllegalArgumentException("reshape: only one dimension may be -1, received "
              + java.util.Arrays.toString(dims));
        }
        unknown = i;
      } else {
        known *= d[i];
      }
    }
    if (unknown >= 0) {
      if (known == 0 || x.data.length % known != 0) {
        throw new IllegalArgumentException("reshape: cannot reshape " + x.shape + " into "
            + java.util.Arrays.toString(dims));
      }
      d[unknown] = (int) (x.data.length / known);
    }
    Shape out = Shape.of(d);
    if (out.size() != x.data.length) {
      throw new IllegalArgumentException("reshape: cannot reshape " + x.shape + " (" + x.data.length
          + " values) into " + out);
    }
    return OpSupport.unaryOrWrap(x.data, out, x, x::accumulate);
  }

  /** Transpose of a 2-D tensor. */
  static Tensor transpose(Tensor x) {
    if (x.rank() != 2) {
      throw new IllegalArgumentException("transpose needs a 2-D tensor, received shape " + x.shape);
    }
    int rows = x.shape.dim(0);
    int cols = x.shape.dim(1);
    float[] r = transposeData(x.data, rows, cols);
    return OpSupport.unaryOrWrap(r, Shape.of(cols, rows), x, g -> x.accumulateOwned(transposeData(g, cols, rows)));
  }

  static float[] transposeData(float[] a, int rows, int cols) {
    float[] r = new float[a.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        r[j * rows + i] = a[i * cols + j];
      }
    }
    return r;
  }

  /** The rows {@code indices} of a tensor along axis 0, as a constant (used for mini-batches). */
  static Tensor gatherRows(Tensor x, int[] indices, int from, int to) {
    if (x.rank() == 0) {
      throw new IllegalArgumentException("gatherRows needs a tensor of rank >= 1, received a scalar");
    }
    int rowSize = x.data.length / Math.max(x.shape.dim(0), 1);
    int count = to - from;
    float[] r = new float[count * rowSize];
    for (int i = 0; i < count; i++) {
      System.arraycopy(x.data, indices[from + i] * rowSize, r, i * rowSize, rowSize);
    }
    return Tensor.wrap(x.shape.withBatch(count), r);
  }

  /** Rows {@code [from, to)} along axis 0, as a constant. */
  static Tensor sliceRows(Tensor x, int from, int to) {
    int rows = x.shape.dim(0);
    if (from < 0 || to > rows || from > to) {
      throw new IllegalArgumentException("sliceRows: range [" + from + ", " + to + ") is outside 0.." + rows);
    }
    int rowSize = x.data.length / Math.max(rows, 1);
    float[] r = java.util.Arrays.copyOfRange(x.data, from * rowSize, to * rowSize);
    return Tensor.wrap(x.shape.withBatch(to - from), r);
  }
}
