package org.dropout4j.optimizers;

import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * Lion (Chen et al., "Symbolic Discovery of Optimization Algorithms", NeurIPS 2023) as Keras implements it:
 * <pre>
 * w = w - lr sign(beta1 m + (1 - beta1) g);  m = beta2 m + (1 - beta2) g
 * </pre>
 * Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.99}; {@code beta_1} must be in {@code (0, 1]}.
 */
public final class Lion extends Optimizer {
  /** Keras' default learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.001f;
  private final float beta1;
  private final float beta2;
  private static float checkBeta1(double beta1) {
    if (!(beta1 > 0 && beta1 <= 1)) {
      throw new IllegalArgumentException("Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer "
          + "degenerates to SignSGD. Received: beta_1=" + beta1 + ".");
    }
    return (float) beta1;
  }

  /** Lion with Keras' defaults. */
  public Lion() {
    this(DEFAULT_LEARNING_RATE);
  }

  /** Lion with the given learning rate and Keras' other defaults. */
  public Lion(double learningRate) {
    this(learningRate, 0.9, 0.99);
  }

  /** Lion with a learning-rate schedule and Keras' other defaults. */
  public Lion(LearningRateSchedule learningRate) {
    this(learningRate, 0.9, 0.99);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param beta1 Keras' {@code beta_1} (default 0.9)
   * @param beta2 Keras' {@code beta_2} (default 0.99)
   * @throws IllegalArgumentException for values out of range
   */
  public Lion(double learningRate, double beta1, double beta2) {
    this(Rate.of(learningRate), beta1, beta2);
  }

  /**
   * Lion with a learning-rate schedule.
   *
   * @param learningRate the schedule
   * @param beta1 Keras' {@code beta_1} (default 0.9)
   * @param beta2 Keras' {@code beta_2} (default 0.99)
   * @throws IllegalArgumentException for values out of range
   */
  public Lion(LearningRateSchedule learningRate, double beta1, double beta2) {
    this(Rate.of(learningRate), beta1, beta2);
  }

  private Lion(Rate learningRate, double beta1, double beta2) {
    super(learningRate);
    this.beta1 = hyper("beta_1", checkBeta1(beta1));
    this.beta2 = hyperUnit("beta_2", beta2);
  }

  @Override
  protected float[][] newSlots(int size) {
    return new float[][] {new float[size]};
  }

  @Override
  protected void update(float[] w, float[] g, float[][] slots, long step, float lr, int from, int to) {
    float[] m = slots[0];
    for (int i = from; i < to; i++) {
      float gi = g[i];
      w[i] -= lr * Math.signum(m[i] * beta1 + gi * (1f - beta1));
      m[i] = m[i] * beta2 + gi * (1f - beta2);
    }
  }

  @Override
  public String className() {
    return "Lion";
  }
}
