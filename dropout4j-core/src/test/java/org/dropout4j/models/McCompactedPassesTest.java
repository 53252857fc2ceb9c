package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Parallel;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Monte Carlo dropout passes taken input by input with the first product over each input's nonzero columns
 * ({@link McCompactedPasses}). Contract: the draws are the generic plan's (every layer in every pass) to the bit when
 * many of the fixed prefix's outputs are zero, when all are (every product over no columns), when one input's are
 * all zero, with passes stacked several to a call and more passes than a block holds, on one thread inside a task as
 * on several; the path is taken exactly where it should be: not without zeros, not with a -0.0 in the first
 * product's bias, not with an infinite weight, not where the kernel does not go row by row.
 */
class McCompactedPassesTest {
  /** Dense(relu) as the fixed prefix (its bias set to {@code shift}), then the mlp preset's tail, smaller. */
  private static Supplier<Sequential> mlp(int inputs, int hidden, float shift) {
    return () -> {
      Sequential m = new Sequential(Input.shape(inputs), new Dense(hidden, "relu"), new Dropout(0.2f),
          new Dense(hidden, "relu"), new Dropout(0.3f), new Dense(10, "softmax"));
      m.setRandomSeed(hidden + 1);
      m.build(Shape.of(1, inputs));
      Arrays.fill(m.layers().get(0).weights().get(1).data(), shift);
      return m;
    };
  }

  /** Whether the planned stack runs the passes over {@code x} input by input ({@link McDenseStack#compacts}). */
  private static boolean compacts(Sequential m, Tensor x, int copies) {
    int fixed = ExecutionPlanner.monteCarloFixedLayers(m);
    McDenseStack stack = McDenseStack.plan(m, fixed, x.shape());
    float[] h = m.callLayers(x, CallContext.monteCarlo(RngKey.of(1), 1, RngKey.of(2)), 0, fixed).toArray();
    int rows = x.shape().dim(0);
    return stack.compacts(h, 0, rows, List.of(new MonteCarloTail.Group(null, 0, copies)));
  }

  /** Zero fraction of the fixed prefix's output. */
  private static double zeroFraction(Sequential m, Tensor x) {
    float[] h = m.callLayers(x, CallContext.monteCarlo(RngKey.of(1), 1, RngKey.of(2)), 0,
        ExecutionPlanner.monteCarloFixedLayers(m)).toArray();
    long zeros = 0;
    for (float v : h) {
      zeros += v == 0f ? 1 : 0;
    }
    return zeros / (double) h.length;
  }

  private static void assertSameDrawsAsGeneric(Supplier<Sequential> model, Tensor x, int samples, long... budgets) {
    for (long budget : budgets) {
      Sequential[] models = MonteCarloFixedLayersTest.plannedAndGeneric(model, x.shape());
      float[] expected = MonteCarloDropout.predict(models[1], x, samples, 11, budget).draws().toArray();
      assertArrayEquals(expected, MonteCarloDropout.predict(models[0], x, samples, 11, budget).draws().toArray(),
          "budget " + budget);
      float[][] inTask = new float[1][];
      Parallel.run(1, t -> inTask[0] = MonteCarloDropout.predict(models[0], x, samples, 11, budget).draws()
          .toArray());
      assertArrayEquals(expected, inTask[0], "on one thread inside a task, budget " + budget);
    }
  }

  private static Tensor x(long seed, int rows) {
    return MonteCarloFixedLayersTest.uniform(seed, Shape.of(rows, 12));
  }

  @Test
  void many_zero_columns_draw_as_the_generic_plan() {
    Supplier<Sequential> model = mlp(12, 160, -0.2f);
    Sequential probe = model.get();
    assumeTrue(McDenseStack.plan(probe, 1, Shape.of(400, 12)).byRows(400),
        "the selected kernel multiplies these products row by row");
    double zeros = zeroFraction(probe, x(4, 400));
    assertTrue(zeros > 0.6, "zero fraction " + zeros);
    assertTrue(compacts(probe, x(4, 400), 7));
    // 7 passes in one call; then stacked 2 to a call (the odd one out last)
    assertSameDrawsAsGeneric(model, x(4, 400), 7, MonteCarloDropout.ELEMENT_BUDGET, 160L * 400 * 2 + 1);
  }

