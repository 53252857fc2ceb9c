package org.dropout4j.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dense, row-major float32 n-dimensional array that records how it was computed, for reverse-mode autodiff.
 *
 * <p>Tensors are values: the operations in {@link Ops} never modify their inputs. The only tensors whose data
 * change in place are trainable leaves owned by a {@link Parameter}, updated by an optimizer between steps.
 *
 * <p>Autodiff: a tensor created by an op on at least one tensor that {@linkplain #requiresGrad() requires a
 * gradient} remembers its inputs and a backward rule. {@link #backward()} on a scalar result walks that graph in
 * reverse topological order and accumulates {@code d result / d leaf} into each leaf's {@link #grad()}.
 * Layers written from ops therefore need no hand-written backward pass.
 *
 * <pre>{@code
 * Tensor w = Tensor.variable(Shape.of(2, 1), 0.5f, -1f);
 * Tensor x = Tensor.of(Shape.of(1, 2), 3f, 4f);
 * Tensor y = Ops.sum(Ops.matmul(x, w));   // 3*0.5 - 4 = -2.5
 * y.backward();                          // w.grad() = [3, 4]
 * }</pre>
 */
public final class Tensor {
  final float[] data;
  final Shape shape;
  private final boolean requiresGrad;
  private final Tensor[] inputs;
  private final Backward backward;
  private float[] grad;
  /** The array {@link #gradScratch} lent out last, while it may still become {@link #grad}. */
  private float[] lentScratch;
  /** A former gradient array of this tensor, free for {@link #gradScratch} to lend again. */
  private float[] spareGrad;
  /** Keras' mask of this tensor ({@code _keras_mask}), or null; see {@link #mask()}. */
  private Tensor mask;

  /** A backward rule: given d(result)/d(this op's output), accumulate into the op's inputs. */
  @FunctionalInterface
  interface Backward {
    void apply(float[] outputGrad);
  }

  Tensor(float[] data, Shape shape, boolean requiresGrad, Tensor[] inputs, Backward backward) {
    this.data = data;
    this.shape = shape;
    this.requiresGrad = requiresGrad;
    this.inputs = inputs;
    this.backward = backward;
  }

  /**
   * A constant tensor (no gradient) holding a copy of {@code values}.
   *
   * @throws IllegalArgumentException if the number of values does not match the shape
   */
  public static Tensor of(Shape shape, float... values) {
    checkSize(shape, values.length);
    return new Tensor(values.clone(), shape, false, null, null);
  }

  /** A constant tensor that takes ownership of {@code values} without copying (internal fast path). */
  static Tensor wrap(Shape shape, float[] values) {
    return new Tensor(values, shape, false, null, null);
  }

  /**
   * A constant 2-D tensor of shape {@code (rows.length, rows[0].length)} holding a copy of {@code rows}.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new float[][] {{0.5f, -1f}, {2f, 0f}});   // shape (2, 2)
   * }</pre>
   *
   * @throws IllegalArgumentException if a row is {@code null} or its length differs from row 0's
   */
  public static Tensor of(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rowLength(rows[0], 0, -1);
    float[] v = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, v, r * cols, rowLength(rows[r], r, cols));
    }
    return wrap(Shape.of(rows.length, cols), v);
  }

  private static int rowLength(float[] row, int r, int expected) {
    if (row == null) {
      throw new IllegalArgumentException("row " + r + " is null, expected " + (expected < 0 ? "" : expected + " ")
          + "values");
    }
    if (expected >= 0 && row.length != expected) {
      throw new IllegalArgumentException("row " + r + " has " + row.length + " values, expected " + expected
          + " like row 0");
    }
    return row.length;
  }

  /** A constant 2-D tensor from rows of doubles (rounded to float32); all rows must have the same length. */
  public static Tensor of(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] v = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, expected " + cols
            + " like row 0");
      }
      for (int c = 0; c < cols; c++) {
        v[r * cols + c] = (float) rows[r][c];
      }
    }
    return wrap(Shape.of(rows.length, cols), v);
  }

  /** A constant column tensor of shape {@code (n, 1)} from integer labels, e.g. binary targets. */
  public static Tensor column(int[] labels) {
    float[] v = new float[labels.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = labels[i];
    }
    return wrap(Shape.of(labels.length, 1), v);
  }

  /** A constant 1-D tensor of shape {@code (n,)} from integer class ids (sparse targets). */
  public static Tensor vector(int[] values) {
    float[] v = new float[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = values[i];
    }
    return wrap(Shape.of(values.length), v);
  }

  /** A constant scalar (shape {@code ()}). */
  public static Tensor scalar(float value) {
    return wrap(Shape.of(), new float[] {value});
  }

  /** A constant tensor of zeros. */
  public static Tensor zeros(Shape shape) {
    return wrap(shape, new float[shape.size()]);
  }

  /** A constant tensor with every element equal to {@code value}. */
  public static Tensor full(Shape shape, float value) {
    float[] v = new float[shape.size()];
    Arrays.fill(v, value);
    return wrap(shape, v);
  }

  /**
   * A trainable leaf: a tensor that requires a gradient, holding a copy of {@code values}.
   *
   * @throws IllegalArgumentException if the number of values does not match the shape
   */
  public static Tensor variable(Shape shape, float... values) {
    checkSize(shape, values.length);
    return new Tensor(values.clone(), shape, true, null, null);
  }

  static Tensor variableWrapping(Shape shape, float[] values) {
    return new Tensor(values, shape, true, null, null);
  }

  private static void checkSize(Shape shape, int n) {
    if (shape.size() != n) {
      throw new IllegalArgumentException("shape " + shape + " holds " + shape.size() + " values, received " + n);
    }
  }

  /** The shape. */
  public Shape shape() {
    return shape;
  }

  /** Number of elements. */
  public int size() {
    return data.length;
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.rank();
  }

  /** Whether gradients flow to this tensor. */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** A copy of the values in row-major order. */
  public float[] toArray() {
    return data.clone();
  }

  /**
   * Copies {@code length} values from flat row-major index {@code from} on into {@code dst} at {@code dstIndex}: a
   * slice of rows without copying the whole tensor ({@link #toArray()}) or reading it value by value.
   *
   * @throws IndexOutOfBoundsException if either range is out of bounds
   */
  public void copyTo(int from, float[] dst, int dstIndex, int length) {
    System.arraycopy(data, from, dst, dstIndex, length);
  }

  /** The value at a flat row-major index. */
  public float get(int flatIndex) {
    return data[flatIndex];
  }

  /** The value at a multi-dimensional index. */
  public float get(int... index) {
    if (index.length != shape.rank()) {
      throw new IllegalArgumentException("index " + Arrays.toString(index) + " has rank " + index.length
          + ", tensor has shape " + shape);
    }
    int flat = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape.dim(i)) {
        throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape " + shape);
      }
      flat = flat * shape.dim(i) + index[i];
    }
    return data[flat];
  }

  /** The single value of a one-element tensor. */
  public float item() {
    if (data.length != 1) {
      throw new IllegalStateException("item() needs a tensor with one element, this one has shape " + shape);
    }
    return data[0];
  }

  /** A 2-D tensor's values as rows of doubles. */
  public double[][] toDoubleRows() {
    if (shape.rank() != 2) {
      throw new IllegalStateException("toDoubleRows() needs a 2-D tensor, this one has shape " + shape);
    }
    int rows = shape.dim(0);
    int cols = shape.dim(1);
    double[][] out = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[r][c] = data[r * cols + c];
      }
    }
    return out;
  }

  /**
   * The gradient accumulated by the last {@link #backward()} that reached this tensor, as a constant tensor,
   * or {@code null} if none reached it.
   */
  public Tensor grad() {
    return grad == null ? null : wrap(shape, grad.clone());
  }

  float[] gradBuffer() {
    return grad;
  }

  void clearGrad() {
    if (grad != null && grad == lentScratch) {
      spareGrad = grad; // lent by gradScratch and owned by this tensor alone since: safe to lend again
    }
    lentScratch = null;
    grad = null;
  }

  /**
   * An array of {@code n} floats with unspecified contents, for a backward rule that overwrites every element and
   * then hands it to {@link #accumulateOwned}: the gradient array this tensor dropped at its last
   * {@link #clearGrad()} when that array came from here, else a new one. A weight's gradient is thereby allocated
   * once per weight instead of once per training step (the MLP preset's kernels are 2.6 MB a step), so neither the
   * allocation's zeroing nor the garbage collector's page faults are paid per step. Arrays handed in by others
   * (the fused paths' {@code setGradient}) are never lent out again.
   */
  float[] gradScratch(int n) {
    float[] s = spareGrad;
    spareGrad = null;
    if (s == null || s.length != n) {
      s = new float[n];
    }
    lentScratch = s;
    return s;
  }

  /**
   * The Keras mask carried by this tensor, or {@code null}: a constant of 1s (keep) and 0s (masked) whose shape is
   * this tensor's shape without its last axis, e.g. {@code (batch, timesteps)} for a sequence
   * {@code (batch, timesteps, features)}. {@code Embedding(mask_zero=true)} and {@code Masking} create it, the layers
   * that support masking pass it on, and recurrent layers and {@code GlobalAveragePooling1D} consume it.
   */
  public Tensor mask() {
    return mask;
  }

  /**
   * This tensor carrying another mask ({@code null}: none): a view that shares the values and passes gradients
   * through unchanged, so the original stays as it was.
   *
   * @throws IllegalArgumentException if the mask requires a gradient (masks are constants)
   */
  public Tensor withMask(Tensor newMask) {
    if (newMask == mask) {
      return this;
    }
    if (newMask != null && newMask.requiresGrad) {
      throw new IllegalArgumentException("a mask is a constant of 0s and 1s, received one that requires a gradient");
    }
    Tensor view = requiresGrad ? new Tensor(data, shape, true, new Tensor[] {this}, this::accumulate)
        : wrap(shape, data);
    view.mask = newMask;
    return view;
  }

  /** A constant tensor with the same values (cuts the graph, like PyTorch's {@code detach}). */
  public Tensor detach() {
    return wrap(shape, data);
  }

  /** Accumulates {@code g} (same size as this tensor) into this tensor's gradient. */
  void accumulate(float[] g) {
    if (!requiresGrad) {
      return;
    }
    if (grad == null) {
      grad = g.clone();
    } else {
      float[] acc = grad;
      for (int i = 0; i < acc.length; i++) {
        acc[i] += g[i];
      }
    }
  }

  /** Accumulates a gradient buffer that nobody else holds (avoids a copy). */
  void accumulateOwned(float[] g) {
    if (!requiresGrad) {
      return;
    }
    if (grad == null) {
      grad = g;
    } else {
      accumulate(g);
    }
  }

  /**
   * Back-propagates from this scalar: accumulates {@code d this / d leaf} into every leaf that requires a
   * gradient and was used to compute this tensor.
   *
   * @throws IllegalStateException if this tensor is not a scalar or does not require a gradient
   */
  public void backward() {
    if (data.length != 1) {
      throw new IllegalStateException("backward() needs a scalar (one element); this tensor has shape " + shape
          + ": reduce it first, e.g. Ops.sum(t)");
    }
    backward(new float[] {1f});
  }

  /**
   * Back-propagates a given output gradient {@code seed} (same size as this tensor).
   *
   * @throws IllegalStateException if this tensor does not require a gradient
   */
  public void backward(float[] seed) {
    if (!requiresGrad) {
      throw new IllegalStateException("backward() on a tensor that does not require a gradient: no trainable "
          + "variable was used to compute it");
    }
    if (seed.length != data.length) {
      throw new IllegalArgumentException("seed gradient has " + seed.length + " values, tensor has shape " + shape);
    }
    if (backward == null) {
      accumulate(seed); // a leaf: d this / d this = seed, accumulated like any other leaf gradient
      return;
    }
    List<Tensor> order = topologicalOrder();
    for (Tensor t : order) {
      if (t.backward != null) {
        t.grad = null;
      }
    }
    this.grad = seed.clone();
    for (int i = order.size() - 1; i >= 0; i--) {
      Tensor t = order.get(i);
      if (t.backward != null && t.grad != null) {
        t.backward.apply(t.grad);
        t.grad = null; // intermediate gradients are not kept
      }
    }
  }

  private List<Tensor> topologicalOrder() {
    List<Tensor> order = new ArrayList<>();
    Map<Tensor, Boolean> visited = new IdentityHashMap<>();
    Deque<Tensor> stack = new ArrayDeque<>();
    Deque<Integer> next = new ArrayDeque<>();
    stack.push(this);
    next.push(0);
    visited.put(this, Boolean.TRUE);
    while (!stack.isEmpty()) {
      Tensor t = stack.peek();
      int i = next.pop();
      Tensor[] in = t.inputs;
      if (in != null && i < in.length) {
        next.push(i + 1);
        Tensor child = in[i];
        if (child.requiresGrad && visited.put(child, Boolean.TRUE) == null) {
          stack.push(child);
          next.push(0);
        }
      } else {
        stack.pop();
        order.add(t);
      }
    }
    return order;
  }

  /** Shape and, for small tensors, the values. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor").append(shape);
    if (data.length <= 16) {
      sb.append(' ').append(Arrays.toString(data));
    }
    return sb.toString();
  }
}
