package org.dropout4j.tensor;

import org.dropout4j.tensor.blas.Blas;

/**
 * The differentiable operations of the tensor core, as pure functions. Each returns a new tensor; when an
 * input requires a gradient the result records the backward rule, so compositions of these ops are
 * differentiable without further code. Binary elementwise ops broadcast like NumPy.
 */
public final class Ops {
  private Ops() {
  }

  private static boolean anyGrad(Tensor a) {
    return a.requiresGrad();
  }

  private static boolean anyGrad(Tensor a, Tensor b) {
    return a.requiresGrad() || b.requiresGrad();
  }

  private static Tensor unaryResult(float[] out, Tensor x, Tensor.Backward bw) {
    return x.requiresGrad() ? new Tensor(out, x.shape, true, new Tensor[] {x}, bw) : Tensor.wrap(x.shape, out);
  }

  // ---------------------------------------------------------------- binary elementwise with broadcasting

  private enum Binary { ADD, SUB, MUL, DIV }

  /** {@code a + b}, broadcasting. */
  public static Tensor add(Tensor a, Tensor b) {
    return binary(Binary.ADD, a, b);
  }

  /** {@code a - b}, broadcasting. */
  public static Tensor sub(Tensor a, Tensor b) {
    return binary(Binary.SUB, a, b);
  }

  /** {@code a * b} elementwise, broadcasting. */
  public static Tensor mul(Tensor a, Tensor b) {
    return binary(Binary.MUL, a, b);
  }

  /** {@code a / b} elementwise, broadcasting. */
  public static Tensor div(Tensor a, Tensor b) {
    return binary(Binary.DIV, a, b);
  }

