package org.dropout4j.optimizers;

import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019) as Keras: {@link Adam}'s update
 * after the decoupled decay {@code w -= w * weight_decay * lr} of every trainable weight.
 * Defaults: {@code learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
 * amsgrad=false}.
 */
public final class AdamW extends AdamRule {
  /** Keras' default weight decay of AdamW. */
  public static final double DEFAULT_WEIGHT_DECAY = 0.004;

  /** AdamW with Keras' defaults. */
  public AdamW() {
    this(Adam.DEFAULT_LEARNING_RATE);
  }

  /** AdamW with the given learning rate and Keras' other defaults. */
  public AdamW(double learningRate) {
    this(learningRate, DEFAULT_WEIGHT_DECAY, 0.9, 0.999, 1e-7, false);
  }

  /** AdamW with a schedule and Keras' other defaults. */
  public AdamW(LearningRateSchedule learningRate) {
    this(learningRate, DEFAULT_WEIGHT_DECAY, 0.9, 0.999, 1e-7, false);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param weightDecay the decoupled decay, {@code >= 0}
   * @param beta1 in {@code [0, 1)}
   * @param beta2 in {@code [0, 1)}
   * @param epsilon {@code > 0}
   * @param amsgrad whether to use AMSGrad
   */
  public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
      boolean amsgrad) {
    super(Rate.of(learningRate), beta1, beta2, epsilon, amsgrad);
    weightDecay(weightDecay);
  }

  /** AdamW with a learning-rate schedule. */
  public AdamW(LearningRateSchedule learningRate, double weightDecay, double beta1, double beta2, double epsilon,
      boolean amsgrad) {
    super(Rate.of(learningRate), beta1, beta2, epsilon, amsgrad);
    weightDecay(weightDecay);
  }

  @Override
  public String className() {
    return "AdamW";
  }
}
