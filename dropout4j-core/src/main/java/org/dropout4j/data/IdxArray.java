package org.dropout4j.data;

import java.util.Arrays;

/**
 * An immutable n-dimensional array of unsigned bytes as stored in an IDX file: its dimensions and its values in
 * row-major order.
 */
public final class IdxArray {
  private final int[] dims;
  private final byte[] values;

  /**
   * An array of the given dimensions holding {@code values} (copied).
   *
   * @throws IllegalArgumentException if there are no dimensions, a dimension is below 1, or the value count
   *     differs from the product of the dimensions
   */
  public IdxArray(int[] dims, byte[] values) {
    if (dims.length == 0 || dims.length > 255) {
      throw new IllegalArgumentException("an IDX array needs 1..255 dimensions, received " + dims.length);
    }
    long n = 1;
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("IDX dimensions must be >= 1, received " + Arrays.toString(dims));
      }
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException("IDX dimensions " + Arrays.toString(dims) + " hold " + n
          + " values, received " + values.length);
    }
    this.dims = dims.clone();
    this.values = values.clone();
  }

  private IdxArray(int[] dims, byte[] values, boolean owned) {
    this.dims = dims;
    this.values = values;
  }

  /** An array that takes ownership of {@code values} (dimensions already validated by the reader). */
  static IdxArray wrap(int[] dims, byte[] values) {
    return new IdxArray(dims, values, true);
  }

  /** The dimensions, e.g. {@code [60000, 28, 28]}. */
  public int[] dims() {
    return dims.clone();
  }

  /** Number of values. */
  public int size() {
    return values.length;
  }

  /** The unsigned value at a flat row-major index, in 0..255. */
  public int get(int flatIndex) {
    return values[flatIndex] & 0xFF;
  }

  /** A copy of the raw values (read as unsigned with {@code & 0xFF}). */
  public byte[] bytes() {
    return values.clone();
  }

  byte[] shared() {
    return values;
  }

  @Override
  public String toString() {
    return "IdxArray" + Arrays.toString(dims);
  }
}
