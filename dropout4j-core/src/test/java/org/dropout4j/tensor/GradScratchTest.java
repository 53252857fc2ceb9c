package org.dropout4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.dropout4j.internal.FastPathHooks;
import org.junit.jupiter.api.Test;

/**
 * Contract of the weight-gradient arrays lent by {@code Tensor.gradScratch}: a dense kernel's gradient array is
 * allocated once and reused from step to step, the values are those of a fresh computation at every step, a
 * gradient snapshot taken by a caller is never overwritten, and arrays handed in by the fused paths are never lent
 * out again.
 */
class GradScratchTest {
  /** More inputs than {@code SmallDense.MAX_K}, so the product takes the BLAS path that borrows the array. */
  private static final int K = 20;
  private static final float[] X = values(2 * K, 0.37f);
  private static final float[] W = values(K * 2, 0.11f);

  private static float[] values(int n, float step) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) Math.sin(i * step + 0.3) * (i % 3 == 0 ? -1 : 1);
    }
    return v;
  }

  private static Tensor denseLoss(Parameter kernel, float[] x) {
    Tensor input = Tensor.of(Shape.of(2, K), x);
    return Ops.sum(Ops.dense(input, kernel.value(), null, Ops.FusedActivation.RELU));
  }

  /** The kernel gradient the ordinary way: a fresh kernel with the same values, one backward pass. */
  private static float[] freshGradient(float[] kernelValues, float[] x) {
    Parameter fresh = new Parameter("k", Tensor.of(Shape.of(K, 2), kernelValues), true);
    denseLoss(fresh, x).backward();
    return fresh.gradData().clone();
  }

  @Test
  void kernelGradientArrayIsReusedAcrossStepsWithFreshValues() {
    float[] w = W.clone();
    Parameter kernel = new Parameter("k", Tensor.of(Shape.of(K, 2), w), true);
    denseLoss(kernel, X).backward();
    float[] first = kernel.gradData();
    Tensor snapshot = kernel.value().grad(); // a caller's copy
    float[] snapshotValues = snapshot.toArray();
    kernel.zeroGrad();

    float[] x2 = values(2 * K, 0.91f);
    kernel.data()[0] = 0.7f; // the optimizer moved a weight
    denseLoss(kernel, x2).backward();
    float[] second = kernel.gradData();

    assertSame(first, second, "the second step reuses the first step's gradient array");
    assertArrayEquals(freshGradient(kernel.data().clone(), x2), second, 0f,
        "the reused array holds exactly the gradient a fresh array would");
    assertArrayEquals(snapshotValues, snapshot.toArray(), 0f, "the caller's snapshot is untouched");
  }

  @Test
  void accumulatingTwoBackwardPassesStillSums() {
    float[] w = W.clone();
    Parameter kernel = new Parameter("k", Tensor.of(Shape.of(K, 2), w), true);
    denseLoss(kernel, X).backward();
    kernel.zeroGrad();
    denseLoss(kernel, X).backward(); // lent the spare array
    denseLoss(kernel, X).backward(); // a second pass before zeroGrad adds to it
    float[] once = freshGradient(w, X);
    float[] twice = new float[once.length];
    for (int i = 0; i < once.length; i++) {
      twice[i] = once[i] + once[i];
    }
    assertArrayEquals(twice, kernel.gradData(), 0f);
  }

  @Test
  void gradientsHandedInByFusedPathsAreNotLentAgain() {
    float[] w = W.clone();
    Parameter kernel = new Parameter("k", Tensor.of(Shape.of(K, 2), w), true);
    float[] handedIn = new float[2 * K];
    FastPathHooks.tensors().setGradient(kernel, handedIn);
    kernel.zeroGrad();
    denseLoss(kernel, X).backward();
    assertNotSame(handedIn, kernel.gradData(), "an array owned by a fused path must never be written by autodiff");
    assertArrayEquals(new float[2 * K], handedIn, 0f);
  }
}
