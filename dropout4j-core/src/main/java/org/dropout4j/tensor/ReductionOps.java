package org.dropout4j.tensor;

/** Reductions behind {@link Ops}: sums and means, over everything or one axis. */
final class ReductionOps {
  private ReductionOps() {
  }

  /** Sum of all elements, a scalar. Accumulates in double. */
  static Tensor sum(Tensor x) {
    double s = 0;
    for (float v : x.data) {
      s += v;
    }
    float[] r = {(float) s};
    if (!OpSupport.anyGrad(x)) {
      return Tensor.wrap(Shape.of(), r);
    }
    return new Tensor(r, Shape.of(), true, new Tensor[] {x}, g -> {
      float[] gx = new float[x.data.length];
      java.util.Arrays.fill(gx, g[0]);
      x.accumulateOwned(gx);
    });
  }

  /** Mean of all elements, a scalar. */
  static Tensor mean(Tensor x) {
    if (x.data.length == 0) {
      throw new IllegalArgumentException("mean of an empty tensor of shape " + x.shape);
    }
    return ElementwiseOps.mulScalar(sum(x), 1f / x.data.length);
  }

  /**
   * Sum along one axis.
   *
   * @param axis the axis, negative counts from the end
   * @param keepDims whether the reduced axis stays with size 1
   */
  static Tensor sum(Tensor x, int axis, boolean keepDims) {
    int rank = x.rank();
    int ax = axis < 0 ? rank + axis : axis;
    if (ax < 0 || ax >= rank) {
      throw new IllegalArgumentException("sum: axis " + axis + " is out of range for shape " + x.shape);
    }
    int[] dims = x.shape.toArray();
    int outer = 1;
    for (int i = 0; i < ax; i++) {
      outer *= dims[i];
    }
    int len = dims[ax];
    int inner = 1;
    for (int i = ax + 1; i < rank; i++) {
      inner *= dims[i];
    }
    float[] r = new float[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < len; k++) {
        int base = (o * len + k) * inner;
        int ob = o * inner;
        for (int i = 0; i < inner; i++) {
          r[ob + i] += x.data[base + i];
        }
      }
    }
    int[] outDims;
    if (keepDims) {
      outDims = dims.clone();
      outDims[ax] = 1;
    } else {
      outDims = new int[rank - 1];
      for (int i = 0, j = 0; i < rank; i++) {
        if (i != ax) {
          outDims[j++] = dims[i];
        }
      }
    }
    Shape out = Shape.of(outDims);
    final int fOuter = outer;
    final int fInner = inner;
    return OpSupport.unaryOrWrap(r, out, x, g -> {
      float[] gx = new float[x.data.length];
      for (int o = 0; o < fOuter; o++) {
        for (int k = 0; k < len; k++) {
          System.arraycopy(g, o * fInner, gx, (o * len + k) * fInner, fInner);
        }
      }
      x.accumulateOwned(gx);
    });
  }

  /** Mean along one axis. */
  static Tensor mean(Tensor x, int axis, boolean keepDims) {
    int len = x.shape.dim(axis);
    return ElementwiseOps.mulScalar(sum(x, axis, keepDims), 1f / len);
  }
}
