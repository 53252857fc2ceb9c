package org.dropout4j.optimizers;

import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * RMSprop (Hinton, Coursera lecture 6e) as Keras implements it:
 * <pre>
 * v = rho * v + (1 - rho) * g^2
 * centered: a = rho * a + (1 - rho) * g;  denominator = v - a^2 + epsilon,  otherwise v + epsilon
 * increment = lr * g / sqrt(denominator)
 * momentum > 0: m = momentum * m + increment;  w = w - m,  otherwise w = w - increment
 * </pre>
 * Defaults: {@code learning_rate=0.001, rho=0.9, momentum=0, epsilon=1e-7, centered=false}.
 */
public final class RMSprop extends Optimizer {
  /** Keras' default learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.001f;
  private final float rho;
  private final float momentum;
  private final float epsilon;
  private final boolean centered;

  /** RMSprop with Keras' defaults. */
  public RMSprop() {
    this(DEFAULT_LEARNING_RATE);
  }

  /** RMSprop with the given learning rate and Keras' other defaults. */
  public RMSprop(double learningRate) {
    this(learningRate, 0.9, 0, 1e-7, false);
  }

  /** RMSprop with a learning-rate schedule and Keras' other defaults. */
  public RMSprop(LearningRateSchedule learningRate) {
    this(learningRate, 0.9, 0, 1e-7, false);
  }

  /** RMSprop with a learning-rate schedule. */
  public RMSprop(LearningRateSchedule learningRate, double rho, double momentum, double epsilon, boolean centered) {
    this(Rate.of(learningRate), rho, momentum, epsilon, centered);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param rho decay of the squared-gradient average, in {@code [0, 1)}
   * @param momentum in {@code [0, 1)}
   * @param epsilon added under the square root, {@code > 0}
   * @param centered whether to divide by the variance estimate instead of the second moment
   */
  public RMSprop(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
    this(Rate.of(learningRate), rho, momentum, epsilon, centered);
  }

  private RMSprop(Rate learningRate, double rho, double momentum, double epsilon, boolean centered) {
    super(learningRate);
    this.rho = hyperUnit("rho", rho);
    this.momentum = hyperUnit("momentum", momentum);
    this.epsilon = hyperPositive("epsilon", epsilon);
    this.centered = hyper("centered", centered);
  }

  @Override
  protected float[][] newSlots(int size) {
    return new float[][] {new float[size], new float[size], new float[size]};
  }

  @Override
  protected void update(float[] w, float[] g, float[][] slots, long step, float lr, int from, int to) {
    float[] v = slots[0];
    float[] avg = slots[1];
    float[] m = slots[2];
    for (int i = from; i < to; i++) {
      float gi = g[i];
      float vi = rho * v[i] + (1f - rho) * gi * gi;
      v[i] = vi;
      float denominator;
      if (centered) {
        float ai = rho * avg[i] + (1f - rho) * gi;
        avg[i] = ai;
        denominator = vi - ai * ai + epsilon;
      } else {
        denominator = vi + epsilon;
      }
      float increment = lr * gi / (float) Math.sqrt(denominator);
      if (momentum > 0f) {
        m[i] = momentum * m[i] + increment;
        w[i] -= m[i];
      } else {
        w[i] -= increment;
      }
    }
  }

  @Override
  public String className() {
    return "RMSprop";
  }
}
