package org.dropout4j.optimizers;

import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as Keras implements it:
 * <pre>
 * no momentum:  w = w - lr * g
 * momentum:     v = momentum * v - lr * g;  w = w + v
 * nesterov:     v = momentum * v - lr * g;  w = w + momentum * v - lr * g
 * </pre>
 * Defaults: {@code learning_rate=0.01, momentum=0, nesterov=false}.
 */
public final class SGD extends Optimizer {
  /** Keras' default learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.01f;
  private final float momentum;
  private final boolean nesterov;

  /** SGD with Keras' defaults. */
  public SGD() {
    this(DEFAULT_LEARNING_RATE);
  }

  /** Plain SGD. */
  public SGD(double learningRate) {
    this(learningRate, 0, false);
  }

  /** Plain SGD with a learning-rate schedule. */
  public SGD(LearningRateSchedule learningRate) {
    this(learningRate, 0, false);
  }

  /** SGD with a learning-rate schedule and momentum. */
  public SGD(LearningRateSchedule learningRate, double momentum, boolean nesterov) {
    this(Rate.of(learningRate), momentum, nesterov);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param momentum in {@code [0, 1)}
   * @param nesterov whether to use Nesterov momentum
   */
  public SGD(double learningRate, double momentum, boolean nesterov) {
    this(Rate.of(learningRate), momentum, nesterov);
  }

  private SGD(Rate learningRate, double momentum, boolean nesterov) {
    super(learningRate);
    this.momentum = hyperUnit("momentum", momentum);
    this.nesterov = hyper("nesterov", nesterov);
  }

  @Override
  protected float[][] newSlots(int size) {
    return momentum == 0f ? new float[0][] : new float[][] {new float[size]};
  }

  @Override
  protected void update(float[] w, float[] g, float[][] slots, long step, float lr, int from, int to) {
    if (momentum == 0f) {
      for (int i = from; i < to; i++) {
        w[i] -= lr * g[i];
      }
      return;
    }
    float[] v = slots[0];
    for (int i = from; i < to; i++) {
      float vi = momentum * v[i] - lr * g[i];
      v[i] = vi;
      w[i] += nesterov ? momentum * vi - lr * g[i] : vi;
    }
  }

  @Override
  public String className() {
    return "SGD";
  }
}
