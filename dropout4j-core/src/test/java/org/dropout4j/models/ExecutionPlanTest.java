package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.MaxPooling2D;
import org.dropout4j.losses.Losses;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every execution plan the planner chooses gives the fully generic step's results: the same dropout masks, the same
 * predictions and gradients to a stated tolerance (0 where the fused path adds in the same order, i.e. bits), and
 * the same training history. Each case is a model the planner fuses; it is compared with a twin of the same seed
 * forced onto {@link ExecutionPlanner#generic(Model)} (no fusion of any kind).
 */
class ExecutionPlanTest {
  /** A model the planner fuses, its expected plan, and the tolerance of predictions and gradients (0 = bits). */
  record Case(String name, Supplier<Sequential> model, String plan, Tensor x, Tensor y, float tolerance) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    Tensor[] circles = TrainingTest.circles(48, 3);
    Tensor images = GradientCheck.uniform(11, -1f, 1f, 12, 9, 9, 2);
    Tensor labels = Tensor.of(org.dropout4j.tensor.Shape.of(12, 3), oneHot(12, 3));
    Tensor wideImages = GradientCheck.uniform(13, -1f, 1f, 48, 6, 6);
    Tensor wideRows = GradientCheck.uniform(13, -1f, 1f, 48, 36);
    Tensor wideLabels = Tensor.of(org.dropout4j.tensor.Shape.of(48, 3), oneHot(48, 3));
    Tensor parallelRows = GradientCheck.uniform(19, -1f, 1f, 128, 16, 16);
    assertTrue(128 * 256 + 2 * 128 * 160 >= DenseHead.GATHER_PARALLEL_ELEMENTS, "the case below is a parallel pass");
    return Stream.of(
        // the fused Dense/Dropout stack: float rounding (a dot product's additions run in another order)
        Arguments.of(new Case("dense stack with dropout", () -> compiled(new Sequential(Input.shape(2),
            new Dropout(0.2f), new Dense(24, "relu"), new Dropout(0.5f), new Dense(4, "tanh"), new Dense(1,
            "sigmoid")), "binary_crossentropy"), "fused-dense", circles[0], circles[1], 2e-5f)),
        Arguments.of(new Case("dense stack, a loss through autodiff on the output", () -> compiled(new Sequential(
            Input.shape(2), new Dense(8, "tanh"), new Dropout(0.3f), new Dense(2, "sigmoid")),
            "categorical_crossentropy"), "fused-dense", circles[0], twoClasses(circles[1]), 2e-5f)),
        // the fused head of a wide MLP (Flatten, Dense/Dropout over reused buffers; the softmax Dense and the loss
        // through autodiff): the generic kernel's own products and elementwise order, so bits; 48 rows of 400
        // units cut the elementwise passes into parallel blocks, and two Dropouts in a row apply in autodiff's order
        Arguments.of(new Case("wide dense head with dropout", () -> compiled(new Sequential(Input.shape(6, 6),
            new Flatten(), new Dense(400, "relu"), new Dropout(0.3f), new Dense(24, "tanh"), new Dropout(0.2f),
            new Dropout(0.1f), new Dense(3, "softmax")), "categorical_crossentropy"),
            "fused-dense-head, softmax tail", wideImages, wideLabels, 0f)),
        // the same head with the softmax Dense and the sparse loss as a fused tail (the mlp preset's form): the
        // generic ops' arithmetic written out, so bits; the labels include classes the untrained model all but
        // rules out, and the loss from logits takes the same tail
        Arguments.of(new Case("wide dense head, fused softmax tail", () -> compiled(new Sequential(
            Input.shape(6, 6), new Flatten(), new Dense(400, "relu"), new Dropout(0.3f), new Dense(24, "relu"),
            new Dropout(0.2f), new Dense(5, "softmax")), "sparse_categorical_crossentropy"),
            "fused-dense-head, softmax tail", wideImages, classIds(48, 5), 0f)),
        // a 128-row batch of 256 inputs and two masks of 128 x 160: the gather and the mask draws run as one
        // parallel pass of row blocks (at least DenseHead.GATHER_PARALLEL_ELEMENTS values), as in the mlp preset
        Arguments.of(new Case("wide dense head, gather and masks in one parallel pass", () -> compiled(new Sequential(
            Input.shape(16, 16), new Flatten(), new Dense(160, "relu"), new Dropout(0.2f), new Dense(160, "relu"),
            new Dropout(0.2f), new Dense(6, "softmax")), "sparse_categorical_crossentropy"),
            "fused-dense-head, softmax tail", parallelRows, classIds(128, 6), 0f)),
        Arguments.of(new Case("fused softmax tail, loss from logits", () -> compiled(new Sequential(
            Input.shape(36), new Dense(64, "tanh"), new Dropout(0.5f), new Dense(4, "softmax")),
            Losses.sparseCategoricalCrossentropy(true)), "fused-dense-head, softmax tail", wideRows,
            classIds(48, 4), 0f)),
        Arguments.of(new Case("wide dense head, no tail", () -> compiled(new Sequential(Input.shape(36),
            new Dense(32, "relu"), new Dropout(0.5f), new Dense(3, "linear")), "mse"), "fused-dense-head",
            wideRows, wideLabels, 0f)),
        // Conv2D + MaxPooling2D in one op: the two ops' values and gradients to the bit
        Arguments.of(new Case("conv + tiling max pool", () -> compiled(new Sequential(Input.shape(9, 9, 2),
            new Conv2D(4, 3, "relu"), new MaxPooling2D(2), new Flatten(), new Dropout(0.25f), new Dense(3,
            "softmax")), "categorical_crossentropy"), "generic, fused layer pairs", images, labels, 0f)));
  }

  /** {@code (n, 2)} one-hot rows of 0/1 labels (categorical cross-entropy has no array form: autodiff). */
  private static Tensor twoClasses(Tensor labels) {
    int n = labels.shape().dim(0);
    float[] v = new float[2 * n];
    for (int i = 0; i < n; i++) {
      v[2 * i + (labels.get(i) > 0.5f ? 1 : 0)] = 1f;
    }
    return Tensor.of(org.dropout4j.tensor.Shape.of(n, 2), v);
  }

  private static float[] oneHot(int n, int classes) {
    float[] v = new float[n * classes];
    for (int i = 0; i < n; i++) {
      v[i * classes + (i * 7) % classes] = 1f;
    }
    return v;
  }

  private static Sequential compiled(Sequential m, String loss) {
    return compiled(m, Losses.get(loss));
  }

  private static Sequential compiled(Sequential m, org.dropout4j.losses.Loss loss) {
    m.setRandomSeed(17);
    m.compile(new Adam(0.01f), loss, "accuracy");
    return m;
  }

  /** {@code (n,)} class ids in {@code [0, classes)}. */
  private static Tensor classIds(int n, int classes) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i * 7) % classes;
    }
    return Tensor.of(org.dropout4j.tensor.Shape.of(n), v);
  }

  /** The planned model and its generic twin, both built. */
  private static Sequential[] twins(Case c) {
    Sequential planned = c.model().get();
    Sequential generic = c.model().get();
    planned.build(c.x().shape());
    generic.build(c.x().shape());
    generic.usePlan(ExecutionPlanner.generic(generic));
    assertEquals(c.plan(), planned.plan().kind(), "the planner's choice for " + c.name());
    assertEquals("generic", generic.plan().kind());
    return new Sequential[] {planned, generic};
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void trainingStep_sameMasksPredictionsAndGradients(Case c) {
    Sequential[] m = twins(c);
    List<float[]> weights = new ArrayList<>(); // the same random weights for both, biases included (not zeros)
    long seed = 30;
    for (Parameter p : m[0].weights()) {
      weights.add(GradientCheck.uniform(seed++, -0.3f, 0.3f, p.shape().toArray()).toArray());
    }
    m[0].setWeights(weights);
    m[1].setWeights(weights);
    CallContext ctx = CallContext.training(RngKey.of(5).fold(2), 2).collectingLosses();
    int n = c.x().shape().dim(0);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (i * 5) % n; // a permutation: n is not a multiple of 5
    }
    List<List<float[]>> grads = new ArrayList<>();
    List<float[]> preds = new ArrayList<>();
    for (Sequential model : m) {
      ExecutionPlan.Execution run = model.plan().start(ctx);
      run.weightsChanged();
      model.trainableWeights().forEach(Parameter::zeroGrad);
      List<Tensor> yb = List.of(org.dropout4j.tensor.Ops.gatherRows(c.y(), order, 0, n));
      ExecutionPlan.Step step = run.trainStep(List.of(c.x()), order, 0, n, yb, ctx, model.loss(), v -> { });
      preds.add(step.predictions().get(0).toArray());
      List<float[]> g = new ArrayList<>();
      for (Parameter p : model.trainableWeights()) {
        g.add(p.gradData().clone());
      }
      grads.add(g);
    }
    assertClose(preds.get(1), preds.get(0), c.tolerance(), "predictions (the same masks: a different mask would "
        + "differ by far more)");
    float[] inference = m[1].call(c.x(), CallContext.inference()).toArray();
    assertFalse(java.util.Arrays.equals(inference, m[1].call(org.dropout4j.tensor.Ops.gatherRows(c.x(), order, 0, n),
        ctx.withTraining(true)).toArray()), "the training pass dropped units, so the masks are compared");
    for (int i = 0; i < grads.get(0).size(); i++) {
      assertClose(grads.get(1).get(i), grads.get(0).get(i), c.tolerance(), "gradient of "
          + m[0].trainableWeights().get(i).name());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fitEvaluatePredict_agreeWithTheGenericStep(Case c) {
    Sequential[] m = twins(c);
    FitOptions options = FitOptions.builder().epochs(6).batchSize(8).verbose(0).validationSplit(0.25).build();
    Map<String, List<Double>> planned = m[0].fit(c.x(), c.y(), options).asMap();
    Map<String, List<Double>> generic = m[1].fit(c.x(), c.y(), options).asMap();
    assertEquals(generic.keySet(), planned.keySet());
    double tol = c.tolerance() == 0f ? 0 : 50 * c.tolerance(); // six epochs of Adam steps compound the rounding
    for (String key : generic.keySet()) {
      for (int e = 0; e < generic.get(key).size(); e++) {
        assertEquals(generic.get(key).get(e), planned.get(key).get(e), tol, key + " at epoch " + (e + 1));
      }
    }
    for (int i = 0; i < m[0].getWeights().size(); i++) {
      assertClose(m[1].getWeights().get(i), m[0].getWeights().get(i), (float) tol, "weight " + i + " after fit");
    }
    assertClose(m[1].predict(c.x(), 5).toArray(), m[0].predict(c.x(), 5).toArray(), (float) tol, "predict");
    assertEquals(m[1].evaluate(c.x(), c.y()).get("loss"), m[0].evaluate(c.x(), c.y()).get("loss"), tol, "evaluate");
  }

  private static void assertClose(float[] expected, float[] actual, float tol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    if (tol == 0f) {
      assertArrayEquals(expected, actual, what + " (bits)");
      return;
    }
    for (int i = 0; i < expected.length; i++) {
      float bound = tol * Math.max(1f, Math.abs(expected[i]));
      assertTrue(Math.abs(expected[i] - actual[i]) <= bound, what + "[" + i + "]: expected " + expected[i]
          + ", got " + actual[i] + " (tolerance " + bound + ")");
    }
  }
}
