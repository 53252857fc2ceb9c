package org.dropout4j.optimizers;

import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * Nadam (Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop) as Keras implements it, with
 * {@code mu_t = beta1 (1 - 0.5 * 0.96^t)} and {@code prod} the running product of the {@code mu}:
 * <pre>
 * m = m + (g - m)(1 - beta1);  v = v + (g^2 - v)(1 - beta2)
 * mHat = mu_{t+1} m / (1 - prod_t mu_{t+1}) + (1 - mu_t) g / (1 - prod_t)
 * vHat = v / (1 - beta2^t)
 * w = w - lr mHat / (sqrt(vHat) + epsilon)
 * </pre>
 * Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7}.
 */
public final class Nadam extends BetaMoments {
  /** Keras' default learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.001f;
  /** Keras' {@code _u_product}: the product of {@code mu_1 .. mu_t}. */
  private float uProduct = 1f;

  @Override
  protected void beginUpdate(long step) {
    uProduct = uProduct * beta1 * (1f - 0.5f * (float) Math.pow(0.96f, step));
  }

  @Override
  protected void restoreScalars(long updates) {
    uProduct = 1f;
    for (long t = 1; t <= updates; t++) {
      beginUpdate(t);
    }
  }

  /** Nadam with Keras' defaults. */
  public Nadam() {
    this(DEFAULT_LEARNING_RATE);
  }

  /** Nadam with the given learning rate and Keras' other defaults. */
  public Nadam(double learningRate) {
    this(learningRate, DEFAULT_BETA_1, DEFAULT_BETA_2, DEFAULT_EPSILON);
  }

  /** Nadam with a learning-rate schedule and Keras' other defaults. */
  public Nadam(LearningRateSchedule learningRate) {
    this(learningRate, DEFAULT_BETA_1, DEFAULT_BETA_2, DEFAULT_EPSILON);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param beta1 Keras' {@code beta_1} (default 0.9)
   * @param beta2 Keras' {@code beta_2} (default 0.999)
   * @param epsilon Keras' {@code epsilon} (default 1e-7)
   * @throws IllegalArgumentException for values out of range
   */
  public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
    this(Rate.of(learningRate), beta1, beta2, epsilon);
  }

  /**
   * Nadam with a learning-rate schedule.
   *
   * @param learningRate the schedule
   * @param beta1 Keras' {@code beta_1} (default 0.9)
   * @param beta2 Keras' {@code beta_2} (default 0.999)
   * @param epsilon Keras' {@code epsilon} (default 1e-7)
   * @throws IllegalArgumentException for values out of range
   */
  public Nadam(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon) {
    this(Rate.of(learningRate), beta1, beta2, epsilon);
  }

  private Nadam(Rate learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate, beta1, beta2, epsilon);
  }

  @Override
  protected void update(float[] w, float[] g, float[][] slots, long step, float lr, int from, int to) {
    float[] m = slots[0];
    float[] v = slots[1];
    float decay = 0.96f;
    float uT = beta1 * (1f - 0.5f * (float) Math.pow(decay, step));
    float uT1 = beta1 * (1f - 0.5f * (float) Math.pow(decay, step + 1));
    float uProductT1 = uProduct * uT1;
    float beta2Power = (float) Math.pow(beta2, step);
    for (int i = from; i < to; i++) {
      float gi = g[i];
      m[i] += (gi - m[i]) * (1f - beta1);
      v[i] += (gi * gi - v[i]) * (1f - beta2);
      float mHat = uT1 * m[i] / (1f - uProductT1) + (1f - uT) * gi / (1f - uProduct);
      float vHat = v[i] / (1f - beta2Power);
      w[i] -= mHat * lr / ((float) Math.sqrt(vHat) + epsilon);
    }
  }

  @Override
  public String className() {
    return "Nadam";
  }
}
