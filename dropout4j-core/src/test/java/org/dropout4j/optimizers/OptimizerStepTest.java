package org.dropout4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer's update on a 2-element weight with a fixed gradient, against the formulas of its Javadoc
 * evaluated in double precision by hand here (tolerance 1e-6). Two steps, so that state (moments, momentum, bias
 * correction) matters.
 */
class OptimizerStepTest {
  private static final double[] W0 = {0.5, -1.5};
  private static final double[] G = {0.2, -0.4};
  private static final double TOL = 1e-6;

  /** Runs {@code steps} steps of {@code opt} with gradient G and returns the weight. */
  private static float[] run(Optimizer opt, int steps) {
    Parameter p = new Parameter("w", Tensor.of(Shape.of(2), (float) W0[0], (float) W0[1]), true);
    Tensor g = Tensor.of(Shape.of(2), (float) G[0], (float) G[1]);
    for (int s = 0; s < steps; s++) {
      p.zeroGrad();
      Ops.sum(Ops.mul(p.value(), g)).backward(); // d/dw sum(w * g) = g
      opt.apply(List.of(p));
    }
    assertEquals(steps, opt.iterations());
    return p.data().clone();
  }

  private static void assertWeights(double[] expected, float[] actual) {
    for (int i = 0; i < 2; i++) {
      assertEquals(expected[i], actual[i], TOL, "element " + i);
    }
  }