  private static Tensor binary(Binary op, Tensor a, Tensor b) {
    Shape out = Broadcast.shape(a.shape, b.shape, op.name().toLowerCase());
    int n = out.size();
    float[] av = a.shape.equals(out) ? a.data : Broadcast.expand(a.data, a.shape, out);
    float[] bv = b.shape.equals(out) ? b.data : Broadcast.expand(b.data, b.shape, out);
    float[] r = new float[n];
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          r[i] = av[i] + bv[i];
        }
        break;
      case SUB:
        for (int i = 0; i < n; i++) {
          r[i] = av[i] - bv[i];
        }
        break;
      case MUL:
        for (int i = 0; i < n; i++) {
          r[i] = av[i] * bv[i];
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          r[i] = av[i] / bv[i];
        }
    }
    if (!anyGrad(a, b)) {
      return Tensor.wrap(out, r);
    }
    return new Tensor(r, out, true, new Tensor[] {a, b}, g -> {
      if (a.requiresGrad()) {
        float[] ga;
        switch (op) {
          case ADD:
          case SUB:
            ga = g;
            break;
          case MUL:
            ga = new float[n];
            for (int i = 0; i < n; i++) {
              ga[i] = g[i] * bv[i];
            }
            break;
          default:
            ga = new float[n];
            for (int i = 0; i < n; i++) {
              ga[i] = g[i] / bv[i];
            }
        }
        a.accumulate(Broadcast.reduce(ga, out, a.shape));
      }
      if (b.requiresGrad()) {
        float[] gb = new float[n];
        switch (op) {
          case ADD:
            System.arraycopy(g, 0, gb, 0, n);
            break;
          case SUB:
            for (int i = 0; i < n; i++) {
              gb[i] = -g[i];
            }
            break;
          case MUL:
            for (int i = 0; i < n; i++) {
              gb[i] = g[i] * av[i];
            }
            break;
          default:
            for (int i = 0; i < n; i++) {
              gb[i] = -g[i] * av[i] / (bv[i] * bv[i]);
            }
        }
        b.accumulate(Broadcast.reduce(gb, out, b.shape));
      }
    });
  }

  // ---------------------------------------------------------------- scalar arithmetic

  /** {@code x * s}. */
  public static Tensor mulScalar(Tensor x, float s) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x.data[i] * s;
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * s;
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code x + s}. */
  public static Tensor addScalar(Tensor x, float s) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x.data[i] + s;
    }
    return unaryResult(r, x, x::accumulate);
  }

  /** {@code s - x} (e.g. {@code 1 - p}). */
  public static Tensor rsubScalar(float s, Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = s - x.data[i];
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = -g[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code -x}. */
  public static Tensor neg(Tensor x) {
    return mulScalar(x, -1f);
  }

  // ---------------------------------------------------------------- elementwise math

  /** {@code e^x}. */
  public static Tensor exp(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) Math.exp(x.data[i]);
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * r[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** Natural logarithm. */
  public static Tensor log(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) Math.log(x.data[i]);
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] / x.data[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** Square root. */
  public static Tensor sqrt(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) Math.sqrt(x.data[i]);
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * 0.5f / r[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code x * x}. */
  public static Tensor square(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x.data[i] * x.data[i];
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = 2f * x.data[i] * g[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code |x|}; the gradient at 0 is 0 (the sign function). */
  public static Tensor abs(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.abs(x.data[i]);
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * Math.signum(x.data[i]);
      }
      x.accumulateOwned(gx);
    });
  }

  /**
   * Clips values to {@code [min, max]}. The gradient passes where {@code min <= x <= max} and is 0 outside,
   * as TensorFlow's {@code clip_by_value}.
   */
  public static Tensor clip(Tensor x, float min, float max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException("clip: min must be <= max, received min=" + min + ", max=" + max);
    }
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      float v = x.data[i];
      r[i] = v < min ? min : (v > max ? max : v);
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        float v = x.data[i];
        gx[i] = v >= min && v <= max ? g[i] : 0f;
      }
      x.accumulateOwned(gx);
    });
  }

  // ---------------------------------------------------------------- activations

  /** {@code max(x, 0)}. */
  public static Tensor relu(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.max(x.data[i], 0f);
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * positiveStep(x.data[i]);
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code x > 0 ? x : slope * x}. */
  public static Tensor leakyRelu(Tensor x, float slope) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      float v = x.data[i];
      r[i] = v > 0f ? v : slope * v;
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = x.data[i] > 0f ? g[i] : slope * g[i];
      }
      x.accumulateOwned(gx);
    });
  }

  /** Logistic sigmoid {@code 1 / (1 + e^-x)}, computed without overflow. */
  public static Tensor sigmoid(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = sigmoid(x.data[i]);
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * r[i] * (1f - r[i]);
      }
      x.accumulateOwned(gx);
    });
  }

  /**
   * ReLU's derivative {@code v > 0 ? 1 : 0}, computed as {@code min(max(v * 2^149, 0), 1)}: exact for every float
   * (the smallest positive one, 2^-149, maps to 1; -0 and negatives to 0) and, unlike the conditional, vectorised
   * by HotSpot's superword pass on JDK 17 (measured 0.14 instead of 0.55 ns per element over 65k elements).
   */
  static float positiveStep(float v) {
    return Math.min(Math.max(v * 0x1p75f * 0x1p74f, 0f), 1f);
  }

  /** The logistic sigmoid {@code 1 / (1 + e^-v)} of one value, computed without overflow for either sign. */
  public static float sigmoid(float v) {
    if (v >= 0) {
      return (float) (1.0 / (1.0 + Math.exp(-v)));
    }
    double e = Math.exp(v);
    return (float) (e / (1.0 + e));
  }

  /** Hyperbolic tangent. */
  public static Tensor tanh(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) Math.tanh(x.data[i]);
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * (1f - r[i] * r[i]);
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code scale * (x > 0 ? x : alpha * (e^x - 1))}: ELU for scale 1, SELU with its constants. */
  public static Tensor elu(Tensor x, float alpha, float scale) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      float v = x.data[i];
      r[i] = v > 0f ? scale * v : (float) (scale * alpha * Math.expm1(v));
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        float v = x.data[i];
        gx[i] = v > 0f ? g[i] * scale : (float) (g[i] * scale * alpha * Math.exp(v));
      }
      x.accumulateOwned(gx);
    });
  }

  /** {@code log(1 + e^x)}, computed stably as {@code max(x, 0) + log1p(e^-|x|)}. */
  public static Tensor softplus(Tensor x) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      float v = x.data[i];
      r[i] = (float) (Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v))));
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = g[i] * sigmoid(x.data[i]);
      }
      x.accumulateOwned(gx);
    });
  }

  /** Softmax over the last axis, stabilised by subtracting the row maximum. */
  public static Tensor softmax(Tensor x) {
    int cols = lastDim(x, "softmax");
    int rows = x.data.length / Math.max(cols, 1);
    float[] r = new float[x.data.length];
    for (int row = 0; row < rows; row++) {
      int o = row * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, x.data[o + j]);
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        double e = Math.exp(x.data[o + j] - max);
        r[o + j] = (float) e;
        sum += e;
      }
      for (int j = 0; j < cols; j++) {
        r[o + j] = (float) (r[o + j] / sum);
      }
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int row = 0; row < rows; row++) {
        int o = row * cols;
        double dot = 0;
        for (int j = 0; j < cols; j++) {
          dot += g[o + j] * r[o + j];
        }
        for (int j = 0; j < cols; j++) {
          gx[o + j] = (float) (r[o + j] * (g[o + j] - dot));
        }
      }
      x.accumulateOwned(gx);
    });
  }

  /** Log-softmax over the last axis: {@code x - logsumexp(x)}. */
  public static Tensor logSoftmax(Tensor x) {
    int cols = lastDim(x, "logSoftmax");
    int rows = x.data.length / Math.max(cols, 1);
    float[] r = new float[x.data.length];
    float[] p = new float[x.data.length];
    for (int row = 0; row < rows; row++) {
      int o = row * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, x.data[o + j]);
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += Math.exp(x.data[o + j] - max);
      }
      double lse = max + Math.log(sum);
      for (int j = 0; j < cols; j++) {
        r[o + j] = (float) (x.data[o + j] - lse);
        p[o + j] = (float) Math.exp(x.data[o + j] - lse);
      }
    }
    return unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int row = 0; row < rows; row++) {
        int o = row * cols;
        double sum = 0;
        for (int j = 0; j < cols; j++) {
          sum += g[o + j];
        }
        for (int j = 0; j < cols; j++) {
          gx[o + j] = (float) (g[o + j] - p[o + j] * sum);
        }
      }
      x.accumulateOwned(gx);
    });
  }

  private static int lastDim(Tensor x, String op) {
    if (x.rank() == 0) {
      throw new IllegalArgumentException(op + " needs a tensor of rank >= 1, received a scalar");
    }
    return x.shape.dim(-1);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements, a scalar. Accumulates in double. */
  public static Tensor sum(Tensor x) {
    double s = 0;
    for (float v : x.data) {
      s += v;
    }
    float[] r = {(float) s};
    if (!anyGrad(x)) {
      return Tensor.wrap(Shape.of(), r);
    }
    return new Tensor(r, Shape.of(), true, new Tensor[] {x}, g -> {
      float[] gx = new float[x.data.length];
      java.util.Arrays.fill(gx, g[0]);
      x.accumulateOwned(gx);
    });
  }

  /** Mean of all elements, a scalar. */
  public static Tensor mean(Tensor x) {
    if (x.data.length == 0) {
      throw new IllegalArgumentException("mean of an empty tensor of shape " + x.shape);
    }
    return mulScalar(sum(x), 1f / x.data.length);
  }

  /**
   * Sum along one axis.
   *
   * @param axis the axis, negative counts from the end
   * @param keepDims whether the reduced axis stays with size 1
   */
  public static Tensor sum(Tensor x, int axis, boolean keepDims) {
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
    return unaryOrWrap(r, out, x, g -> {
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
  public static Tensor mean(Tensor x, int axis, boolean keepDims) {
    int len = x.shape.dim(axis);
    return mulScalar(sum(x, axis, keepDims), 1f / len);
  }

  private static Tensor unaryOrWrap(float[] r, Shape out, Tensor x, Tensor.Backward bw) {
    return x.requiresGrad() ? new Tensor(r, out, true, new Tensor[] {x}, bw) : Tensor.wrap(out, r);
  }

  // ---------------------------------------------------------------- shape ops

  /**
   * The same values with another shape (no copy). One dimension may be -1 and is inferred.
   *
   * @throws IllegalArgumentException if the element counts differ
   */
  public static Tensor reshape(Tensor x, int... dims) {
    int[] d = dims.clone();
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < d.length; i++) {
      if (d[i] == -1) {
        if (unknown >= 0) {
          throw new IllegalArgumentException("reshape: only one dimension may be -1, received "
              + java.util.Arrays.toString(dims));
        }
        unknown = i;
      } else {
        known *= d[i];
      }
    }
    if (unknown >= 0) {
      if (known == 0 || x.data.length % known != 0) {
        throw new IllegalArgumentException("reshape: cannot reshape " + x.shape + " into "
            + java.util.Arrays.toString(dims));
      }
      d[unknown] = (int) (x.data.length / known);
    }
    Shape out = Shape.of(d);
    if (out.size() != x.data.length) {
      throw new IllegalArgumentException("reshape: cannot reshape " + x.shape + " (" + x.data.length
          + " values) into " + out);
    }
    return unaryOrWrap(x.data, out, x, x::accumulate);
  }

  /** Transpose of a 2-D tensor. */
  public static Tensor transpose(Tensor x) {
    if (x.rank() != 2) {
      throw new IllegalArgumentException("transpose needs a 2-D tensor, received shape " + x.shape);
    }
    int rows = x.shape.dim(0);
    int cols = x.shape.dim(1);
    float[] r = transposeData(x.data, rows, cols);
    return unaryOrWrap(r, Shape.of(cols, rows), x, g -> x.accumulateOwned(transposeData(g, cols, rows)));
  }

  private static float[] transposeData(float[] a, int rows, int cols) {
    float[] r = new float[a.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        r[j * rows + i] = a[i * cols + j];
      }
    }
    return r;
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * Matrix product of 2-D tensors {@code (m, k) x (k, n) -> (m, n)} through the selected BLAS kernel.
   *
   * @throws IllegalArgumentException if the inner dimensions differ or an operand is not 2-D
   */
  public static Tensor matmul(Tensor a, Tensor b) {
    if (a.rank() != 2 || b.rank() != 2) {
      throw new IllegalArgumentException("matmul needs 2-D tensors, received shapes " + a.shape + " and " + b.shape);
    }
    int m = a.shape.dim(0);
    int k = a.shape.dim(1);
    int n = b.shape.dim(1);
    if (b.shape.dim(0) != k) {
      throw new IllegalArgumentException("matmul: inner dimensions differ: " + a.shape + " x " + b.shape
          + " (" + k + " vs " + b.shape.dim(0) + ")");
    }
    float[] c = new float[m * n];
    Blas.gemm().sgemm(false, false, m, n, k, 1f, a.data, 0, k, b.data, 0, n, 0f, c, 0, n);
    if (!anyGrad(a, b)) {
      return Tensor.wrap(Shape.of(m, n), c);
    }
    return new Tensor(c, Shape.of(m, n), true, new Tensor[] {a, b}, g -> {
      if (a.requiresGrad()) {
        float[] ga = new float[m * k];
        Blas.gemm().sgemm(false, true, m, k, n, 1f, g, 0, n, b.data, 0, n, 0f, ga, 0, k);
        a.accumulateOwned(ga);
      }
      if (b.requiresGrad()) {
        float[] gb = new float[k * n];
        Blas.gemm().sgemm(true, false, k, n, m, 1f, a.data, 0, k, g, 0, n, 0f, gb, 0, n);
        b.accumulateOwned(gb);
      }
    });
  }

  /** Activations that {@link #dense} fuses into its kernel. */
  public enum FusedActivation {
    /** Identity. */
    LINEAR,
    /** max(x, 0). */
    RELU,
    /** Logistic sigmoid. */
    SIGMOID,
    /** Hyperbolic tangent. */
    TANH;

    /**
     * The fused form of a Keras activation name ({@code linear}, {@code relu}, {@code sigmoid}, {@code tanh}), or
     * {@code null} if it has none: the one mapping Dense, Conv2D and the recurrent layers consult.
     */
    public static FusedActivation forName(String name) {
      switch (name) {
        case "linear":
          return LINEAR;
        case "relu":
          return RELU;
        case "sigmoid":
          return SIGMOID;
        case "tanh":
          return TANH;
        default:
          return null;
      }
    }

    /** Applies the activation to every element, in place (one vectorisable loop for relu). */
    public void applyInPlace(float[] values) {
      applyInPlace(values, 0, values.length);
    }

    /** Applies the activation to {@code values[from, to)}, in place. */
    public void applyInPlace(float[] values, int from, int to) {
      switch (this) {
        case RELU:
          for (int i = from; i < to; i++) {
            values[i] = Math.max(values[i], 0f);
          }
          break;
        case SIGMOID:
          for (int i = from; i < to; i++) {
            values[i] = sigmoid(values[i]);
          }
          break;
        case TANH:
          for (int i = from; i < to; i++) {
            values[i] = (float) Math.tanh(values[i]);
          }
          break;
        default: // LINEAR
      }
    }

    /**
     * {@code g[i] = g[i] * activation'} in place, the derivative taken from the activation's output {@code y}
     * (relu: {@code min(max(y * 2^149, 0), 1)}, exact and branch-free; sigmoid: {@code y (1 - y)}; tanh:
     * {@code 1 - y^2}).
     */
    public void gradientInPlace(float[] g, float[] y) {
      gradientInPlace(g, y, 0, g.length);
    }

    /** {@link #gradientInPlace(float[], float[])} on {@code g[from, to)} and {@code y[from, to)}. */
    public void gradientInPlace(float[] g, float[] y, int from, int to) {
      switch (this) {
        case RELU:
          for (int i = from; i < to; i++) {
            g[i] = g[i] * positiveStep(y[i]);
          }
          break;
        case SIGMOID:
          for (int i = from; i < to; i++) {
            g[i] = g[i] * y[i] * (1f - y[i]);
          }
          break;
        case TANH:
          for (int i = from; i < to; i++) {
            g[i] = g[i] * (1f - y[i] * y[i]);
          }
          break;
        default: // LINEAR
      }
    }
  }

  /**
   * The fused hot path of a Dense layer: {@code activation(x · kernel + bias)} for 2-D {@code x}, with one output
   * array and a hand-written backward ({@code dz = g * activation'}, {@code dKernel = x^T dz},
   * {@code dBias = colsum(dz)}, {@code dx = dz kernel^T}), checked against finite differences in the tests.
   *
   * @param bias the bias of shape {@code (units,)}, or {@code null}
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public static Tensor dense(Tensor x, Tensor kernel, Tensor bias, FusedActivation activation) {
    if (x.rank() != 2 || kernel.rank() != 2 || x.shape.dim(1) != kernel.shape.dim(0)) {
      throw new IllegalArgumentException("dense: input of shape " + x.shape + " does not fit a kernel of shape "
          + kernel.shape);
    }
    int m = x.shape.dim(0);
    int k = x.shape.dim(1);
    int n = kernel.shape.dim(1);
    if (bias != null && (bias.rank() != 1 || bias.shape.dim(0) != n)) {
      throw new IllegalArgumentException("dense: bias of shape " + bias.shape + " does not fit " + n + " units");
    }
    if (k <= SmallDense.MAX_K) {
      return SmallDense.apply(x, kernel, bias, activation);
    }
    float[] out = new float[m * n];
    if (bias != null) {
      for (int r = 0; r < m; r++) {
        System.arraycopy(bias.data, 0, out, r * n, n);
      }
    }
    Blas.gemm().sgemm(false, false, m, n, k, 1f, x.data, 0, k, kernel.data, 0, n, bias == null ? 0f : 1f, out, 0,
        n);
    activation.applyInPlace(out);
    boolean grad = x.requiresGrad() || kernel.requiresGrad() || (bias != null && bias.requiresGrad());
    if (!grad) {
      return Tensor.wrap(Shape.of(m, n), out);
    }
    Tensor[] inputs = bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
    return new Tensor(out, Shape.of(m, n), true, inputs, g -> {
      float[] dz = activation == FusedActivation.LINEAR ? g : g.clone();
      activation.gradientInPlace(dz, out);
      if (kernel.requiresGrad()) {
        float[] gk = new float[k * n];
        Blas.gemm().sgemm(true, false, k, n, m, 1f, x.data, 0, k, dz, 0, n, 0f, gk, 0, n);
        kernel.accumulateOwned(gk);
      }
      if (bias != null && bias.requiresGrad()) {
        float[] gb = new float[n];
        for (int r = 0; r < m; r++) {
          int o = r * n;
          for (int j = 0; j < n; j++) {
            gb[j] += dz[o + j];
          }
        }
        bias.accumulateOwned(gb);
      }
      if (x.requiresGrad()) {
        float[] gx = new float[m * k];
        Blas.gemm().sgemm(false, true, m, k, n, 1f, dz, 0, n, kernel.data, 0, n, 0f, gx, 0, k);
        x.accumulateOwned(gx);
      }
    });
  }

  // ---------------------------------------------------------------- data movement (no gradient)

  /** The rows {@code indices} of a tensor along axis 0, as a constant (used for mini-batches). */
  public static Tensor gatherRows(Tensor x, int[] indices, int from, int to) {
    if (x.rank() == 0) {
      throw new IllegalArgumentException("gatherRows needs a tensor of rank >= 1, received a scalar");
    }
    int rowSize = x.data.length / Math.max(x.shape.dim(0), 1);
    int count = to - from;
    float[] r = new float[count * rowSize];
    for (int i = 0; i < count; i++) {
      System.arraycopy(x.data, indices[from + i] * rowSize, r, i * rowSize, rowSize);
    }
    return Tensor.wrap(x.shape.withBatch(count), r);
  }

  /** Rows {@code [from, to)} along axis 0, as a constant. */
  public static Tensor sliceRows(Tensor x, int from, int to) {
    int rows = x.shape.dim(0);
    if (from < 0 || to > rows || from > to) {
      throw new IllegalArgumentException("sliceRows: range [" + from + ", " + to + ") is outside 0.." + rows);
    }
    int rowSize = x.data.length / Math.max(rows, 1);
    float[] r = java.util.Arrays.copyOfRange(x.data, from * rowSize, to * rowSize);
    return Tensor.wrap(x.shape.withBatch(to - from), r);
  }
}
