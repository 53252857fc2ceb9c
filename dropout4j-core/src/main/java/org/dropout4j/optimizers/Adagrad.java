package org.dropout4j.optimizers;

import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * Adagrad (Duchi, Hazan and Singer, JMLR 2011) as Keras implements it, the accumulator starting at
 * {@code initial_accumulator_value}:
 * <pre>
 * a = a + g^2;  w = w - lr g / sqrt(a + epsilon)
 * </pre>
 * Defaults: {@code learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7}.
 */
public final class Adagrad extends Optimizer {
  /** Keras' default learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.001f;
  private final float initialAccumulatorValue;
  private final float epsilon;

  /** Adagrad with Keras' defaults. */
  public Adagrad() {
    this(DEFAULT_LEARNING_RATE);
  }

  /** Adagrad with the given learning rate and Keras' other defaults. */
  public Adagrad(double learningRate) {
    this(learningRate, 0.1, 1e-7);
  }

  /** Adagrad with a learning-rate schedule and Keras' other defaults. */
  public Adagrad(LearningRateSchedule learningRate) {
    this(learningRate, 0.1, 1e-7);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param initialAccumulatorValue Keras' {@code initial_accumulator_value} (default 0.1)
   * @param epsilon Keras' {@code epsilon} (default 1e-7)
   * @throws IllegalArgumentException for values out of range
   */
  public Adagrad(double learningRate, double initialAccumulatorValue, double epsilon) {
    this(Rate.of(learningRate), initialAccumulatorValue, epsilon);
  }

  /**
   * Adagrad with a learning-rate schedule.
   *
   * @param learningRate the schedule
   * @param initialAccumulatorValue Keras' {@code initial_accumulator_value} (default 0.1)
   * @param epsilon Keras' {@code epsilon} (default 1e-7)
   * @throws IllegalArgumentException for values out of range
   */
  public Adagrad(LearningRateSchedule learningRate, double initialAccumulatorValue, double epsilon) {
    this(Rate.of(learningRate), initialAccumulatorValue, epsilon);
  }

  private Adagrad(Rate learningRate, double initialAccumulatorValue, double epsilon) {
    super(learningRate);
    this.initialAccumulatorValue = hyperNonNegative("initial_accumulator_value", initialAccumulatorValue);
    this.epsilon = hyperPositive("epsilon", epsilon);
  }

  @Override
  protected float[][] newSlots(int size) {
    float[] a = new float[size];
    java.util.Arrays.fill(a, initialAccumulatorValue);
    return new float[][] {a};
  }

  @Override
  protected void update(float[] w, float[] g, float[][] slots, long step, float lr, int from, int to) {
    float[] a = slots[0];
    for (int i = from; i < to; i++) {
      float gi = g[i];
      a[i] += gi * gi;
      w[i] -= lr * gi / (float) Math.sqrt(a[i] + epsilon);
    }
  }

  @Override
  public String className() {
    return "Adagrad";
  }
}
