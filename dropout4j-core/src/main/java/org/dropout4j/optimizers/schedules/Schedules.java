package org.dropout4j.optimizers.schedules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Keras 3's learning-rate schedules (keras/src/optimizers/schedules/learning_rate_schedule.py), with their
 * formulas, defaults, names and configs. {@code p} is the step divided by {@code decay_steps}.
 * <ul>
 *   <li>{@link #exponentialDecay}: {@code lr0 * rate^p} ({@code p} floored when {@code staircase});</li>
 *   <li>{@link #inverseTimeDecay}: {@code lr0 / (1 + rate * p)};</li>
 *   <li>{@link #polynomialDecay}: {@code (lr0 - end) * (1 - p)^power + end}, the step capped at
 *       {@code decay_steps} or, with {@code cycle}, {@code decay_steps} multiplied by {@code ceil(step / decay_steps)};</li>
 *   <li>{@link #piecewiseConstantDecay}: {@code values[i]} for {@code boundaries[i-1] < step <= boundaries[i]};</li>
 *   <li>{@link #cosineDecay} (Loshchilov and Hutter, "SGDR", ICLR 2017): after an optional linear warmup from
 *       {@code lr0} to {@code warmup_target}, {@code ((1 - alpha) * 0.5 * (1 + cos(pi p)) + alpha)} times the
 *       start, the step capped at {@code decay_steps};</li>
 *   <li>{@link #cosineDecayRestarts}: cosine decay restarted after {@code first_decay_steps}, each period
 *       {@code t_mul} times longer and {@code m_mul} times lower.</li>
 * </ul>
 *
 * <pre>{@code
 * new Adam(Schedules.exponentialDecay(1e-2, 10_000, 0.9, false))
 * }</pre>
 */
public final class Schedules {
  private Schedules() {
  }

  /** A schedule's config: keys and values in Keras' order, as pairs. */
  private static Map<String, Object> config(Object... keysAndValues) {
    Map<String, Object> c = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      c.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return c;
  }

  /**
   * Keras' {@code ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)}.
   *
   * @throws IllegalArgumentException if {@code decaySteps <= 0}
   */
  public static LearningRateSchedule exponentialDecay(double initialLearningRate, long decaySteps, double decayRate,
      boolean staircase) {
    return decay("ExponentialDecay", initialLearningRate, decaySteps, decayRate, staircase,
        p -> f32(initialLearningRate) * f32(Math.pow(f32(decayRate), p)));
  }

  /**
   * Keras' {@code InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)}.
   *
   * @throws IllegalArgumentException if {@code decaySteps <= 0}
   */
  public static LearningRateSchedule inverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate,
      boolean staircase) {
    return decay("InverseTimeDecay", initialLearningRate, decaySteps, decayRate, staircase,
        p -> f32(initialLearningRate) / f32(1 + f32(f32(decayRate) * p)));
  }

  /**
   * ExponentialDecay and InverseTimeDecay: their shared config and the decay of the (float32) progress
   * {@code p = step / decay_steps}, floored with {@code staircase}.
   */
  private static LearningRateSchedule decay(String cls, double initialLearningRate, long decaySteps,
      double decayRate, boolean staircase, DoubleUnaryOperator rateAt) {
    positive(cls, "decay_steps", decaySteps);
    Map<String, Object> c = config("initial_learning_rate", initialLearningRate, "decay_steps", decaySteps,
        "decay_rate", decayRate, "staircase", staircase, "name", cls);
    return new Fn(cls, c, step -> {
      double p = f32(f32(step) / f32(decaySteps));
      return rateAt.applyAsDouble(staircase ? Math.floor(p) : p);
    });
  }

  /**
   * Keras' {@code PolynomialDecay(initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
   * cycle=False)}.
   *
   * @throws IllegalArgumentException if {@code decaySteps <= 0}
   */
  public static LearningRateSchedule polynomialDecay(double initialLearningRate, long decaySteps,
      double endLearningRate, double power, boolean cycle) {
    positive("PolynomialDecay", "decay_steps", decaySteps);
    Map<String, Object> c = config("initial_learning_rate", initialLearningRate, "decay_steps", decaySteps,
        "end_learning_rate", endLearningRate, "power", power, "cycle", cycle, "name", "PolynomialDecay");
    return new Fn("PolynomialDecay", c, step -> {
      double s = f32(step);
      double steps = f32(decaySteps);
      if (cycle) {
        double multiplier = step == 0 ? 1 : Math.ceil(f32(s / decaySteps));
        steps = f32(steps * multiplier);
      } else {
        s = Math.min(s, steps);
      }
      double p = f32(s / steps);
      double lr0 = f32(initialLearningRate);
      double end = f32(endLearningRate);
      return f32(f32(lr0 - end) * f32(Math.pow(f32(1 - p), f32(power)))) + end;
    });
  }

  /**
   * Keras' {@code PiecewiseConstantDecay(boundaries, values)}: {@code values[0]} up to and including step
   * {@code boundaries[0]}, {@code values[1]} up to {@code boundaries[1]}, ..., {@code values[n]} after the last.
   *
   * @throws IllegalArgumentException unless there is one more value than boundaries and the boundaries increase
   */
  public static LearningRateSchedule piecewiseConstantDecay(long[] boundaries, double[] values) {
    if (values.length != boundaries.length + 1) {
      throw new IllegalArgumentException("PiecewiseConstantDecay: the length of `boundaries` should be 1 less than "
          + "the length of `values`, received boundaries of length " + boundaries.length + " and values of length "
          + values.length);
    }
    for (int i = 1; i < boundaries.length; i++) {
      if (boundaries[i] <= boundaries[i - 1]) {
        throw new IllegalArgumentException("PiecewiseConstantDecay: `boundaries` must increase, received "
            + java.util.Arrays.toString(boundaries));
      }
    }
    long[] b = boundaries.clone();
    double[] v = values.clone();
    List<Object> bl = new ArrayList<>();
    for (long x : b) {
      bl.add(x);
    }
    List<Object> vl = new ArrayList<>();
    for (double x : v) {
      vl.add(x);
    }
    Map<String, Object> c = config("boundaries", bl, "values", vl, "name", "PiecewiseConstant");
    return new Fn("PiecewiseConstantDecay", c, step -> {
      for (int i = 0; i < b.length; i++) {
        if (step <= b[i]) {
          return f32(v[i]);
        }
      }
      return f32(v[b.length]);
    });
  }

  /**
   * Keras' {@code CosineDecay(initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0)}.
   *
   * @param warmupTarget {@code null} for no warmup
   * @throws IllegalArgumentException if {@code decaySteps <= 0} or {@code warmupSteps < 0}
   */
  public static LearningRateSchedule cosineDecay(double initialLearningRate, long decaySteps, double alpha,
      Double warmupTarget, long warmupSteps) {
    positive("CosineDecay", "decay_steps", decaySteps);
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("Invalid value for argument `warmup_steps` of CosineDecay: expected an "
          + "integer >= 0, received warmup_steps=" + warmupSteps);
    }
    Map<String, Object> c = config("initial_learning_rate", initialLearningRate, "decay_steps", decaySteps,
        "alpha", alpha, "name", "CosineDecay", "warmup_target", warmupTarget, "warmup_steps", warmupSteps);
    double a = f32(alpha);
    return new Fn("CosineDecay", c, step -> {
      double lr0 = f32(initialLearningRate);
      double steps = f32(decaySteps);
      double s = f32(step);
      if (warmupTarget == null) {
        return cosine(Math.min(s, steps), steps, lr0, a);
      }
      double target = f32(warmupTarget);
      double warm = f32(warmupSteps);
      s = Math.min(s, steps + warm);
      if (s < warm) {
        return f32(f32(target - lr0) * f32(s / warm)) + lr0;
      }
      return cosine(s - warm, steps, target, a);
    });
  }

  private static double cosine(double step, double decaySteps, double from, double alpha) {
    double fraction = f32(step / decaySteps);
    double decayed = f32(0.5 * f32(1 + f32(Math.cos(f32(Math.PI) * fraction))));
    return f32(from * f32(f32((1 - alpha) * decayed) + alpha));
  }

  /**
   * Keras' {@code CosineDecayRestarts(initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0)}
   * (named {@code SGDRDecay}).
   *
   * @throws IllegalArgumentException if {@code firstDecaySteps <= 0}
   */
  public static LearningRateSchedule cosineDecayRestarts(double initialLearningRate, long firstDecaySteps,
      double tMul, double mMul, double alpha) {
    positive("CosineDecayRestarts", "first_decay_steps", firstDecaySteps);
    Map<String, Object> c = config("initial_learning_rate", initialLearningRate, "first_decay_steps", firstDecaySteps,
        "t_mul", tMul, "m_mul", mMul, "alpha", alpha, "name", "SGDRDecay");
    return new Fn("CosineDecayRestarts", c, step -> {
      double fraction = f32(f32(step) / f32(firstDecaySteps));
      double t = f32(tMul);
      double restart;
      if (t == 1.0) {
        restart = Math.floor(fraction);
        fraction = f32(fraction - restart);
      } else {
        restart = Math.floor(f32(Math.log(f32(1 - f32(fraction * f32(1 - t)))) / Math.log(t)));
        double sum = f32(f32(1 - f32(Math.pow(t, restart))) / f32(1 - t));
        fraction = f32(f32(fraction - sum) / f32(Math.pow(t, restart)));
      }
      double mFac = f32(Math.pow(f32(mMul), restart));
      double cos = f32(f32(0.5 * mFac) * f32(1 + f32(Math.cos(f32(Math.PI) * fraction))));
      double a = f32(alpha);
      return f32(f32(initialLearningRate) * f32(f32((1 - a) * cos) + a));
    });
  }

  /** Rounds to float32, as Keras computes schedules in the float dtype of the learning rate. */
  static double f32(double v) {
    return (float) v;
  }

  private static void positive(String cls, String arg, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `" + arg + "` of " + cls + ": expected an "
          + "integer > 0, received " + arg + "=" + value);
    }
  }

  /** A schedule from a function and its config. */
  private static final class Fn implements LearningRateSchedule {
    private interface Rule {
      double at(long step);
    }

    private final String className;
    private final Map<String, Object> config;
    private final Rule rule;

    Fn(String className, Map<String, Object> config, Rule rule) {
      this.className = className;
      this.config = config;
      this.rule = rule;
    }

    @Override
    public double at(long step) {
      if (step < 0) {
        throw new IllegalArgumentException(className + ": step must be >= 0, received step=" + step);
      }
      return f32(rule.at(step));
    }

    @Override
    public String className() {
      return className;
    }

    @Override
    public Map<String, Object> getConfig() {
      return new LinkedHashMap<>(config);
    }

    @Override
    public String toString() {
      return className + config;
    }
  }
}
