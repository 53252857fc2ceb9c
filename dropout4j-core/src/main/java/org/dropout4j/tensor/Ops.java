package org.dropout4j.tensor;

/**
 * The differentiable operations of the tensor core, as pure functions. Each returns a new tensor; when an
 * input requires a gradient the result records the backward rule, so compositions of these ops are
 * differentiable without further code. Binary elementwise ops broadcast like NumPy.
 *
 * <p>A facade: the implementations live in package-private classes along the op families (elementwise,
 * activations, reductions, shape, linear algebra), and every caller keeps calling {@code Ops}.
 */
public final class Ops {
  private Ops() {
  }

  /** {@code a + b}, broadcasting. */
  public static Tensor add(Tensor a, Tensor b) {
    return ElementwiseOps.add(a, b);
  }

  /** {@code a - b}, broadcasting. */
  public static Tensor sub(Tensor a, Tensor b) {
    return ElementwiseOps.sub(a, b);
  }

  /** {@code a * b} elementwise, broadcasting. */
  public static Tensor mul(Tensor a, Tensor b) {
    return ElementwiseOps.mul(a, b);
  }

  /** {@code a / b} elementwise, broadcasting. */
  public static Tensor div(Tensor a, Tensor b) {
    return ElementwiseOps.div(a, b);
  }

  /** {@code x * s}. */
  public static Tensor mulScalar(Tensor x, float s) {
    return ElementwiseOps.mulScalar(x, s);
  }

  /** {@code x + s}. */
  public static Tensor addScalar(Tensor x, float s) {
    return ElementwiseOps.addScalar(x, s);
  }

  /** {@code s - x} (e.g. {@code 1 - p}). */
  public static Tensor rsubScalar(float s, Tensor x) {
    return ElementwiseOps.rsubScalar(s, x);
  }

  /** {@code -x}. */
  public static Tensor neg(Tensor x) {
    return ElementwiseOps.neg(x);
  }

  /** {@code e^x}. */
  public static Tensor exp(Tensor x) {
    return ElementwiseOps.exp(x);
  }

  /** Natural logarithm. */
  public static Tensor log(Tensor x) {
    return ElementwiseOps.log(x);
  }

  /** Square root. */
  public static Tensor sqrt(Tensor x) {
    return ElementwiseOps.sqrt(x);
  }

  /** {@code x * x}. */
  public static Tensor square(Tensor x) {
    return ElementwiseOps.square(x);
  }

  /** {@code |x|}; the gradient at 0 is 0 (the sign function). */
  public static Tensor abs(Tensor x) {
    return ElementwiseOps.abs(x);
  }

  /**
   * Clips values to {@code [min, max]}. The gradient passes where {@code min <= x <= max} and is 0 outside,
   * as TensorFlow's {@code clip_by_value}.
   */
  public static Tensor clip(Tensor x, float min, float max) {
    return ElementwiseOps.clip(x, min, max);
  }

  /** {@code max(x, 0)}. */
  public static Tensor relu(Tensor x) {
    return BasicActivationOps.relu(x);
  }

  /** {@code x > 0 ? x : slope * x}. */
  public static Tensor leakyRelu(Tensor x, float slope) {
    return BasicActivationOps.leakyRelu(x, slope);
  }

  /** Logistic sigmoid {@code 1 / (1 + e^-x)}, computed without overflow. */
  public static Tensor sigmoid(Tensor x) {
    return BasicActivationOps.sigmoid(x);
  }

  /** The logistic sigmoid {@code 1 / (1 + e^-v)} of one value, computed without overflow for either sign. */
  public static float sigmoid(float v) {
    return BasicActivationOps.sigmoid(v);
  }

  /** Hyperbolic tangent. */
  public static Tensor tanh(Tensor x) {
    return BasicActivationOps.tanh(x);
  }

