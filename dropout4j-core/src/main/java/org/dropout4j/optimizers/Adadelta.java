package org.dropout4j.optimizers;

import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * Adadelta (Zeiler, "ADADELTA: An Adaptive Learning Rate Method", 2012) as Keras implements it:
 * <pre>
 * a = rho a + (1 - rho) g^2
 * delta = -g sqrt(d + epsilon) / sqrt(a + epsilon)
 * d = rho d + (1 - rho) delta^2;  w = w + lr delta
 * </pre>
 * Defaults: {@code learning_rate=0.001, rho=0.95, epsilon=1e-7}.
 */
public final class Adadelta extends Optimizer {
  /** Keras' default learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.001f;
  private final float rho;
  private final float epsilon;

  /** Adadelta with Keras' defaults. */
  public Adadelta() {
    this(DEFAULT_LEARNING_RATE);
  }

  /** Adadelta with the given learning rate and Keras' other defaults. */
  public Adadelta(double learningRate) {
    this(learningRate, 0.95, 1e-7);
  }

  /** Adadelta with a learning-rate schedule and Keras' other defaults. */
  public Adadelta(LearningRateSchedule learningRate) {
    this(learningRate, 0.95, 1e-7);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param rho Keras' {@code rho} (default 0.95)
   * @param epsilon Keras' {@code epsilon} (default 1e-7)
   * @throws IllegalArgumentException for values out of range
   */
  public Adadelta(double learningRate, double rho, double epsilon) {
    this(Rate.of(learningRate), rho, epsilon);
  }

  /**
   * Adadelta with a learning-rate schedule.
   *
   * @param learningRate the schedule
   * @param rho Keras' {@code rho} (default 0.95)
   * @param epsilon Keras' {@code epsilon} (default 1e-7)
   * @throws IllegalArgumentException for values out of range
   */
  public Adadelta(LearningRateSchedule learningRate, double rho, double epsilon) {
    this(Rate.of(learningRate), rho, epsilon);
  }

  private Adadelta(Rate learningRate, double rho, double epsilon) {
    super(learningRate);
    this.rho = hyperUnit("rho", rho);
    this.epsilon = hyperPositive("epsilon", epsilon);
  }

  @Override
  protected float[][] newSlots(int size) {
    return new float[][] {new float[size], new float[size]};
  }

  @Override
  protected void update(float[] w, float[] g, float[][] slots, long step, float lr, int from, int to) {
    float[] a = slots[0];
    float[] d = slots[1];
    for (int i = from; i < to; i++) {
      float gi = g[i];
      a[i] = rho * a[i] + (1f - rho) * (gi * gi);
      float delta = -((float) Math.sqrt(d[i] + epsilon) * gi / (float) Math.sqrt(a[i] + epsilon));
      d[i] = rho * d[i] + (1f - rho) * (delta * delta);
      w[i] += lr * delta;
    }
  }

  @Override
  public String className() {
    return "Adadelta";
  }
}
