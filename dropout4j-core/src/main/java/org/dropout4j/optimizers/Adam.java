package org.dropout4j.optimizers;

import java.util.Map;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) as Keras implements it:
 * <pre>
 * m = m + (g - m)(1 - beta1);  v = v + (g^2 - v)(1 - beta2)
 * alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 * w = w - alpha * m / (sqrt(v) + epsilon)
 * </pre>
 * Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7}.
 */
public final class Adam extends Optimizer {
  /** Keras' default learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.001f;
  private final float beta1;
  private final float beta2;
  private final float epsilon;

  /** Adam with Keras' defaults. */
  public Adam() {
    this(DEFAULT_LEARNING_RATE);
  }

  /** Adam with the given learning rate and Keras' other defaults. */
  public Adam(float learningRate) {
    this(learningRate, 0.9f, 0.999f, 1e-7f);
  }

  /**
   * @param learningRate step size, {@code > 0}
   * @param beta1 decay of the first moment, in {@code [0, 1)}
   * @param beta2 decay of the second moment, in {@code [0, 1)}
   * @param epsilon added to the denominator, {@code > 0}
   */
  public Adam(float learningRate, float beta1, float beta2, float epsilon) {
    super(learningRate);
    this.beta1 = checkUnit("beta_1", beta1);
    this.beta2 = checkUnit("beta_2", beta2);
    this.epsilon = checkPositive("epsilon", epsilon);
  }

  @Override
  protected float[][] newSlots(int size) {
    return new float[][] {new float[size], new float[size]};
  }

  @Override
  protected void update(float[] w, float[] g, float[][] slots, long step, int from, int to) {
    float[] m = slots[0];
    float[] v = slots[1];
    float b1Power = (float) Math.pow(beta1, step);
    float b2Power = (float) Math.pow(beta2, step);
    float alpha = learningRate() * (float) Math.sqrt(1f - b2Power) / (1f - b1Power);
    float oneMinusB1 = 1f - beta1;
    float oneMinusB2 = 1f - beta2;
    for (int i = from; i < to; i++) {
      float gi = g[i];
      float mi = m[i] + (gi - m[i]) * oneMinusB1;
      float vi = v[i] + (gi * gi - v[i]) * oneMinusB2;
      m[i] = mi;
      v[i] = vi;
      w[i] -= alpha * mi / ((float) Math.sqrt(vi) + epsilon);
    }
  }

  @Override
  public String className() {
    return "Adam";
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("beta_1", number(beta1));
    config.put("beta_2", number(beta2));
    config.put("epsilon", number(epsilon));
    config.put("amsgrad", false);
  }
}
