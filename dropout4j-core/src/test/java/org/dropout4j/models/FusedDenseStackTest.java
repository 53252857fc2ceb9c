package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.regularization.AlphaDropout;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.losses.Loss;
import org.dropout4j.losses.Losses;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused Dense/Dropout path against the generic autodiff path: which models it takes, and that predictions,
 * gradients and whole trainings agree to float rounding (only the order of additions in dot products differs),
 * with the same dropout masks.
 */
class FusedDenseStackTest {
  /** Every code path of the fused kernels: input dropout, k=2 rows form, dots form with n=4 and n=1, a Dense
   * without bias, a narrow-input Dense that needs its input gradient, and dropout in the middle. */
  private static Sequential everyPath(long seed) {
    Sequential m = new Sequential(Input.shape(2), new Dropout(0.2f), new Dense(20, "relu"), new Dropout(0.5f),
        Dense.builder(4).activation("tanh").useBias(false).build(), new Dense(12, "relu"), new Dropout(0.3f),
        new Dense(1, "sigmoid"));
    m.setRandomSeed(seed);
    m.compile(new Adam(0.01f), Losses.binaryCrossentropy(false), "accuracy");
    return m;
  }

  private static final Tensor[] DATA = TrainingTest.circles(64, 5);

  private static FusedDenseStack plan(Layer... layers) {
    List<Layer> list = List.of(layers);
    Sequential m = new Sequential(Input.shape(3));
    list.forEach(m::add);
    m.build(Shape.of(-1, 3));
    return FusedDenseStack.plan(m.layers(), m.inputShape());
  }

  @Test
  void plan_takesNarrowDenseAndDropoutStacks() {
    assertNotNull(plan(new Dense(500, "relu"), new Dropout(0.4f), new Dense(1, "sigmoid")));
    assertNotNull(plan(new Dropout(0.2f), new Dense(64, "tanh"), new Dense(3, "linear")));
  }

  @Test
  void plan_refusesWhatItDoesNotImplement() {
    assertNull(plan(new Dense(500, "relu"), new Dense(500, "relu"), new Dense(1, "sigmoid")), "wide x wide");
    assertNull(plan(new Dense(8, "softmax")), "softmax is not a fused activation");
    assertNull(plan(Dense.builder(8).kernelRegularizer(Regularizer.l2(0.01f)).build()), "penalty");
    assertNull(plan(new Dense(8, "relu"), new GaussianDropout(0.3f)), "other dropout variant");
    assertNull(plan(new Dense(8, "selu"), new AlphaDropout(0.3f)), "other dropout variant");
    assertNull(plan(new Dense(8, "relu"), new Dropout(0.3f, java.util.Arrays.asList(1, null), null, null)),
        "mask shared over the batch");
    assertNull(plan(new Dense(8, "relu"), new BatchNormalization()), "other layer");
  }

  @Test
  void plan_refusesInputsOfRankOtherThanTwo() {
    Sequential m = new Sequential(Input.shape(4, 3), new Dense(5, "relu"));
    m.build(Shape.of(-1, 4, 3));
    assertNull(FusedDenseStack.plan(m.layers(), m.inputShape()));
  }

  @Test
  void trainingStep_predictionsAndGradientsMatchAutodiff_withTheSameMasks() {
    Sequential m = everyPath(3);
    Loss loss = m.loss();
    m.build(DATA[0].shape());
    CallContext ctx = CallContext.training(RngKey.of(99).fold(4), 4);

    for (Parameter p : m.trainableWeights()) {
      p.zeroGrad();
    }
    Tensor generic = m.call(DATA[0], ctx);
    loss.call(DATA[1], generic).backward();
    List<float[]> genericGrads = gradients(m);

    FusedDenseStack.Workspace ws = FusedDenseStack.plan(m.layers(), m.inputShape()).workspace();
    for (Parameter p : m.trainableWeights()) {
      p.zeroGrad();
    }
    ws.loadWeights();
    Tensor fused = ws.forward(DATA[0], null, 0, 64, ctx);
    Tensor leaf = Tensor.variable(fused.shape(), fused.toArray());
    loss.call(DATA[1], leaf).backward();
    ws.backward(leaf.grad().toArray());
    List<float[]> fusedGrads = gradients(m);

    assertClose(generic.toArray(), fused.toArray(), 1e-6f, "predictions");
    assertFalse(java.util.Arrays.equals(generic.toArray(), m.call(DATA[0], CallContext.inference()).toArray()),
        "the training pass dropped units, so the comparison covers the masks");
    for (int i = 0; i < genericGrads.size(); i++) {
      assertClose(genericGrads.get(i), fusedGrads.get(i), 1e-5f, m.trainableWeights().get(i).name());
    }
  }

  @Test
  void inference_matchesTheGenericPathAndIgnoresDropout() {
    Sequential m = everyPath(4);
    m.build(DATA[0].shape());
    Tensor generic = m.call(DATA[0], CallContext.inference());
    Tensor fused = m.predict(DATA[0], 10);
    assertClose(generic.toArray(), fused.toArray(), 1e-6f, "predict");
    assertArrayEquals(fused.toArray(), m.predict(DATA[0], 64).toArray(), "rows do not depend on the batching");
  }