  @Test
  void more_passes_than_a_block_holds_draw_as_the_generic_plan() {
    Supplier<Sequential> model = mlp(12, 40, 0f);
    Sequential probe = model.get();
    assumeTrue(McDenseStack.plan(probe, 1, Shape.of(3, 12)).byRows(3 * (McCompactedPasses.BLOCK_ROWS + 37)),
        "the selected kernel multiplies these products row by row");
    assertTrue(compacts(probe, x(5, 3), McCompactedPasses.BLOCK_ROWS + 37));
    assertSameDrawsAsGeneric(model, x(5, 3), McCompactedPasses.BLOCK_ROWS + 37, MonteCarloDropout.ELEMENT_BUDGET);
  }

  @Test
  void all_zero_columns_draw_as_the_generic_plan() {
    Supplier<Sequential> model = mlp(12, 160, -100f);
    Sequential probe = model.get();
    assumeTrue(McDenseStack.plan(probe, 1, Shape.of(300, 12)).byRows(300), "row by row");
    assertEquals(1.0, zeroFraction(probe, x(6, 300)));
    assertTrue(compacts(probe, x(6, 300), 5));
    assertSameDrawsAsGeneric(model, x(6, 300), 5, MonteCarloDropout.ELEMENT_BUDGET);
  }

  @Test
  void an_input_whose_outputs_are_all_zero_draws_as_the_generic_plan() {
    Supplier<Sequential> model = mlp(12, 160, -0.05f);
    float[] v = x(7, 300).toArray();
    Arrays.fill(v, 12 * 17, 12 * 18, 0f); // input 17: x W = 0, relu(-0.05) = 0 in every column
    Tensor x = Tensor.of(Shape.of(300, 12), v);
    Sequential probe = model.get();
    assumeTrue(McDenseStack.plan(probe, 1, x.shape()).byRows(300), "row by row");
    assertTrue(compacts(probe, x, 5));
    assertSameDrawsAsGeneric(model, x, 5, MonteCarloDropout.ELEMENT_BUDGET);
  }

  @Test
  void no_zero_columns_take_the_stacks_own_passes() {
    Supplier<Sequential> model = mlp(12, 160, 100f);
    Sequential probe = model.get();
    assertEquals(0.0, zeroFraction(probe, x(8, 300)));
    assertFalse(compacts(probe, x(8, 300), 5));
    assertSameDrawsAsGeneric(model, x(8, 300), 5, MonteCarloDropout.ELEMENT_BUDGET);
  }

  @Test
  void a_minus_zero_bias_or_an_infinite_weight_takes_the_stacks_own_passes() {
    Supplier<Sequential> minusZero = () -> {
      Sequential m = mlp(12, 160, -0.2f).get();
      m.layers().get(2).weights().get(1).data()[3] = -0f;
      return m;
    };
    Supplier<Sequential> infinite = () -> {
      Sequential m = mlp(12, 160, -0.2f).get();
      m.layers().get(2).weights().get(0).data()[5] = Float.NEGATIVE_INFINITY;
      return m;
    };
    Sequential probe = mlp(12, 160, -0.2f).get();
    assumeTrue(McDenseStack.plan(probe, 1, Shape.of(300, 12)).byRows(300), "row by row");
    for (Supplier<Sequential> model : List.of(minusZero, infinite)) {
      assertFalse(compacts(model.get(), x(9, 300), 5));
      assertSameDrawsAsGeneric(model, x(9, 300), 5, MonteCarloDropout.ELEMENT_BUDGET);
    }
  }
}
