package org.dropout4j.tensor;

/**
 * The activation functions beyond the basic ones of {@link Ops}, as Keras defines them, each a pure differentiable
 * function of one tensor (elementwise, except {@link #softmax(Tensor, int)}). Values are computed in double and
 * rounded once; each derivative is the analytic one (checked against finite differences in the tests).
 */
public final class ActivationOps {
  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
  private static final double GELU_CUBIC = 0.044715;

  private ActivationOps() {
  }

  /** A scalar function of one value. */
  @FunctionalInterface
  public interface Fn {
    /** The function at {@code v}. */
    double at(double v);
  }

  /**
   * The elementwise {@code f(x)} whose gradient is {@code g * df(x)}: the building block of the activations here.
   *
   * @param x the input
   * @param f the function
   * @param df its derivative
   */
  public static Tensor map(Tensor x, Fn f, Fn df) {
    float[] r = new float[x.data.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) f.at(x.data[i]);
    }
    if (!x.requiresGrad()) {
      return Tensor.wrap(x.shape, r);
    }
    return new Tensor(r, x.shape, true, new Tensor[] {x}, g -> {
      float[] gx = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        gx[i] = (float) (g[i] * df.at(x.data[i]));
      }
      x.accumulateOwned(gx);
    });
  }

  /**
   * Keras' {@code relu(x, negative_slope, max_value, threshold)} (the {@code ReLU} layer): {@code a = x > threshold
   * ? x : 0}, clipped to {@code [0, max_value]} when {@code max_value} is given, minus
   * {@code negative_slope * max(threshold - x, 0)}.
   *
   * @param maxValue the upper clip, or {@code null} for none
   */
  public static Tensor relu(Tensor x, float negativeSlope, Float maxValue, float threshold) {
    double slope = negativeSlope;
    double thr = threshold;
    double max = maxValue == null ? Double.POSITIVE_INFINITY : maxValue;
    boolean clip = maxValue != null;
    return map(x, v -> {
      double a = v > thr ? v : 0;
      if (clip) {
        a = Math.min(Math.max(a, 0), max);
      }
      return a - slope * Math.max(thr - v, 0);
    }, v -> {
      double a = v > thr ? v : 0;
      double d = v > thr && (!clip || (a >= 0 && a <= max)) ? 1 : 0;
      return d + (thr - v > 0 ? slope : 0);
    });
  }

  /** {@code min(max(x, 0), 6)}. */
  public static Tensor relu6(Tensor x) {
    return map(x, v -> Math.min(Math.max(v, 0), 6), v -> v > 0 && v < 6 ? 1 : 0);
  }

  /** Keras 2's {@code ThresholdedReLU}: {@code x > theta ? x : 0}. */
  public static Tensor thresholdedRelu(Tensor x, float theta) {
    double t = theta;
    return map(x, v -> v > t ? v : 0, v -> v > t ? 1 : 0);
  }

  /**
   * GELU (Hendrycks and Gimpel 2016): exact {@code 0.5 x (1 + erf(x / sqrt 2))}, or with {@code approximate}
   * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
   */
  public static Tensor gelu(Tensor x, boolean approximate) {
    if (approximate) {
      return map(x, v -> 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v))), v -> {
        double t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v));
        return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * v * v);
      });
    }
    return map(x, v -> 0.5 * v * (1 + Erf.erf(v / Math.sqrt(2))),
        v -> 0.5 * (1 + Erf.erf(v / Math.sqrt(2))) + v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI));
  }

  /** swish / silu (Ramachandran et al. 2017): {@code x * sigmoid(x)}. */
  public static Tensor silu(Tensor x) {
    return map(x, v -> v * sigmoid(v), v -> {
      double s = sigmoid(v);
      return s * (1 + v * (1 - s));
    });
  }

  /** {@code x / (1 + |x|)}. */
  public static Tensor softsign(Tensor x) {
    return map(x, v -> v / (1 + Math.abs(v)), v -> 1 / ((1 + Math.abs(v)) * (1 + Math.abs(v))));
  }

  /** mish (Misra 2019): {@code x * tanh(softplus(x))}. */
  public static Tensor mish(Tensor x) {
    return map(x, v -> v * Math.tanh(softplus(v)), v -> {
      double t = Math.tanh(softplus(v));
      return t + v * (1 - t * t) * sigmoid(v);
    });
  }

  /** {@code e^x}. */
  public static Tensor exponential(Tensor x) {
    return map(x, Math::exp, Math::exp);
  }

  /** Keras 3's {@code hard_sigmoid}: {@code relu6(x + 3) / 6}. */
  public static Tensor hardSigmoid(Tensor x) {
    return map(x, v -> Math.min(Math.max(v + 3, 0), 6) / 6, v -> v > -3 && v < 3 ? 1.0 / 6 : 0);
  }

  /** Keras 2's and TF.js' {@code hard_sigmoid}: {@code clip(0.2 x + 0.5, 0, 1)}. */
  public static Tensor hardSigmoidKeras2(Tensor x) {
    return map(x, v -> Math.min(Math.max(0.2f * (float) v + 0.5f, 0f), 1f), v -> v > -2.5 && v < 2.5 ? 0.2 : 0);
  }

  /** hard_silu / hard_swish (Howard et al. 2019): {@code x * relu6(x + 3) / 6}. */
  public static Tensor hardSilu(Tensor x) {
    return map(x, v -> v * Math.min(Math.max(v + 3, 0), 6) / 6,
        v -> v <= -3 ? 0 : v >= 3 ? 1 : (2 * v + 3) / 6);
  }

  /**
   * Softmax over one axis (negative counts from the end), stabilised by the maximum along the axis.
   *
   * @throws IllegalArgumentException if the axis is out of range
   */
  public static Tensor softmax(Tensor x, int axis) {
    int rank = x.rank();
    int a = axis < 0 ? axis + rank : axis;
    if (rank == 0 || a < 0 || a >= rank) {
      throw new IllegalArgumentException("softmax: invalid axis " + axis + " for a tensor of shape " + x.shape);
    }
    int n = x.shape.dim(a);
    int inner = 1;
    for (int i = a + 1; i < rank; i++) {
      inner *= x.shape.dim(i);
    }
    int outer = n == 0 || inner == 0 ? 0 : x.data.length / (n * inner);
    float[] r = new float[x.data.length];
    for (int o = 0; o < outer; o++) {
      for (int in = 0; in < inner; in++) {
        int base = o * n * inner + in;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          max = Math.max(max, x.data[base + j * inner]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
          double e = Math.exp(x.data[base + j * inner] - max);
          r[base + j * inner] = (float) e;
          sum += e;
        }
        for (int j = 0; j < n; j++) {
          r[base + j * inner] = (float) (r[base + j * inner] / sum);
        }
      }
    }
    if (!x.requiresGrad()) {
      return Tensor.wrap(x.shape, r);
    }
    int rows = outer;
    int cols = inner;
    return new Tensor(r, x.shape, true, new Tensor[] {x}, g -> {
      float[] gx = new float[g.length];
      for (int o = 0; o < rows; o++) {
        for (int in = 0; in < cols; in++) {
          int base = o * n * cols + in;
          double dot = 0;
          for (int j = 0; j < n; j++) {
            dot += g[base + j * cols] * r[base + j * cols];
          }
          for (int j = 0; j < n; j++) {
            int k = base + j * cols;
            gx[k] = (float) (r[k] * (g[k] - dot));
          }
        }
      }
      x.accumulateOwned(gx);
    });
  }

  private static double sigmoid(double v) {
    return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
  }

  private static double softplus(double v) {
    return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }

  /** The error function to about 1e-13: its Maclaurin series below 2, the continued fraction of erfc above. */
  static final class Erf {
    private Erf() {
    }

    static double erf(double x) {
      double ax = Math.abs(x);
      if (ax < 2) {
        // Maclaurin series: fast convergence for small |x|
        double term = x;
        double sum = x;
        double x2 = x * x;
        for (int k = 1; k < 40; k++) {
          term *= -x2 / k;
          double add = term / (2 * k + 1);
          sum += add;
          if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
            break;
          }
        }
        return 2 / Math.sqrt(Math.PI) * sum;
      }
      double c = erfc(ax);
      return x > 0 ? 1 - c : c - 1;
    }

    /** erfc for x >= 2 by its continued fraction (Lentz). */
    private static double erfc(double x) {
      if (x > 27) {
        return 0;
      }
      // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + 2/(x + ...)))))
      double tiny = 1e-300;
      double f = x;
      double cc = x;
      double d = 0;
      for (int k = 1; k < 500; k++) {
        double ak = k / 2.0;
        d = x + ak * d;
        d = Math.abs(d) < tiny ? tiny : d;
        cc = x + ak / cc;
        cc = Math.abs(cc) < tiny ? tiny : cc;
        d = 1 / d;
        double delta = cc * d;
        f *= delta;
        if (Math.abs(delta - 1) < 1e-16) {
          break;
        }
      }
      return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
  }
}
