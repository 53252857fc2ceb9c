package org.dropout4j.optimizers;

import java.util.Map;

/** The update rule shared by {@link Adam} and {@link AdamW} (Keras' {@code Adam.update_step}). */
final class AdamRule {
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final boolean amsgrad;

  AdamRule(double beta1, double beta2, double epsilon, boolean amsgrad) {
    this.beta1 = Optimizer.checkUnit("beta_1", beta1);
    this.beta2 = Optimizer.checkUnit("beta_2", beta2);
    this.epsilon = Optimizer.checkPositive("epsilon", epsilon);
    this.amsgrad = amsgrad;
  }

  float[][] newSlots(int size) {
    return amsgrad ? new float[][] {new float[size], new float[size], new float[size]}
        : new float[][] {new float[size], new float[size]};
  }

  void update(float[] w, float[] g, float[][] slots, long step, float lr, int from, int to) {
    float[] m = slots[0];
    float[] v = slots[1];
    float[] vHat = amsgrad ? slots[2] : null;
    float b1Power = (float) Math.pow(beta1, step);
    float b2Power = (float) Math.pow(beta2, step);
    float alpha = lr * (float) Math.sqrt(1f - b2Power) / (1f - b1Power);
    float oneMinusB1 = 1f - beta1;
    float oneMinusB2 = 1f - beta2;
    for (int i = from; i < to; i++) {
      float gi = g[i];
      float mi = m[i] + (gi - m[i]) * oneMinusB1;
      float vi = v[i] + (gi * gi - v[i]) * oneMinusB2;
      m[i] = mi;
      v[i] = vi;
      if (vHat != null) {
        vi = Math.max(vHat[i], vi);
        vHat[i] = vi;
      }
      w[i] -= mi * alpha / ((float) Math.sqrt(vi) + epsilon);
    }
  }

  void addConfig(Map<String, Object> config) {
    config.put("beta_1", Optimizer.number(beta1));
    config.put("beta_2", Optimizer.number(beta2));
    config.put("epsilon", Optimizer.number(epsilon));
    config.put("amsgrad", amsgrad);
  }
}
