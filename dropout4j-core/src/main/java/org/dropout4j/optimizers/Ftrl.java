package org.dropout4j.optimizers;

import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013) as Keras implements
 * it, with {@code p = -learning_rate_power}, the accumulator starting at {@code initial_accumulator_value}:
 * <pre>
 * g' = g + 2 l2Shrinkage w;  n' = n + g^2
 * z = z + g' - (n'^p - n^p) / lr * w
 * w = (clip(z, -l1, l1) - z) / (n'^p / lr + 2 (l2 + beta / (2 lr)));  n = n'
 * </pre>
 * Defaults: {@code learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
 * l1_regularization_strength=0, l2_regularization_strength=0, l2_shrinkage_regularization_strength=0, beta=0}.
 */
public final class Ftrl extends Optimizer {
  /** Keras' default learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.001f;
  private final float learningRatePower;
  private final float initialAccumulatorValue;
  private final float l1;
  private final float l2;
  private final float l2Shrinkage;
  private final float beta;
  private static float checkPower(double value) {
    if (!(value <= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("Invalid value for argument `learning_rate_power` of Ftrl: expected a float "
          + "<= 0, received learning_rate_power=" + value);
    }
    return (float) value;
  }

  /** Ftrl with Keras' defaults. */
  public Ftrl() {
    this(DEFAULT_LEARNING_RATE);
  }

  /** Ftrl with the given learning rate and Keras' other defaults. */
  public Ftrl(double learningRate) {
    this(learningRate, -0.5, 0.1, 0, 0, 0, 0);
  }

  /** Ftrl with a learning-rate schedule and Keras' other defaults. */
  public Ftrl(LearningRateSchedule learningRate) {
    this(learningRate, -0.5, 0.1, 0, 0, 0, 0);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param learningRatePower Keras' {@code learning_rate_power} (default -0.5)
   * @param initialAccumulatorValue Keras' {@code initial_accumulator_value} (default 0.1)
   * @param l1 Keras' {@code l1_regularization_strength} (default 0)
   * @param l2 Keras' {@code l2_regularization_strength} (default 0)
   * @param l2Shrinkage Keras' {@code l2_shrinkage_regularization_strength} (default 0)
   * @param beta Keras' {@code beta} (default 0)
   * @throws IllegalArgumentException for values out of range
   */
  public Ftrl(double learningRate, double learningRatePower, double initialAccumulatorValue, double l1, double l2, double l2Shrinkage, double beta) {
    this(Rate.of(learningRate), learningRatePower, initialAccumulatorValue, l1, l2, l2Shrinkage, beta);
  }

  /**
   * Ftrl with a learning-rate schedule.
   *
   * @param learningRate the schedule
   * @param learningRatePower Keras' {@code learning_rate_power} (default -0.5)
   * @param initialAccumulatorValue Keras' {@code initial_accumulator_value} (default 0.1)
   * @param l1 Keras' {@code l1_regularization_strength} (default 0)
   * @param l2 Keras' {@code l2_regularization_strength} (default 0)
   * @param l2Shrinkage Keras' {@code l2_shrinkage_regularization_strength} (default 0)
   * @param beta Keras' {@code beta} (default 0)
   * @throws IllegalArgumentException for values out of range
   */
  public Ftrl(LearningRateSchedule learningRate, double learningRatePower, double initialAccumulatorValue, double l1, double l2, double l2Shrinkage, double beta) {
    this(Rate.of(learningRate), learningRatePower, initialAccumulatorValue, l1, l2, l2Shrinkage, beta);
  }

  private Ftrl(Rate learningRate, double learningRatePower, double initialAccumulatorValue, double l1, double l2,
      double l2Shrinkage, double beta) {
    super(learningRate);
    this.learningRatePower = hyper("learning_rate_power", checkPower(learningRatePower));
    this.initialAccumulatorValue = hyperNonNegative("initial_accumulator_value", initialAccumulatorValue);
    this.l1 = hyperNonNegative("l1_regularization_strength", l1);
    this.l2 = hyperNonNegative("l2_regularization_strength", l2);
    this.l2Shrinkage = hyperNonNegative("l2_shrinkage_regularization_strength", l2Shrinkage);
    this.beta = hyperNonNegative("beta", beta);
  }

  @Override
  protected float[][] newSlots(int size) {
    float[] n = new float[size];
    java.util.Arrays.fill(n, initialAccumulatorValue);
    return new float[][] {n, new float[size]};
  }

  @Override
  protected void update(float[] w, float[] g, float[][] slots, long step, float lr, int from, int to) {
    float[] n = slots[0];
    float[] z = slots[1];
    float p = -learningRatePower;
    float l2Reg = l2 + beta / (2f * lr);
    for (int i = from; i < to; i++) {
      float gi = g[i];
      float gUse = gi + 2f * l2Shrinkage * w[i];
      float newN = n[i] + gi * gi;
      float newPow = (float) Math.pow(newN, p);
      z[i] += gUse - (newPow - (float) Math.pow(n[i], p)) / lr * w[i];
      float quadratic = newPow / lr + 2f * l2Reg;
      float clipped = Math.max(-l1, Math.min(l1, z[i]));
      w[i] = (clipped - z[i]) / quadratic;
      n[i] = newN;
    }
  }

  @Override
  public String className() {
    return "Ftrl";
  }
}
