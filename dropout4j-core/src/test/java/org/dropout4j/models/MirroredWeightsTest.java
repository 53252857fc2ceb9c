package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.TrainingControl;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.losses.Losses;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.optimizers.SGD;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused head keeps its kernels in OpenBLAS's memory between products ({@code MirroredOperand}), refreshed by the
 * optimizer's own pass. Contract: a weight changed by any route (setWeights, {@code Parameter.assign}, a write into
 * {@code Parameter.data()}, a constraint after each step, a callback between steps, another optimizer, the moving
 * average of the weights) is what the next product reads. Each check compares the fused model with a twin on the
 * generic step holding the same weights, to the bit, after the change made the outputs differ from before it.
 */
class MirroredWeightsTest {
  /** 24 rows (more than the few-rows Java path takes), products large enough for OpenBLAS. */
  private static final Tensor X = GradientCheck.uniform(31, -1f, 1f, 24, 6, 6);
  private static final Tensor Y = labels(24, 3);

  private static Tensor labels(int n, int classes) {
    float[] v = new float[n * classes];
    for (int i = 0; i < n; i++) {
      v[i * classes + (i * 5) % classes] = 1f;
    }
    return Tensor.of(Shape.of(n, classes), v);
  }

  private static Sequential model(boolean constrained) {
    Dense first = constrained ? Dense.builder(40).activation("relu").kernelConstraint(new MaxNorm(0.5f)).build()
        : new Dense(40, "relu");
    Sequential m = new Sequential(Input.shape(6, 6), new Flatten(), first, new Dropout(0.25f),
        new Dense(24, "relu"), new Dense(3, "softmax"));
    m.setRandomSeed(23);
    m.compile(new Adam(0.02f), Losses.get("categorical_crossentropy"), "accuracy");
    m.build(X.shape());
    return m;
  }

  /** The fused model and its generic twin (same seed, so the same initial weights). */
  private static Sequential[] twins(boolean constrained) {
    Sequential fused = model(constrained);
    Sequential generic = model(constrained);
    generic.usePlan(ExecutionPlanner.generic(generic));
    assertEquals("fused-dense-head, softmax tail", fused.plan().kind());
    return new Sequential[] {fused, generic};
  }

  /** Predicts (syncing the head's copies), changes the weights of both twins, checks the next predictions. */
  private static void assertSeenAfter(Consumer<Sequential> change) {
    Sequential[] m = twins(false);
    float[] before = m[0].predict(X, 24).toArray();
    assertArrayEquals(m[1].predict(X, 24).toArray(), before, "before the change");
    change.accept(m[0]);
    change.accept(m[1]);
    float[] after = m[0].predict(X, 24).toArray();
    assertFalse(java.util.Arrays.equals(before, after), "the change moved the predictions");
    assertArrayEquals(m[1].predict(X, 24).toArray(), after, "predictions after the change (bits)");
  }

  private static Parameter firstKernel(Sequential m) {
    return m.weights().get(0);
  }

  @Test
  void setWeights_isSeenByTheNextProduct() {
    assertSeenAfter(m -> {
      List<float[]> w = m.getWeights();
      for (int i = 0; i < w.get(0).length; i++) {
        w.get(0)[i] *= -1.5f;
      }
      m.setWeights(w);
    });
  }

  @Test
  void assign_isSeenByTheNextProduct() {
    assertSeenAfter(m -> {
      Parameter k = firstKernel(m);
      k.assign(Tensor.full(k.shape(), 0.01f));
    });
  }

  @Test
  void writeIntoData_isSeenByTheNextProduct() {
    assertSeenAfter(m -> {
      float[] k = firstKernel(m).data();
      for (int i = 0; i < k.length; i += 3) {
        k[i] = 0.3f;
      }
    });
  }

  /** Fits both twins and checks every weight and the predictions to the bit. */
  private static void assertFitsAlike(Sequential[] m, Function<Sequential, FitOptions> options) {
    float[] before = m[0].predict(X, 24).toArray();
    m[0].fit(X, Y, options.apply(m[0]));
    m[1].fit(X, Y, options.apply(m[1]));
    for (int i = 0; i < m[0].getWeights().size(); i++) {
      assertArrayEquals(m[1].getWeights().get(i), m[0].getWeights().get(i), "weight " + i + " after fit (bits)");
    }
    float[] after = m[0].predict(X, 24).toArray();
    assertFalse(java.util.Arrays.equals(before, after), "the training moved the predictions");
    assertArrayEquals(m[1].predict(X, 24).toArray(), after, "predictions after fit (bits)");
  }

  private static FitOptions.Builder fitOptions() {
    return FitOptions.builder().epochs(3).batchSize(8).verbose(0);
  }

  @Test
  void constraintAfterEachStep_isSeenByTheNextStep() {
    assertFitsAlike(twins(true), s -> fitOptions().build());
  }

  @Test
  void callbackWritingWeightsBetweenSteps_isSeenByTheNextStep() {
    assertFitsAlike(twins(false), model -> fitOptions().callbacks(new Callback() {
      @Override
      public void onBatchEnd(int batch, Map<String, Double> logs, TrainingControl control) {
        for (Parameter p : model.weights()) {
          float[] w = p.data();
          for (int i = 0; i < w.length; i++) {
            w[i] *= 0.9f;
          }
        }
      }
    }).build());
  }

  @Test
  void anotherOptimizer_isSeenByTheNextStep() {
    Sequential[] m = twins(false);
    assertFitsAlike(m, s -> fitOptions().build());
    for (Sequential s : m) {
      s.compile(new SGD(0.05f), Losses.get("categorical_crossentropy"), "accuracy");
    }
    assertFitsAlike(m, s -> fitOptions().build());
  }

  @Test
  void movingAverageOverwritingTheWeights_isSeenByTheNextStep() {
    Sequential[] m = twins(false);
    for (Sequential s : m) {
      s.compile(new Adam(0.02f).useEma(0.5, 2), Losses.get("categorical_crossentropy"), "accuracy");
    }
    assertFitsAlike(m, s -> fitOptions().build());
  }
}
