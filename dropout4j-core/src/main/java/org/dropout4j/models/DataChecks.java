package org.dropout4j.models;

import java.util.List;
import org.dropout4j.tensor.Parallel;
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

  /**
   * Refuses a tensor holding NaN or an infinity, naming the first such value's sample and element. Tensors of more
   * than {@link #FINITE_CHUNK} values are scanned in chunks on the {@link Parallel} pool (the first bad value is
   * still the one reported): {@code fit} scans its whole {@code x} on every call, 47 million values for a
   * Fashion-MNIST epoch, which took the training thread about 11 ms per 38,400 images while the other core idled.
   */
  static void requireFinite(Tensor t, String what) {
    int n = t.size();
    int i = n <= FINITE_CHUNK ? firstNonFinite(t, 0, n) : firstNonFiniteInChunks(t, n);
    if (i >= 0) {
      float v = t.get(i);
      int cols = t.rank() <= 1 ? 1 : n / t.shape().dim(0);
      throw new IllegalArgumentException(what + " contains " + v + " at sample " + (i / cols) + ", element "
          + (i % cols) + " (flat index " + i + " of shape " + t.shape() + "); clean or impute the data first");
    }
  }

  /** Values per task of {@link #requireFinite}'s parallel scan (4 MB). */
  static final int FINITE_CHUNK = 1 << 20;

  /** The flat index of the first value in {@code [from, to)} that is not finite, or -1. */
  private static int firstNonFinite(Tensor t, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Float.isFinite(t.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** {@link #firstNonFinite} of the whole tensor, chunk by chunk in parallel; the lowest index found wins. */
  private static int firstNonFiniteInChunks(Tensor t, int n) {
    int chunks = (n + FINITE_CHUNK - 1) / FINITE_CHUNK;
    int[] first = new int[chunks];
    Parallel.run(chunks, c -> first[c] = firstNonFinite(t, c * FINITE_CHUNK, Math.min(n, (c + 1) * FINITE_CHUNK)));
    for (int f : first) {
      if (f >= 0) {
        return f;
      }
    }
    return -1;
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