  @Test
  void fit_agreesWithTheGenericPathToRounding() {
    Sequential fused = everyPath(8);
    Sequential generic = everyPath(8);
    generic.usePlan(ExecutionPlanner.generic(generic));
    FitOptions options = FitOptions.builder().epochs(25).batchSize(16).verbose(0).validationSplit(0.25).build();
    History hf = fused.fit(DATA[0], DATA[1], options);
    History hg = generic.fit(DATA[0], DATA[1], options);
    for (Map.Entry<String, List<Double>> e : hg.asMap().entrySet()) {
      List<Double> f = hf.asMap().get(e.getKey());
      for (int i = 0; i < f.size(); i++) {
        assertEquals(e.getValue().get(i), f.get(i), 2e-4, e.getKey() + " at epoch " + (i + 1));
      }
    }
    for (int i = 0; i < fused.getWeights().size(); i++) {
      assertClose(generic.getWeights().get(i), fused.getWeights().get(i), 2e-4f, "weight " + i);
    }
    Map<String, Double> ef = fused.evaluate(DATA[0], DATA[1]);
    Map<String, Double> eg = generic.evaluate(DATA[0], DATA[1]);
    assertEquals(eg.get("loss"), ef.get("loss"), 1e-4);
    assertEquals(eg.get("accuracy"), ef.get("accuracy"), 1e-9);
  }

  @Test
  void fit_withMaxNormAndARateSchedule_agreesWithTheGenericPath() {
    // the studies' settings: MaxNorm on the hidden kernel (applied after each step) and a rate changed per epoch
    java.util.function.Supplier<Sequential> build = () -> {
      Sequential m = new Sequential(Input.shape(2),
          Dense.builder(30).activation("relu").kernelConstraint(new org.dropout4j.layers.constraints.MaxNorm(0.5f))
              .build(),
          new Dropout(0.3f, null, null, "hidden_dropout"), new Dense(1, "sigmoid"));
      m.setRandomSeed(31);
      m.compile(new Adam(0.02f), Losses.binaryCrossentropy(false), "accuracy");
      return m;
    };
    Sequential fused = build.get();
    Sequential generic = build.get();
    generic.usePlan(ExecutionPlanner.generic(generic));
    java.util.function.Supplier<FitOptions> options = () -> FitOptions.builder().epochs(12).batchSize(16).verbose(0)
        .callbacks(new org.dropout4j.callbacks.DropoutRateScheduler("hidden_dropout", e -> 0.1f + 0.05f * e)).build();
    History hf = fused.fit(DATA[0], DATA[1], options.get());
    History hg = generic.fit(DATA[0], DATA[1], options.get());
    List<Double> lf = hf.asMap().get("loss");
    List<Double> lg = hg.asMap().get("loss");
    for (int i = 0; i < lg.size(); i++) {
      assertEquals(lg.get(i), lf.get(i), 2e-4, "loss at epoch " + (i + 1));
    }
    float[] kernel = fused.getWeights().get(0);
    for (int j = 0; j < 30; j++) {
      double norm = Math.hypot(kernel[j], kernel[30 + j]);
      assertTrue(norm <= 0.5 + 1e-5, "column " + j + " has norm " + norm + " > max_value 0.5");
    }
  }

  @Test
  void fit_withTargetsThatDoNotAlign_throwsLikeTheGenericPath() {
    // (n, 1, 3) targets hold as many values as (n, 3) predictions, but the losses do not align them
    Sequential m = new Sequential(Input.shape(2), new Dense(8, "relu"), new Dense(3, "linear"));
    m.setRandomSeed(2);
    m.compile("adam", "mse");
    Tensor y = Tensor.zeros(Shape.of(64, 1, 3));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> m.fit(DATA[0], y, FitOptions.builder().epochs(1).batchSize(16).verbose(0).build()));
    assertTrue(e.getMessage().contains("incompatible with predictions of shape"), e.getMessage());
  }

  @Test
  void fit_onTheFusedPath_isBitReproducible() {
    FitOptions options = FitOptions.builder().epochs(10).batchSize(16).verbose(0).build();
    Sequential a = everyPath(21);
    Sequential b = everyPath(21);
    assertEquals(a.fit(DATA[0], DATA[1], options).asMap(), b.fit(DATA[0], DATA[1], options).asMap());
    for (int i = 0; i < a.getWeights().size(); i++) {
      assertArrayEquals(a.getWeights().get(i), b.getWeights().get(i));
    }
  }

  private static List<float[]> gradients(Sequential m) {
    List<float[]> out = new ArrayList<>();
    for (Parameter p : m.trainableWeights()) {
      out.add(p.gradData().clone());
    }
    return out;
  }

  /** |a - b| <= tol * max(1, |a|) elementwise. */
  private static void assertClose(float[] expected, float[] actual, float tol, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      float bound = tol * Math.max(1f, Math.abs(expected[i]));
      assertTrue(Math.abs(expected[i] - actual[i]) <= bound,
          what + "[" + i + "]: expected " + expected[i] + ", fused " + actual[i]);
    }
  }
}
