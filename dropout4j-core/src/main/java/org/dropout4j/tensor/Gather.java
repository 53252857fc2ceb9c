package org.dropout4j.tensor;

/** Differentiable row lookup: the functional core of Embedding. */
public final class Gather {
  private Gather() {
  }

  /**
   * Rows {@code ids} of a 2-D {@code table (n, d)}, as a tensor of shape {@code (leading..., d)}; the backward
   * scatter-adds each output row's gradient into its table row (repeated ids accumulate).
   *
   * @param leading the output's leading dimensions, whose product is {@code ids.length}
   * @throws IllegalArgumentException if the table is not 2-D, the dimensions don't hold {@code ids.length} ids or an
   *     id is outside {@code [0, n)}
   */
  public static Tensor rows(Tensor table, int[] ids, int... leading) {
    if (table.rank() != 2) {
      throw new IllegalArgumentException("Gather.rows needs a 2-D table, received shape " + table.shape);
    }
    int n = table.shape.dim(0);
    int d = table.shape.dim(1);
    long count = 1;
    int[] dims = new int[leading.length + 1];
    for (int i = 0; i < leading.length; i++) {
      count *= leading[i];
      dims[i] = leading[i];
    }
    dims[leading.length] = d;
    if (count != ids.length) {
      throw new IllegalArgumentException("Gather.rows: " + ids.length + " ids do not fill leading dimensions "
          + java.util.Arrays.toString(leading));
    }
    float[] out = new float[ids.length * d];
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id < 0 || id >= n) {
        throw new IllegalArgumentException("Gather.rows: id " + id + " at position " + i + " is outside [0, " + n
            + ")");
      }
      System.arraycopy(table.data, id * d, out, i * d, d);
    }
    Shape shape = Shape.of(dims);
    if (!table.requiresGrad()) {
      return Tensor.wrap(shape, out);
    }
    return new Tensor(out, shape, true, new Tensor[] {table}, g -> {
      float[] gt = new float[n * d];
      for (int i = 0; i < ids.length; i++) {
        int o = ids[i] * d;
        int go = i * d;
        for (int j = 0; j < d; j++) {
          gt[o + j] += g[go + j];
        }
      }
      table.accumulateOwned(gt);
    });
  }
}
