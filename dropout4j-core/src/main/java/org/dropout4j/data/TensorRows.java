package org.dropout4j.data;

import java.util.Objects;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** The rows of a tensor in memory, as a {@link RowSource}. */
final class TensorRows implements RowSource {
  private final Tensor tensor;
  private final Shape rowShape;
  private final int rowSize;

  TensorRows(Tensor tensor) {
    this.tensor = tensor;
    this.rowShape = tensor.shape().dropFirst();
    this.rowSize = rowShape.size();
  }

  @Override
  public Shape rowShape() {
    return rowShape;
  }

  @Override
  public long rows() {
    return tensor.shape().dim(0);
  }

  @Override
  public void read(long firstRow, int count, float[] dst, int offset) {
    Objects.checkFromIndexSize(firstRow, count, rows());
    int base = (int) firstRow * rowSize;
    for (int i = 0; i < count * rowSize; i++) {
      dst[offset + i] = tensor.get(base + i);
    }
  }

  @Override
  public String description() {
    return "tensor of shape " + tensor.shape();
  }
}
