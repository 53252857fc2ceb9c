package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link Sequential}'s summary, compile and the errors fit/predict give for unusable data. */
class SequentialTest {

  private static Sequential paperModel() {
    return new Sequential(Input.shape(2), new Dense(500, "relu"), new Dropout(0.4f), new Dense(1, "sigmoid"));
  }

  private static Tensor rows(int n, int cols) {
    float[] v = new float[n * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 7) / 7f;
    }
    return Tensor.of(Shape.of(n, cols), v);
  }

  private static Tensor labels(int n) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
    }
    return Tensor.column(y);
  }

  private static FitOptions quiet(int epochs) {
    return FitOptions.builder().epochs(epochs).verbose(0).build();
  }

  private static void assertMessageContains(Throwable e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "expected \"" + p + "\" in: " + e.getMessage());
    }
  }

  @Test
  void summary_listsLayerNamesShapesAndParameterCounts() {
    String s = paperModel().summary();
    assertMessageContains(new AssertionError(s), "dense (Dense)", "dropout (Dropout)", "dense_1 (Dense)",
        "(None, 500)", "(None, 1)", "1,500", "501", "Total params: 2,001", "Trainable params: 2,001",
        "Non-trainable params: 0");
  }

  @Test
  void countParams_isTheSumOfKernelAndBiasSizes() {
    Sequential m = paperModel();
    m.build(Shape.batchOf(2));
    assertEquals(2 * 500 + 500 + 500 + 1, m.countParams());
  }

  @Test
  void compile_unknownOptimizer_throwsListingTheValidNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> paperModel().compile("adamq", "binary_crossentropy"));
    assertMessageContains(e, "adamq", "adam", "adamw", "sgd", "rmsprop");
  }

  @Test
  void compile_unknownLoss_throwsListingTheValidNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> paperModel().compile("adam", "binary_cross_entropy"));
    assertMessageContains(e, "binary_cross_entropy", "binary_crossentropy", "categorical_crossentropy",
        "sparse_categorical_crossentropy", "mse");
  }

  @Test
  void compile_unknownMetric_throwsListingTheValidNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> paperModel().compile("adam", "binary_crossentropy", "auc_roc_v2"));
    assertMessageContains(e, "auc_roc_v2", "auc", "accuracy", "binary_accuracy");
  }

  @Test
  void fit_beforeCompile_throwsIllegalStateSayingCompile() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> paperModel().fit(rows(10, 2), labels(10), quiet(1)));
    assertMessageContains(e, "compile()", "fit()");
  }

  @Test
  void evaluate_beforeCompile_throwsIllegalStateSayingCompile() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> paperModel().evaluate(rows(10, 2), labels(10)));
    assertMessageContains(e, "compile()");
  }

  @Test
  void fit_xAndYWithDifferentRowCounts_throwsNamingBothCounts() {
    Sequential m = paperModel();
    m.compile("adam", "binary_crossentropy");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(rows(10, 2), labels(7), quiet(1)));
    assertMessageContains(e, "x has 10 samples", "y has 7");
  }

  @Test
  void fit_nanInX_throwsNamingThePosition() {
    Sequential m = paperModel();
    m.compile("adam", "binary_crossentropy");
    float[] v = rows(10, 2).toArray();
    v[3 * 2 + 1] = Float.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(Tensor.of(Shape.of(10, 2), v), labels(10), quiet(1)));
    assertMessageContains(e, "x contains NaN", "sample 3", "element 1");
  }

  @Test
  void fit_infinityInY_throwsNamingY() {
    Sequential m = paperModel();
    m.compile("adam", "binary_crossentropy");
    float[] y = new float[10];
    y[4] = Float.POSITIVE_INFINITY;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(rows(10, 2), Tensor.of(Shape.of(10, 1), y), quiet(1)));
    assertMessageContains(e, "y contains Infinity", "sample 4");
  }

  @Test
  void fit_dataWithAnotherInputDimensionThanInput_throwsWithBothShapes() {
    Sequential m = new Sequential(Input.shape(3), new Dense(4), new Dense(1, "sigmoid"));
    m.compile("adam", "binary_crossentropy");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(rows(10, 2), labels(10), quiet(1)));
    assertMessageContains(e, "(None, 3)", "(10, 2)");
  }

  @Test
  void predict_dataWithAnotherInputDimensionThanTraining_throwsWithBothShapes() {
    Sequential m = new Sequential(new Dense(4), new Dense(1, "sigmoid"));
    m.compile("adam", "binary_crossentropy");
    m.fit(rows(10, 2), labels(10), quiet(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(rows(5, 3)));
    assertMessageContains(e, "(None, 2)", "(5, 3)");
  }

  @Test
  void add_inputAfterALayer_throws() {
    Sequential m = new Sequential(new Dense(4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(Input.shape(2)));
    assertMessageContains(e, "Input", "first layer");
  }

  @Test
  void setRandomSeed_afterBuilding_throwsIllegalState() {
    Sequential m = paperModel();
    m.build(Shape.batchOf(2));
    assertThrows(IllegalStateException.class, () -> m.setRandomSeed(1));
  }
}