  @Test
  void sgdPlain_stepsAgainstTheGradient() {
    double lr = 0.1;
    double[] w = W0.clone();
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < 2; i++) {
        w[i] -= lr * G[i];
      }
    }
    assertWeights(w, run(new SGD(0.1f), 2));
  }

  @Test
  void sgdMomentum_accumulatesVelocity() {
    double lr = 0.1;
    double mu = 0.9;
    double[] w = W0.clone();
    double[] v = new double[2];
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < 2; i++) {
        v[i] = mu * v[i] - lr * G[i];
        w[i] += v[i];
      }
    }
    assertWeights(w, run(new SGD(0.1f, 0.9f, false), 2));
  }

  @Test
  void sgdNesterov_looksAheadAlongTheVelocity() {
    double lr = 0.1;
    double mu = 0.9;
    double[] w = W0.clone();
    double[] v = new double[2];
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < 2; i++) {
        v[i] = mu * v[i] - lr * G[i];
        w[i] += mu * v[i] - lr * G[i];
      }
    }
    assertWeights(w, run(new SGD(0.1f, 0.9f, true), 2));
  }

  @Test
  void adam_twoStepsWithBiasCorrection() {
    double lr = 0.1;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-7;
    double[] w = W0.clone();
    double[] m = new double[2];
    double[] v = new double[2];
    for (int t = 1; t <= 2; t++) {
      double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      for (int i = 0; i < 2; i++) {
        m[i] += (G[i] - m[i]) * (1 - b1);
        v[i] += (G[i] * G[i] - v[i]) * (1 - b2);
        w[i] -= alpha * m[i] / (Math.sqrt(v[i]) + eps);
      }
    }
    assertWeights(w, run(new Adam(0.1f, 0.9f, 0.999f, 1e-7f), 2));
  }

  @Test
  void adam_firstStep_hasSizeLearningRateInEachCoordinate() {
    // step = lr * g / (|g| + epsilon / sqrt(1 - beta2)): lr up to a relative 1e-7 / (0.0316 * 0.2) = 1.6e-5
    float[] w = run(new Adam(0.1f), 1);
    assertEquals(W0[0] - 0.1, w[0], 0.1 * 2e-5);
    assertEquals(W0[1] + 0.1, w[1], 0.1 * 2e-5);
  }

  private static double[] rmsprop(double lr, double rho, double momentum, double eps, boolean centered) {
    double[] w = W0.clone();
    double[] v = new double[2];
    double[] a = new double[2];
    double[] m = new double[2];
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < 2; i++) {
        v[i] = rho * v[i] + (1 - rho) * G[i] * G[i];
        double denominator;
        if (centered) {
          a[i] = rho * a[i] + (1 - rho) * G[i];
          denominator = v[i] - a[i] * a[i] + eps;
        } else {
          denominator = v[i] + eps;
        }
        double increment = lr * G[i] / Math.sqrt(denominator);
        if (momentum > 0) {
          m[i] = momentum * m[i] + increment;
          w[i] -= m[i];
        } else {
          w[i] -= increment;
        }
      }
    }
    return w;
  }

  @Test
  void rmspropPlain_dividesByTheRootMeanSquare() {
    assertWeights(rmsprop(0.01, 0.9, 0, 1e-7, false), run(new RMSprop(0.01f, 0.9f, 0f, 1e-7f, false), 2));
  }

  @Test
  void rmspropCentered_dividesByTheVarianceEstimate() {
    assertWeights(rmsprop(0.01, 0.9, 0, 1e-7, true), run(new RMSprop(0.01f, 0.9f, 0f, 1e-7f, true), 2));
  }

  @Test
  void rmspropMomentum_accumulatesIncrements() {
    assertWeights(rmsprop(0.01, 0.9, 0.5, 1e-7, false), run(new RMSprop(0.01f, 0.9f, 0.5f, 1e-7f, false), 2));
  }

  @Test
  void parameterWithoutGradient_isNotUpdated() {
    // which weights train is the caller's choice (fit passes those trainable at its setup, as Keras' train
    // function does); the optimizer steps the listed weights that have a gradient
    Parameter p = new Parameter("w", Tensor.of(Shape.of(2), 1f, 2f), true);
    Parameter q = new Parameter("v", Tensor.of(Shape.of(2), 1f, 2f), true);
    Ops.sum(p.value()).backward();
    new SGD(0.1f).apply(List.of(q, p));
    assertEquals(1f, q.data()[0]);
    assertEquals(2f, q.data()[1]);
    assertEquals(0.9f, p.data()[0], 1e-7f);
  }

  private static void assertRejects(String argument, Supplier<Optimizer> make) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
    assertTrue(e.getMessage().contains("`" + argument + "`"), e.getMessage());
  }

  @Test
  void learningRateNotPositiveOrNotFinite_throwsNamingLearningRate() {
    for (float lr : new float[] {0f, -0.1f, Float.NaN, Float.POSITIVE_INFINITY}) {
      assertRejects("learning_rate", () -> new SGD(lr));
      assertRejects("learning_rate", () -> new Adam(lr));
      assertRejects("learning_rate", () -> new RMSprop(lr));
    }
  }

  @Test
  void adamBetasOutsideUnitInterval_throwNamingTheBeta() {
    assertRejects("beta_1", () -> new Adam(0.1f, 1f, 0.999f, 1e-7f));
    assertRejects("beta_1", () -> new Adam(0.1f, -0.1f, 0.999f, 1e-7f));
    assertRejects("beta_2", () -> new Adam(0.1f, 0.9f, 1.5f, 1e-7f));
    assertRejects("epsilon", () -> new Adam(0.1f, 0.9f, 0.999f, 0f));
  }

  @Test
  void sgdMomentumOutsideUnitInterval_throwsNamingMomentum() {
    assertRejects("momentum", () -> new SGD(0.1f, 1f, false));
    assertRejects("momentum", () -> new SGD(0.1f, Float.NaN, true));
  }

  @Test
  void rmspropInvalidRhoMomentumOrEpsilon_throwsNamingTheArgument() {
    assertRejects("rho", () -> new RMSprop(0.1f, 1f, 0f, 1e-7f, false));
    assertRejects("momentum", () -> new RMSprop(0.1f, 0.9f, -0.5f, 1e-7f, false));
    assertRejects("epsilon", () -> new RMSprop(0.1f, 0.9f, 0f, -1e-7f, false));
  }

  @Test
  void unknownOptimizerName_throwsListingTheKnownNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adagrad2"));
    assertTrue(e.getMessage().contains("[adam, adamw, sgd, rmsprop, nadam, adamax, adagrad, adadelta, lion, ftrl]"), e.getMessage());
  }

  @Test
  void largeWeights_updatedInParallelRanges_matchTheSameUpdateElementByElement() {
    // 300,007 elements: cut into 5 ranges of about 2^16; the reference updates a 2-element weight per element pair
    // with the same optimizer settings, so every element's arithmetic is the same
    int n = 300_007;
    float[] w0 = new float[n];
    float[] gv = new float[n];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    for (int i = 0; i < n; i++) {
      w0[i] = (float) rnd.nextDouble(-1, 1);
      gv[i] = (float) rnd.nextDouble(-1, 1);
    }
    for (Supplier<Optimizer> make : List.<Supplier<Optimizer>>of(Adam::new, () -> new RMSprop(0.01f, 0.9f, 0.5f,
        1e-7f, true), () -> new SGD(0.1f, 0.9f, true))) {
      Parameter big = new Parameter("w", Tensor.of(Shape.of(n), w0.clone()), true);
      Optimizer opt = make.get();
      for (int step = 0; step < 2; step++) {
        big.zeroGrad();
        Ops.sum(Ops.mul(big.value(), Tensor.of(Shape.of(n), gv))).backward();
        opt.apply(List.of(big));
      }
      // both sides of every range boundary (n * r / 5), and the ends
      for (int i : new int[] {0, 60_000, 120_001, 180_003, 240_004, n - 2}) {
        Parameter small = new Parameter("w", Tensor.of(Shape.of(2), w0[i], w0[i + 1]), true);
        Optimizer ref = make.get();
        for (int step = 0; step < 2; step++) {
          small.zeroGrad();
          Ops.sum(Ops.mul(small.value(), Tensor.of(Shape.of(2), gv[i], gv[i + 1]))).backward();
          ref.apply(List.of(small));
        }
        assertEquals(small.data()[0], big.data()[i], 0f, opt.className() + " element " + i);
        assertEquals(small.data()[1], big.data()[i + 1], 0f, opt.className() + " element " + (i + 1));
      }
    }
  }
}