  /** {@code scale * (x > 0 ? x : alpha * (e^x - 1))}: ELU for scale 1, SELU with its constants. */
  public static Tensor elu(Tensor x, float alpha, float scale) {
    return BasicActivationOps.elu(x, alpha, scale);
  }

  /** {@code log(1 + e^x)}, computed stably as {@code max(x, 0) + log1p(e^-|x|)}. */
  public static Tensor softplus(Tensor x) {
    return BasicActivationOps.softplus(x);
  }

  /** Softmax over the last axis, stabilised by subtracting the row maximum. */
  public static Tensor softmax(Tensor x) {
    return BasicActivationOps.softmax(x);
  }

  /**
   * {@link #softmax(Tensor)} in place on rows {@code [from, to)} of a row-major array with {@code cols} values per
   * row, with the same arithmetic (the same bits): for inference paths that keep their own buffers.
   */
  public static void softmaxRowsInPlace(float[] values, int from, int to, int cols) {
    BasicActivationOps.softmaxRows(values, values, from, to, cols);
  }

  /** Log-softmax over the last axis: {@code x - logsumexp(x)}. */
  public static Tensor logSoftmax(Tensor x) {
    return BasicActivationOps.logSoftmax(x);
  }

  /** Sum of all elements, a scalar. Accumulates in double. */
  public static Tensor sum(Tensor x) {
    return ReductionOps.sum(x);
  }

  /** Mean of all elements, a scalar. */
  public static Tensor mean(Tensor x) {
    return ReductionOps.mean(x);
  }

  /**
   * Sum along one axis.
   *
   * @param axis the axis, negative counts from the end
   * @param keepDims whether the reduced axis stays with size 1
   */
  public static Tensor sum(Tensor x, int axis, boolean keepDims) {
    return ReductionOps.sum(x, axis, keepDims);
  }

  /** Mean along one axis. */
  public static Tensor mean(Tensor x, int axis, boolean keepDims) {
    return ReductionOps.mean(x, axis, keepDims);
  }

  /**
   * The same values with another shape (no copy). One dimension may be -1 and is inferred.
   *
   * @throws IllegalArgumentException if the element counts differ
   */
  public static Tensor reshape(Tensor x, int... dims) {
    return ShapeOps.reshape(x, dims);
  }

  /** Transpose of a 2-D tensor. */
  public static Tensor transpose(Tensor x) {
    return ShapeOps.transpose(x);
  }

  /**
   * Matrix product of 2-D tensors {@code (m, k) x (k, n) -> (m, n)} through the selected BLAS kernel.
   *
   * @throws IllegalArgumentException if the inner dimensions differ or an operand is not 2-D
   */
  public static Tensor matmul(Tensor a, Tensor b) {
    return LinearAlgebraOps.matmul(a, b);
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
    return LinearAlgebraOps.dense(x, kernel, bias, activation);
  }

  /**
   * Whether {@link #dense} of {@code m} rows of {@code k} features into {@code n} units computes output
   * {@code (i, j)} as {@code activation(Blas.dot(row i of x, column j of kernel) + bias[j])} (the selected BLAS
   * kernel's dot products, {@link org.dropout4j.tensor.blas.Blas#computesDots}): a caller that builds the rows of
   * x itself may then compute them row by row and get {@code dense}'s bits.
   */
  public static boolean denseByRowDots(int m, int k, int n) {
    return k > SmallDense.MAX_K && org.dropout4j.tensor.blas.Blas.computesDots(m, n, k);
  }

  /** The rows {@code indices} of a tensor along axis 0, as a constant (used for mini-batches). */
  public static Tensor gatherRows(Tensor x, int[] indices, int from, int to) {
    return ShapeOps.gatherRows(x, indices, from, to);
  }

  /** Rows {@code [from, to)} along axis 0, as a constant. */
  public static Tensor sliceRows(Tensor x, int from, int to) {
    return ShapeOps.sliceRows(x, from, to);
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
            g[i] = g[i] * BasicActivationOps.positiveStep(y[i]);
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
}
