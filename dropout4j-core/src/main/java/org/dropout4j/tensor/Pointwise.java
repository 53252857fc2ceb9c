package org.dropout4j.tensor;

/**
 * Differentiable elementwise functions given by their value and derivative, for formulas that {@link Ops} has no
 * single op for (Huber's two branches, {@code log(cosh)}, {@code maximum(a, b)}, ...). Each result records the
 * backward rule {@code dL/dx = dL/dy * f'(x)}, so losses written with these need no hand-written backward pass.
 * Values are computed in float32 like the rest of the tensor core.
 *
 * <pre>{@code
 * Tensor h = Pointwise.unary(err, e -> Math.abs(e) <= 1f ? 0.5f * e * e : Math.abs(e) - 0.5f,
 *     e -> Math.abs(e) <= 1f ? e : Math.signum(e));
 * }</pre>
 */
public final class Pointwise {
  private Pointwise() {
  }

  /** A float function of one float. */
  @FunctionalInterface
  public interface Fn1 {
    /** The value at {@code x}. */
    float at(float x);
  }

  /** A float function of two floats. */
  @FunctionalInterface
  public interface Fn2 {
    /** The value at {@code (a, b)}. */
    float at(float a, float b);
  }

  /**
   * {@code f(x)} elementwise.
   *
   * @param f the value
   * @param df the derivative {@code f'(x)}
   */
  public static Tensor unary(Tensor x, Fn1 f, Fn1 df) {
    float[] xv = x.data;
    float[] r = new float[xv.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = f.at(xv[i]);
    }
    if (!x.requiresGrad()) {
      return Tensor.wrap(x.shape, r);
    }
    return new Tensor(r, x.shape, true, new Tensor[] {x}, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] == 0f ? 0f : g[i] * df.at(xv[i]);
      }
      x.accumulateOwned(gx);
    });
  }

  /**
   * {@code f(a, b)} elementwise with NumPy broadcasting.
   *
   * @param f the value
   * @param dfa the partial derivative with respect to {@code a}
   * @param dfb the partial derivative with respect to {@code b}
   * @throws IllegalArgumentException if the shapes cannot be broadcast together
   */
  public static Tensor binary(Tensor a, Tensor b, Fn2 f, Fn2 dfa, Fn2 dfb) {
    Shape out = Broadcast.shape(a.shape, b.shape, "pointwise");
    float[] av = a.shape.equals(out) ? a.data : Broadcast.expand(a.data, a.shape, out);
    float[] bv = b.shape.equals(out) ? b.data : Broadcast.expand(b.data, b.shape, out);
    int n = out.size();
    float[] r = new float[n];
    for (int i = 0; i < n; i++) {
      r[i] = f.at(av[i], bv[i]);
    }
    if (!a.requiresGrad() && !b.requiresGrad()) {
      return Tensor.wrap(out, r);
    }
    return new Tensor(r, out, true, new Tensor[] {a, b}, g -> {
      if (a.requiresGrad()) {
        float[] ga = new float[n];
        for (int i = 0; i < n; i++) {
          ga[i] = g[i] == 0f ? 0f : g[i] * dfa.at(av[i], bv[i]);
        }
        a.accumulate(Broadcast.reduce(ga, out, a.shape));
      }
      if (b.requiresGrad()) {
        float[] gb = new float[n];
        for (int i = 0; i < n; i++) {
          gb[i] = g[i] == 0f ? 0f : g[i] * dfb.at(av[i], bv[i]);
        }
        b.accumulate(Broadcast.reduce(gb, out, b.shape));
      }
    });
  }

  /**
   * {@code maximum(a, b)} elementwise with broadcasting; where {@code a == b} the gradient goes to {@code a}
   * (TensorFlow's rule for {@code tf.maximum}).
   */
  public static Tensor maximum(Tensor a, Tensor b) {
    return binary(a, b, Math::max, (x, y) -> x >= y ? 1f : 0f, (x, y) -> x >= y ? 0f : 1f);
  }

  /** {@code minimum(a, b)} elementwise with broadcasting; ties send the gradient to {@code a}. */
  public static Tensor minimum(Tensor a, Tensor b) {
    return binary(a, b, Math::min, (x, y) -> x <= y ? 1f : 0f, (x, y) -> x <= y ? 0f : 1f);
  }

  /**
   * The maximum along the last axis (the axis is dropped). The gradient is shared equally by the maximal elements
   * of a row, as TensorFlow's {@code reduce_max}.
   */
  public static Tensor maxLastAxis(Tensor x) {
    int cols = x.rank() == 0 ? 1 : x.shape.dim(-1);
    int rows = x.size() / Math.max(1, cols);
    float[] r = new float[rows];
    for (int i = 0; i < rows; i++) {
      float best = x.data[i * cols];
      for (int j = 1; j < cols; j++) {
        best = Math.max(best, x.data[i * cols + j]);
      }
      r[i] = best;
    }
    int[] dims = x.shape.toArray();
    int[] outDims = new int[Math.max(0, dims.length - 1)];
    System.arraycopy(dims, 0, outDims, 0, outDims.length);
    Shape out = Shape.of(outDims);
    if (!x.requiresGrad()) {
      return Tensor.wrap(out, r);
    }
    return new Tensor(r, out, true, new Tensor[] {x}, g -> {
      float[] gx = new float[x.data.length];
      for (int i = 0; i < rows; i++) {
        int ties = 0;
        for (int j = 0; j < cols; j++) {
          ties += x.data[i * cols + j] == r[i] ? 1 : 0;
        }
        for (int j = 0; j < cols; j++) {
          if (x.data[i * cols + j] == r[i]) {
            gx[i * cols + j] = g[i] / ties;
          }
        }
      }
      x.accumulateOwned(gx);
    });
  }
}
