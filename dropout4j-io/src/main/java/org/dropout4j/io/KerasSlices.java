package org.dropout4j.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.AxisGather;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The key of a Keras 3 {@code GetItem} op ({@code x[:, 0]}, {@code x[:, 1:3]}, {@code x[:, ::-1, 2]}): per axis a
 * slice {@code {"class_name": "__slice__", "config": {start, stop, step}}} with Python's semantics (negative
 * indices from the end, clamped bounds, negative steps) or an integer index, which drops the axis; axes after the
 * key are kept whole. The batch axis must be taken whole ({@code :}); {@code None}/{@code newaxis}, Ellipsis and
 * tensor indices are refused naming the op.
 */
final class KerasSlices {
  private KerasSlices() {
  }

  /**
   * The key of a GetItem call's {@code args} ({@code [tensor, key]}): per axis {@code {start, stop, step}} (null
   * entries as Python's {@code None}) or {@code {index}}.
   *
   * @throws IllegalArgumentException naming the op if the key is not read
   */
  @SuppressWarnings("unchecked")
  static List<Integer[]> read(String label, List<Object> args) {
    if (args.size() != 2) {
      throw new IllegalArgumentException(label + ": expected a tensor and a key, received " + args);
    }
    Object k = args.get(1);
    List<Object> items = k instanceof List ? (List<Object>) k : List.of(k);
    List<Integer[]> key = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof Integer i) {
        key.add(new Integer[] {i});
      } else if (item instanceof Map<?, ?> m && "__slice__".equals(m.get("class_name"))
          && m.get("config") instanceof Map<?, ?> c && bound(c.get("start")) && bound(c.get("stop"))
          && bound(c.get("step"))) {
        key.add(new Integer[] {(Integer) c.get("start"), (Integer) c.get("stop"), (Integer) c.get("step")});
      } else {
        throw new IllegalArgumentException(label + ": the slicing key " + k + " is not read (dropout4j reads integer "
            + "indices and slices start:stop:step of integers; not None/newaxis, Ellipsis or tensors)");
      }
    }
    if (key.isEmpty() || key.get(0).length != 3 || key.get(0)[0] != null || key.get(0)[1] != null
        || key.get(0)[2] != null && key.get(0)[2] != 1) {
      throw new IllegalArgumentException(label + ": the key " + k + " indexes the batch axis; dropout4j reads "
          + "slices that keep the batch whole (x[:, ...])");
    }
    return key;
  }

  private static boolean bound(Object v) {
    return v == null || v instanceof Integer;
  }

  /** The output shape of the key on {@code s}. */
  static Shape shape(String label, List<Integer[]> key, Shape s) {
    if (key.size() > s.rank()) {
      throw new IllegalArgumentException(label + ": a key of " + key.size() + " axes on a tensor of shape " + s);
    }
    List<Integer> dims = new ArrayList<>();
    dims.add(s.dim(0));
    for (int axis = 1; axis < s.rank(); axis++) {
      Integer[] k = axis < key.size() ? key.get(axis) : null;
      if (k == null) {
        dims.add(s.dim(axis));
      } else if (s.dim(axis) == Shape.UNKNOWN) {
        throw new IllegalArgumentException(label + ": axis " + axis + " of shape " + s + " has no known size, so "
            + "its slice cannot be resolved when the model is built");
      } else if (k.length == 3) {
        dims.add(indices(label, k, s.dim(axis)).length);
      } else {
        index(label, k[0], s.dim(axis));
      }
    }
    return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
  }

  /** {@code x[key]}. */
  static Tensor apply(List<Integer[]> key, Tensor x) {
    List<Integer> kept = new ArrayList<>();
    kept.add(x.shape().dim(0));
    for (int axis = 1; axis < x.rank(); axis++) {
      Integer[] k = axis < key.size() ? key.get(axis) : null;
      int n = x.shape().dim(axis);
      if (k == null) {
        kept.add(n);
      } else if (k.length == 3) {
        int[] idx = indices("GetItem", k, n);
        x = AxisGather.select(x, axis, idx);
        kept.add(idx.length);
      } else {
        x = AxisGather.select(x, axis, new int[] {index("GetItem", k[0], n)});
      }
    }
    return Ops.reshape(x, kept.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int index(String label, int i, int n) {
    int j = i < 0 ? i + n : i;
    if (j < 0 || j >= n) {
      throw new IllegalArgumentException(label + ": index " + i + " is out of range for an axis of size " + n);
    }
    return j;
  }

  /** Python's {@code range(*slice(start, stop, step).indices(n))}. */
  static int[] indices(String label, Integer[] k, int n) {
    int step = k[2] == null ? 1 : k[2];
    if (step == 0) {
      throw new IllegalArgumentException(label + ": slice step cannot be zero");
    }
    int lower = step > 0 ? 0 : -1;
    int upper = step > 0 ? n : n - 1;
    int start = k[0] == null ? (step > 0 ? lower : upper) : clamp(k[0], n, lower, upper);
    int stop = k[1] == null ? (step > 0 ? upper : lower) : clamp(k[1], n, lower, upper);
    List<Integer> out = new ArrayList<>();
    for (int i = start; step > 0 ? i < stop : i > stop; i += step) {
      out.add(i);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int clamp(int v, int n, int lower, int upper) {
    return v < 0 ? Math.max(v + n, lower) : Math.min(v, upper);
  }
}
