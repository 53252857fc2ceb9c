package org.dropout4j.tensor;

/**
 * NumPy broadcasting: the result shape of two operands and, for each element of the result, the element of an
 * operand it reads. Package-private helper of {@link Ops}.
 */
final class Broadcast {
  private Broadcast() {
  }

  /** How an operand maps onto the result: the fast cases avoid an index table. */
  enum Kind { SAME, SCALAR, SUFFIX, GENERAL }

  static Shape shape(Shape a, Shape b, String op) {
    int rank = Math.max(a.rank(), b.rank());
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.rank() ? 1 : a.dim(i - (rank - a.rank()));
      int db = i < rank - b.rank() ? 1 : b.dim(i - (rank - b.rank()));
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " cannot be broadcast together "
            + "(dimension " + i + " of the result: " + da + " vs " + db + ")");
      }
      out[i] = da == 1 ? db : da;
    }
    return Shape.of(out);
  }

  static Kind kind(Shape in, Shape out) {
    if (in.equals(out)) {
      return Kind.SAME;
    }
    if (in.size() == 1) {
      return Kind.SCALAR;
    }
    // the operand equals the trailing dimensions of the result (leading 1s allowed), e.g. a bias (n,) on (b, n)
    int offset = out.rank() - in.rank();
    int firstReal = 0;
    while (firstReal < in.rank() && in.dim(firstReal) == 1) {
      firstReal++;
    }
    for (int i = firstReal; i < in.rank(); i++) {
      if (in.dim(i) != out.dim(i + offset)) {
        return Kind.GENERAL;
      }
    }
    return Kind.SUFFIX;
  }

  /** For each flat index of {@code out}, the flat index of the element of {@code in} it reads. */
  static int[] indexTable(Shape in, Shape out) {
    int rank = out.rank();
    int offset = rank - in.rank();
    int[] stride = new int[rank];
    int s = 1;
    for (int i = in.rank() - 1; i >= 0; i--) {
      stride[i + offset] = in.dim(i) == 1 ? 0 : s;
      s *= in.dim(i);
    }
    int n = out.size();
    int[] table = new int[n];
    int[] counter = new int[rank];
    int idx = 0;
    for (int flat = 0; flat < n; flat++) {
      table[flat] = idx;
      for (int d = rank - 1; d >= 0; d--) {
        counter[d]++;
        idx += stride[d];
        if (counter[d] < out.dim(d)) {
          break;
        }
        idx -= stride[d] * counter[d];
        counter[d] = 0;
      }
    }
    return table;
  }

  /** Reads {@code in} broadcast to {@code out} as a full-size array. */
  static float[] expand(float[] in, Shape inShape, Shape out) {
    int n = out.size();
    float[] r = new float[n];
    switch (kind(inShape, out)) {
      case SAME:
        System.arraycopy(in, 0, r, 0, n);
        break;
      case SCALAR:
        java.util.Arrays.fill(r, in[0]);
        break;
      case SUFFIX:
        for (int i = 0; i < n; i += in.length) {
          System.arraycopy(in, 0, r, i, in.length);
        }
        break;
      default:
        int[] t = indexTable(inShape, out);
        for (int i = 0; i < n; i++) {
          r[i] = in[t[i]];
        }
    }
    return r;
  }

  /** Sums a result-shaped gradient back onto an operand's shape (the adjoint of broadcasting). */
  static float[] reduce(float[] g, Shape out, Shape in) {
    switch (kind(in, out)) {
      case SAME:
        return g;
      case SCALAR: {
        double s = 0;
        for (float v : g) {
          s += v;
        }
        return new float[] {(float) s};
      }
      case SUFFIX: {
        int m = in.size();
        float[] r = new float[m];
        for (int i = 0; i < g.length; i += m) {
          for (int j = 0; j < m; j++) {
            r[j] += g[i + j];
          }
        }
        return r;
      }
      default: {
        float[] r = new float[in.size()];
        int[] t = indexTable(in, out);
        for (int i = 0; i < g.length; i++) {
          r[t[i]] += g[i];
        }
        return r;
      }
    }
  }
}
