package org.dropout4j.optimizers;

/**
 * The update rule shared by {@link Adam} and {@link AdamW} (Keras' {@code Adam.update_step}; AdamW differs only in
 * its default {@code weight_decay}): the hyper-parameters {@code beta_1, beta_2, epsilon, amsgrad}, the slots
 * {@code m, v} (and {@code vHat} with AMSGrad) and the update.
 */
abstract class AdamRule extends Optimizer {
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final boolean amsgrad;

  AdamRule(Rate learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
    super(learningRate);
    this.beta1 = hyperUnit("beta_1", beta1);
    this.beta2 = hyperUnit("beta_2", beta2);
    this.epsilon = hyperPositive("epsilon", epsilon);
    this.amsgrad = hyper("amsgrad", amsgrad);
  }

  @Override
  protected final float[][] newSlots(int size) {
    return amsgrad ? new float[][] {new float[size], new float[size], new float[size]}
        : new float[][] {new float[size], new float[size]};
  }

  @Override
  protected final void update(float[] w, float[] g, float[][] slots, long step, float lr, int from, int to) {
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
}
