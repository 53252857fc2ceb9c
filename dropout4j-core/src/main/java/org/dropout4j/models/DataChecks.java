package org.dropout4j.models;

import java.util.List;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** Checks on user data that give errors a user can act on, and row concatenation. */
final class DataChecks {
  private DataChecks() {
  }

  static void requireSameRows(Tensor x, Tensor y) {
    if (x == null || y == null) {
      throw new IllegalArgumentException("both x and y are required, received x=" + x + ", y=" + y);
    }
    if (x.rank() == 0 || y.rank() == 0) {
      throw new IllegalArgumentException("x and y need a batch dimension, received shapes " + x.shape() + " and "
          + y.shape());
    }
    if (x.shape().dim(0) != y.shape().dim(0)) {
      throw new IllegalArgumentException("Data cardinality is ambiguous: x has " + x.shape().dim(0) + " samples "
          + "(shape " + x.shape() + ") but y has " + y.shape().dim(0) + " (shape " + y.shape()
          + "); make sure all arrays contain the same number of samples");
    }
    if (x.shape().dim(0) == 0) {
      throw new IllegalArgumentException("x and y are empty (0 samples)");
    }
  }

  /** {@link #requireSameRows(Tensor, Tensor)} for every input against every target (one pair each if single). */
  static void requireSameRows(List<Tensor> xs, List<Tensor> ys) {
    if (xs == null || ys == null || xs.isEmpty() || ys.isEmpty()) {
      throw new IllegalArgumentException("both x and y are required, received x=" + xs + ", y=" + ys);
    }
    for (Tensor y : ys) {
      requireSameRows(xs.get(0), y);
    }
    for (int i = 1; i < xs.size(); i++) {
      requireSameRows(xs.get(i), ys.get(0));
    }
  }

  /** {@link #requireFinite(Tensor, String)} for every input ({@code x}), then every target ({@code y}). */
  static void requireFinite(List<Tensor> xs, List<Tensor> ys) {
    for (Tensor x : xs) {
      requireFinite(x, "x");
    }
    for (Tensor y : ys) {
      requireFinite(y, "y");
    }
  }

  static void requireFinite(Tensor t, String what) {
    int n = t.size();
    for (int i = 0; i < n; i++) {
      float v = t.get(i);
      if (!Float.isFinite(v)) {
        int cols = t.rank() <= 1 ? 1 : n / t.shape().dim(0);
        throw new IllegalArgumentException(what + " contains " + v + " at sample " + (i / cols) + ", element "
            + (i % cols) + " (flat index " + i + " of shape " + t.shape() + "); clean or impute the data first");
      }
    }
  }

  static Tensor concatRows(List<Tensor> parts) {
    int rows = 0;
    int total = 0;
    for (Tensor p : parts) {
      rows += p.shape().dim(0);
      total += p.size();
    }
    float[] v = new float[total];
    int off = 0;
    for (Tensor p : parts) {
      float[] a = p.toArray();
      System.arraycopy(a, 0, v, off, a.length);
      off += a.length;
    }
    Shape s = parts.get(0).shape().withBatch(rows);
    return Tensor.of(s, v);
  }
}
