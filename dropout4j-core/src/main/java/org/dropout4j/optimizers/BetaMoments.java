package org.dropout4j.optimizers;

/**
 * The base of {@link Adamax} and {@link Nadam}: Keras' {@code beta_1}, {@code beta_2} (each in {@code [0, 1)}) and
 * {@code epsilon} (positive), recorded in the config in that order, and two slots per weight (the first moment and
 * the second moment or infinity norm).
 */
abstract class BetaMoments extends Optimizer {
  /** Keras' default {@code beta_1}. */
  static final double DEFAULT_BETA_1 = 0.9;
  /** Keras' default {@code beta_2}. */
  static final double DEFAULT_BETA_2 = 0.999;
  /** Keras' default {@code epsilon}. */
  static final double DEFAULT_EPSILON = 1e-7;

  final float beta1;
  final float beta2;
  final float epsilon;

  /** @throws IllegalArgumentException for values out of range, naming the argument */
  BetaMoments(Rate learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate);
    this.beta1 = hyperUnit("beta_1", beta1);
    this.beta2 = hyperUnit("beta_2", beta2);
    this.epsilon = hyperPositive("epsilon", epsilon);
  }

  @Override
  protected final float[][] newSlots(int size) {
    return new float[][] {new float[size], new float[size]};
  }
}
