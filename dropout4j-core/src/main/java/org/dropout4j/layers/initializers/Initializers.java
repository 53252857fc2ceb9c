package org.dropout4j.layers.initializers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dropout4j.layers.NestedObject;
import org.dropout4j.random.RngKey;
import org.dropout4j.random.RngStream;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The Keras initializers by name: {@code glorot_uniform} (Dense's default kernel), {@code glorot_normal},
 * {@code he_uniform}, {@code he_normal}, {@code lecun_uniform}, {@code lecun_normal}, {@code zeros} (the default
 * bias) and {@code ones}.
 *
 * <p>Variance scaling as in Keras: fans from the shape (a kernel {@code (..., in, out)} has
 * {@code fan_in = in * receptive field}); uniform variants draw from {@code [-limit, limit]} with
 * {@code limit = sqrt(3 * scale / n)}; normal variants draw a normal truncated at two standard deviations with
 * {@code stddev = sqrt(scale / n) / 0.87962566103423978} (the truncation's correction factor).
 */
public final class Initializers {
  private static final Map<String, Supplier<Initializer>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("glorot_uniform", () -> new VarianceScaling("GlorotUniform", 1.0, Mode.FAN_AVG, true));
    BY_NAME.put("glorot_normal", () -> new VarianceScaling("GlorotNormal", 1.0, Mode.FAN_AVG, false));
    BY_NAME.put("he_uniform", () -> new VarianceScaling("HeUniform", 2.0, Mode.FAN_IN, true));
    BY_NAME.put("he_normal", () -> new VarianceScaling("HeNormal", 2.0, Mode.FAN_IN, false));
    BY_NAME.put("lecun_uniform", () -> new VarianceScaling("LecunUniform", 1.0, Mode.FAN_IN, true));
    BY_NAME.put("lecun_normal", () -> new VarianceScaling("LecunNormal", 1.0, Mode.FAN_IN, false));
    BY_NAME.put("zeros", () -> new Constant("Zeros", 0f));
    BY_NAME.put("ones", () -> new Constant("Ones", 1f));
    BY_NAME.put("orthogonal", () -> new Orthogonal(1.0));
    BY_NAME.put("random_uniform", () -> new RandomUniform(RandomUniform.DEFAULT_MINVAL, RandomUniform.DEFAULT_MAXVAL));
    BY_NAME.put("uniform", () -> new RandomUniform(RandomUniform.DEFAULT_MINVAL, RandomUniform.DEFAULT_MAXVAL));
  }

  private Initializers() {
  }

  /**
   * The initializer with a Keras name (snake_case, e.g. {@code glorot_uniform}).
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known ones
   */
  public static Initializer get(String name) {
    Supplier<Initializer> s = BY_NAME.get(name);
    if (s == null) {
      throw new IllegalArgumentException("Unknown initializer '" + name + "'; known initializers: " + names());
    }
    return s.get();
  }

  /**
   * Keras' {@code RandomUniform(minval, maxval)}: values uniform in {@code [minval, maxval)}, drawn as
   * {@code minval + (maxval - minval) * u} in double precision.
   *
   * @param minval the lower bound, finite
   * @param maxval the upper bound, finite and {@code >= minval}
   * @throws IllegalArgumentException for bounds that are not finite or in the wrong order, echoing both
   */
  public static Initializer randomUniform(double minval, double maxval) {
    if (!Double.isFinite(minval) || !Double.isFinite(maxval) || maxval < minval) {
      throw new IllegalArgumentException("Invalid arguments of RandomUniform: expected finite minval <= maxval, "
          + "received minval=" + minval + ", maxval=" + maxval);
    }
    return new RandomUniform(minval, maxval);
  }

  /** The known names. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** Keras' {@code compute_fans}: {@code [fan_in, fan_out]} of a weight shape. */
  static double[] fans(Shape shape) {
    int r = shape.rank();
    if (r == 0) {
      return new double[] {1, 1};
    }
    if (r == 1) {
      return new double[] {shape.dim(0), shape.dim(0)};
    }
    if (r == 2) {
      return new double[] {shape.dim(0), shape.dim(1)};
    }
    double receptive = 1;
    for (int i = 0; i < r - 2; i++) {
      receptive *= shape.dim(i);
    }
    return new double[] {shape.dim(-2) * receptive, shape.dim(-1) * receptive};
  }

  enum Mode { FAN_IN, FAN_OUT, FAN_AVG }

  static final class VarianceScaling extends NestedObject implements Initializer {
    private final double scale;
    private final Mode mode;
    private final boolean uniform;

    VarianceScaling(String className, double scale, Mode mode, boolean uniform) {
      super(className, "seed", null);
      this.scale = scale;
      this.mode = mode;
      this.uniform = uniform;
    }

    @Override
    public Tensor create(Shape shape, RngKey key) {
      double[] f = fans(shape);
      double n = mode == Mode.FAN_IN ? f[0] : mode == Mode.FAN_OUT ? f[1] : (f[0] + f[1]) / 2.0;
      double s = scale / Math.max(1.0, n);
      float[] v = new float[shape.size()];
      if (uniform) {
        double limit = Math.sqrt(3.0 * s);
        key.fillUniform(v);
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((2.0 * v[i] - 1.0) * limit);
        }
      } else {
        double std = Math.sqrt(s) / 0.87962566103423978;
        RngStream stream = key.stream();
        for (int i = 0; i < v.length; i++) {
          double z;
          do {
            z = gaussian(stream);
          } while (Math.abs(z) > 2.0);
          v[i] = (float) (z * std);
        }
      }
      return Tensor.of(shape, v);
    }

    private static double gaussian(RngStream s) {
      double u1 = 1.0 - s.nextDouble();
      double u2 = s.nextDouble();
      return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
  }

  static final class Constant extends NestedObject implements Initializer {
    private final float value;

    Constant(String className, float value) {
      super(className);
      this.value = value;
    }

    @Override
    public Tensor create(Shape shape, RngKey key) {
      return Tensor.full(shape, value);
    }
  }
}
