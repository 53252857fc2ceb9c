package org.dropout4j.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape. A dimension of {@code -1} stands for an unknown size (Keras' {@code None}), used
 * for the batch dimension in {@code computeOutputShape} and summaries; concrete tensors have only known sizes.
 */
public final class Shape {
  /** The dimension value that means "unknown" (printed as {@code None}). */
  public static final int UNKNOWN = -1;

  private final int[] dims;

  private Shape(int[] dims) {
    this.dims = dims;
  }

  /**
   * A shape with the given dimensions.
   *
   * @param dims sizes, each {@code >= 0} or {@link #UNKNOWN}
   * @throws IllegalArgumentException if a size is below -1
   */
  public static Shape of(int... dims) {
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < UNKNOWN) {
        throw new IllegalArgumentException("invalid shape " + Arrays.toString(dims) + ": dimension " + i
            + " is " + dims[i] + ", expected a size >= 0 or -1 for unknown");
      }
    }
    return new Shape(dims.clone());
  }

  /** The shape {@code (None, dims...)}: an unknown batch size followed by known sizes. */
  public static Shape batchOf(int... dims) {
    int[] d = new int[dims.length + 1];
    d[0] = UNKNOWN;
    System.arraycopy(dims, 0, d, 1, dims.length);
    return of(d);
  }

  /** Number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Size of dimension {@code i}; negative {@code i} counts from the end like Python. */
  public int dim(int i) {
    return dims[i < 0 ? dims.length + i : i];
  }

  /** A copy of the dimensions. */
  public int[] toArray() {
    return dims.clone();
  }

  /** Number of elements; only defined when every dimension is known. */
  public int size() {
    long n = 1;
    for (int d : dims) {
      if (d == UNKNOWN) {
        throw new IllegalStateException("shape " + this + " has an unknown dimension and no element count");
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + this + " has " + n + " elements, more than a Java array holds");
    }
    return (int) n;
  }

  /** This shape without its first dimension (the per-sample shape of a batch). */
  public Shape dropFirst() {
    return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
  }

  /** This shape with its first dimension replaced by {@code batch}. */
  public Shape withBatch(int batch) {
    int[] d = dims.clone();
    d[0] = batch;
    return new Shape(d);
  }

  /** Whether both shapes have the same rank and each pair of known dimensions matches. */
  public boolean compatibleWith(Shape other) {
    if (other.dims.length != dims.length) {
      return false;
    }
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] != UNKNOWN && other.dims[i] != UNKNOWN && dims[i] != other.dims[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Python tuple notation, e.g. {@code (None, 500)} or {@code (3,)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(dims[i] == UNKNOWN ? "None" : Integer.toString(dims[i]));
    }
    if (dims.length == 1) {
      sb.append(',');
    }
    return sb.append(')').toString();
  }
}
