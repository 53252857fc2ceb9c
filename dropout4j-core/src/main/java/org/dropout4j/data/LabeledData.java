package org.dropout4j.data;

import java.util.Arrays;

/**
 * An immutable set of labelled samples: a feature matrix {@code x} of {@code size()} rows and {@code features()}
 * columns, and one integer label per row. Constructor and accessors copy, so no caller can change an instance.
 *
 * <pre>{@code
 * LabeledData data = ToyDatasets.makeCircles(100, 0.1, 1);
 * LabeledData train = data.rows(0, 30);    // rows 0..29
 * LabeledData test = data.rows(30, 100);   // rows 30..99
 * }</pre>
 */
public final class LabeledData {
  private final double[][] x;
  private final int[] y;
  private final int features;

  /**
   * Creates a data set from copies of {@code x} and {@code y}.
   *
   * @param x one row of features per sample; all rows the same length (0 rows allowed)
   * @param y one label per row of {@code x}
   * @throws IllegalArgumentException if a row is null, the rows differ in length, or {@code y.length != x.length}
   * @throws NullPointerException if {@code x} or {@code y} is null
   */
  public LabeledData(double[][] x, int[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x and y must have the same number of rows, received x with " + x.length
          + " rows and y with " + y.length + " labels");
    }
    this.features = x.length == 0 ? 0 : lengthOf(x, 0);
    this.x = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      if (lengthOf(x, i) != features) {
        throw new IllegalArgumentException("all rows of x must have the same length, row 0 has " + features
            + " values and row " + i + " has " + x[i].length);
      }
      this.x[i] = x[i].clone();
    }
    this.y = y.clone();
  }

  private static int lengthOf(double[][] x, int row) {
    if (x[row] == null) {
      throw new IllegalArgumentException("row " + row + " of x is null");
    }
    return x[row].length;
  }

  /** Number of samples (rows). */
  public int size() {
    return y.length;
  }

  /** Number of features (columns of {@code x}); 0 for an empty data set. */
  public int features() {
    return features;
  }

  /** A copy of the feature matrix, one row per sample. */
  public double[][] x() {
    double[][] copy = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      copy[i] = x[i].clone();
    }
    return copy;
  }

  /** A copy of the labels. */
  public int[] y() {
    return y.clone();
  }

  /**
   * The feature in {@code column} of sample {@code row}.
   *
   * @throws IndexOutOfBoundsException if {@code row} or {@code column} is out of range
   */
  public double x(int row, int column) {
    return x[row][column];
  }

  /**
   * The label of sample {@code row}.
   *
   * @throws IndexOutOfBoundsException if {@code row} is out of range
   */
  public int label(int row) {
    return y[row];
  }

  /**
   * The samples {@code from} (inclusive) to {@code to} (exclusive), like Python's {@code X[from:to]}.
   *
   * @param from first row, in [0, size()]
   * @param to end row, in [from, size()]
   * @throws IndexOutOfBoundsException if the range is not within [0, size()] or {@code from > to}
   */
  public LabeledData rows(int from, int to) {
    if (from < 0 || to > y.length || from > to) {
      throw new IndexOutOfBoundsException("invalid row range, expected 0 <= from <= to <= size() = " + y.length
          + ", received from=" + from + ", to=" + to);
    }
    return new LabeledData(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to));
  }

  /** Equal when both hold the same labels and bit-identical features in the same order. */
  @Override
  public boolean equals(Object other) {
    return other instanceof LabeledData that && features == that.features && Arrays.equals(y, that.y)
        && Arrays.deepEquals(x, that.x);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(x) + Arrays.hashCode(y);
  }

  @Override
  public String toString() {
    return "LabeledData[size=" + y.length + ", features=" + features + "]";
  }
}
