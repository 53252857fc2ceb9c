package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The contract of repeated {@code evaluate} calls on one model, which reuse the buffers of an earlier call: each
 * call gives, bit for bit, what a model that never evaluated before gives with the same weights (a fresh model
 * with those weights copied in), so a repeated call equals the first and a call after {@code fit} or
 * {@code setWeights} sees the new weights. Checked on the fused Dense/Dropout plan and on the generic plan, with
 * one batch and with several.
 */
class RepeatedEvaluateTest {
  private static final int ROWS = 30;

  private static Sequential model(long seed, boolean generic) {
    Sequential m = new Sequential(Input.shape(2), new Dense(50, "relu"), new Dropout(0.4f), new Dense(1, "sigmoid"));
    m.setRandomSeed(seed);
    m.compile("adam", "binary_crossentropy", "accuracy");
    if (generic) {
      m.build(Shape.of(ROWS, 2));
      m.usePlan(ExecutionPlanner.generic(m));
    }
    return m;
  }

  private static Tensor x() {
    float[][] rows = new float[ROWS][2];
    for (int i = 0; i < ROWS; i++) {
      rows[i][0] = (float) Math.sin(0.7 * i);
      rows[i][1] = (float) Math.cos(1.3 * i);
    }
    return Tensor.of(rows);
  }

  private static Tensor y() {
    int[] labels = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      labels[i] = Math.sin(0.7 * i) * Math.cos(1.3 * i) > 0 ? 1 : 0;
    }
    return Tensor.column(labels);
  }

  /** What a model that never evaluated gives with {@code m}'s current weights. */
  private static Map<String, Double> fresh(Sequential m, boolean generic, int batchSize) {
    Sequential f = model(99, generic);
    f.build(Shape.of(ROWS, 2));
    f.setWeights(m.getWeights());
    return f.evaluate(x(), y(), batchSize);
  }

  private static void check(boolean generic, int batchSize) {
    Sequential m = model(5, generic);
    m.build(Shape.of(ROWS, 2));
    assertEquals(generic ? "generic" : "fused-dense", m.plan().kind());
    Map<String, Double> first = m.evaluate(x(), y(), batchSize);
    assertEquals(first, fresh(m, generic, batchSize), "first call");
    for (int i = 0; i < 3; i++) {
      assertEquals(first, m.evaluate(x(), y(), batchSize), "call " + (i + 2) + " equals the first");
    }
    m.fit(x(), y(), FitOptions.builder().epochs(3).batchSize(8).verbose(0).build());
    Map<String, Double> afterFit = m.evaluate(x(), y(), batchSize);
    assertNotEquals(first.get("loss"), afterFit.get("loss"), "fit changed the weights");
    assertEquals(fresh(m, generic, batchSize), afterFit, "after fit");
    List<float[]> w = m.getWeights();
    for (float[] a : w) {
      for (int i = 0; i < a.length; i++) {
        a[i] = 0.5f * a[i] + 0.01f * (i % 7);
      }
    }
    m.setWeights(w);
    Map<String, Double> afterSet = m.evaluate(x(), y(), batchSize);
    assertNotEquals(afterFit.get("loss"), afterSet.get("loss"), "setWeights changed the weights");
    assertEquals(fresh(m, generic, batchSize), afterSet, "after setWeights");
  }

  @Test
  void repeated_evaluate_on_the_fused_plan_sees_the_current_weights() {
    check(false, 32);
    check(false, 7);
  }

  @Test
  void repeated_evaluate_on_the_generic_plan_sees_the_current_weights() {
    check(true, 32);
    check(true, 7);
  }
}
