package org.dropout4j.optimizers;

import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * Adamax, Adam with the infinity norm (Kingma and Ba, ICLR 2015, section 7.1), as Keras implements it:
 * <pre>
 * m = m + (g - m)(1 - beta1);  u = max(beta2 u, |g|)
 * w = w - lr m / ((1 - beta1^t)(u + epsilon))
 * </pre>
 * Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7}.
 */
public final class Adamax extends BetaMoments {
  /** Keras' default learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.001f;

  /** Adamax with Keras' defaults. */
  public Adamax() {
    this(DEFAULT_LEARNING_RATE);
  }

  /** Adamax with the given learning rate and Keras' other defaults. */
  public Adamax(double learningRate) {
    this(learningRate, DEFAULT_BETA_1, DEFAULT_BETA_2, DEFAULT_EPSILON);
  }

  /** Adamax with a learning-rate schedule and Keras' other defaults. */
  public Adamax(LearningRateSchedule learningRate) {
    this(learningRate, DEFAULT_BETA_1, DEFAULT_BETA_2, DEFAULT_EPSILON);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param beta1 Keras' {@code beta_1} (default 0.9)
   * @param beta2 Keras' {@code beta_2} (default 0.999)
   * @param epsilon Keras' {@code epsilon} (default 1e-7)
   * @throws IllegalArgumentException for values out of range
   */
  public Adamax(double learningRate, double beta1, double beta2, double epsilon) {
    this(Rate.of(learningRate), beta1, beta2, epsilon);
  }

  /**
   * Adamax with a learning-rate schedule.
   *
   * @param learningRate the schedule
   * @param beta1 Keras' {@code beta_1} (default 0.9)
   * @param beta2 Keras' {@code beta_2} (default 0.999)
   * @param epsilon Keras' {@code epsilon} (default 1e-7)
   * @throws IllegalArgumentException for values out of range
   */
  public Adamax(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon) {
    this(Rate.of(learningRate), beta1, beta2, epsilon);
  }

  private Adamax(Rate learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate, beta1, beta2, epsilon);
  }

  @Override
  protected void update(float[] w, float[] g, float[][] slots, long step, float lr, int from, int to) {
    float[] m = slots[0];
    float[] u = slots[1];
    float beta1Power = (float) Math.pow(beta1, step);
    for (int i = from; i < to; i++) {
      float gi = g[i];
      m[i] += (gi - m[i]) * (1f - beta1);
      u[i] = Math.max(beta2 * u[i], Math.abs(gi));
      w[i] -= lr * m[i] / ((1f - beta1Power) * (u[i] + epsilon));
    }
  }

  @Override
  public String className() {
    return "Adamax";
  }
}
