package org.dropout4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link BatchNormOps}: the fused forward passes against the formula, the backward passes against finite differences. */
class BatchNormOpsTest {
  private static final float EPS = 1e-3f;

  @Test
  void training_gradientMatchesFiniteDifferences() {
    Tensor x = GradientCheck.uniform(1, -2f, 2f, 5, 3);
    Tensor gamma = GradientCheck.uniform(2, 0.5f, 1.5f, 3);
    Tensor beta = GradientCheck.uniform(3, -1f, 1f, 3);
    GradientCheck.check("batchNorm training", t -> BatchNormOps.training(t[0], t[1], t[2], EPS, null), x, gamma,
        beta);
  }

  @Test
  void training_rank4_withoutScaleAndCenter_gradientMatchesFiniteDifferences() {
    Tensor x = GradientCheck.uniform(4, -2f, 2f, 2, 3, 2, 4);
    GradientCheck.check("batchNorm training rank 4", t -> BatchNormOps.training(t[0], null, null, EPS, null), x);
  }

  @Test
  void inference_gradientMatchesFiniteDifferences() {
    Tensor x = GradientCheck.uniform(5, -2f, 2f, 4, 3);
    Tensor gamma = GradientCheck.uniform(6, 0.5f, 1.5f, 3);
    Tensor beta = GradientCheck.uniform(7, -1f, 1f, 3);
    float[] mean = {0.1f, -0.2f, 0.3f};
    float[] var = {0.5f, 1f, 2f};
    GradientCheck.check("batchNorm inference",
        t -> BatchNormOps.inference(t[0], t[1], t[2], mean, var, EPS), x, gamma, beta);
  }

  @Test
  void training_outputsMatchTheFormulaAndReportBiasedMoments() {
    // one channel, values 1..4: mean 2.5, biased variance 1.25
    Tensor x = Tensor.of(Shape.of(4, 1), 1f, 2f, 3f, 4f);
    BatchNormOps.Moments m = new BatchNormOps.Moments(new float[1], new float[1]);
    float[] y = BatchNormOps.training(x, Tensor.of(Shape.of(1), 2f), Tensor.of(Shape.of(1), 0.5f), EPS, m)
        .toArray();
    assertEquals(2.5f, m.mean()[0], 1e-6f);
    assertEquals(1.25f, m.variance()[0], 1e-6f);
    double inv = 1 / Math.sqrt(1.25 + EPS);
    assertArrayEquals(new float[] {(float) (2 * -1.5 * inv + 0.5), (float) (2 * -0.5 * inv + 0.5),
        (float) (2 * 0.5 * inv + 0.5), (float) (2 * 1.5 * inv + 0.5)}, y, 1e-5f);
  }
}
