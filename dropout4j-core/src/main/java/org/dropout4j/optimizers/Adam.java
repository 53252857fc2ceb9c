package org.dropout4j.optimizers;

import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) as Keras implements it:
 * <pre>
 * m = m + (g - m)(1 - beta1);  v = v + (g^2 - v)(1 - beta2)
 * amsgrad: vHat = max(vHat, v), used in place of v
 * alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 * w = w - alpha * m / (sqrt(v) + epsilon)
 * </pre>
 * Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=false}. The common options
 * (clipping, weight decay, EMA, accumulation) are on {@link Optimizer}.
 *
 * <pre>{@code
 * new Adam(1e-3)
 * }</pre>
 */
public final class Adam extends AdamRule {
  /** Keras' default learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.001f;

  /** Adam with Keras' defaults. */
  public Adam() {
    this(DEFAULT_LEARNING_RATE);
  }

  /** Adam with the given learning rate and Keras' other defaults. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  /** Adam with a learning-rate schedule and Keras' other defaults. */
  public Adam(LearningRateSchedule learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7, false);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param beta1 decay of the first moment, in {@code [0, 1)}
   * @param beta2 decay of the second moment, in {@code [0, 1)}
   * @param epsilon added to the denominator, {@code > 0}
   */
  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    this(learningRate, beta1, beta2, epsilon, false);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param beta1 decay of the first moment, in {@code [0, 1)}
   * @param beta2 decay of the second moment, in {@code [0, 1)}
   * @param epsilon added to the denominator, {@code > 0}
   * @param amsgrad whether to use the AMSGrad variant (Reddi, Kale and Kumar, ICLR 2018)
   */
  public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
    super(Rate.of(learningRate), beta1, beta2, epsilon, amsgrad);
  }

  /** Adam with a learning-rate schedule. */
  public Adam(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
    super(Rate.of(learningRate), beta1, beta2, epsilon, amsgrad);
  }

  @Override
  public String className() {
    return "Adam";
  }
}
