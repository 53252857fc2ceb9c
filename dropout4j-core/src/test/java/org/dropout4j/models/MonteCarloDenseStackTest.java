package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.dropout4j.layers.Activation;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.tensor.Parallel;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Monte Carlo dropout through a stack of Dropout, Dense and Activation layers after the fixed prefix
 * ({@link McDenseStack}, chosen by {@link ExecutionPlanner#monteCarloTail}). Contract: the draws are the generic
 * plan's (every layer in every pass) to the bit, for blocks of one pass and for passes stacked several to a call,
 * for products small enough for the Java kernel and large enough to be cut into blocks for OpenBLAS, for softmax,
 * relu, sigmoid and tanh, with and without bias, with an Activation layer and a last Dropout, with infinite
 * activations, on the calling thread alone (inside a task) as on several, with products multiplied in blocks of rows
 * where the kernel computes them row by row, and with the progress the generic passes report; tails with another
 * layer take the generic passes.
 */
class MonteCarloDenseStackTest {
  /** The mlp preset's shape, smaller: Dense(relu), then twice Dropout and Dense, the last softmax. */
  private static Supplier<Sequential> mlp(int inputs, int hidden, int classes) {
    return () -> {
      Sequential m = new Sequential(Input.shape(inputs), new Dense(hidden, "relu"), new Dropout(0.2f),
          new Dense(hidden, "relu"), new Dropout(0.3f), new Dense(classes, "softmax"));
      m.setRandomSeed(hidden);
      return m;
    };
  }

  private static Sequential mixed() {
    Sequential m = new Sequential(Input.shape(5), new Dense(20, "tanh"), new Dropout(0.4f),
        Dense.builder(24).activation("linear").useBias(false).build(), new Activation("sigmoid"), new Dropout(0.1f),
        new Dense(3, "tanh"), new Dropout(0.5f));
    m.setRandomSeed(7);
    return m;
  }

  private static void assertSameDrawsAsGeneric(Supplier<Sequential> model, Tensor x, long... budgets) {
    Sequential probe = model.get();
    probe.build(x.shape());
    assertInstanceOf(McDenseStack.class, ExecutionPlanner.monteCarloTail(probe,
        ExecutionPlanner.monteCarloFixedLayers(probe), x.shape()), "the planned stack applies");
    for (long budget : budgets) {
      Sequential[] models = MonteCarloFixedLayersTest.plannedAndGeneric(model, x.shape());
      Sequential planned = models[0];
      Sequential generic = models[1];
      float[] expected = MonteCarloDropout.predict(generic, x, 7, 11, budget).draws().toArray();
      assertArrayEquals(expected, MonteCarloDropout.predict(planned, x, 7, 11, budget).draws().toArray(),
          "budget " + budget);
      // inside a task every product is one call (not cut into blocks for other threads), in both plans alike
      float[][] inTask = new float[2][];
      Parallel.run(1, t -> {
        inTask[0] = MonteCarloDropout.predict(generic, x, 7, 11, budget).draws().toArray();
        inTask[1] = MonteCarloDropout.predict(planned, x, 7, 11, budget).draws().toArray();
      });
      assertArrayEquals(inTask[0], inTask[1], "on one thread inside a task, budget " + budget);
    }
  }

  @Test
  void progress_counts_the_rows_as_the_generic_passes_do() {
    Tensor x = MonteCarloFixedLayersTest.uniform(6, Shape.of(37, 6));
    Sequential planned = mlp(6, 24, 4).get();
    Sequential generic = mlp(6, 24, 4).get();
    generic.build(x.shape());
    generic.usePlan(ExecutionPlanner.generic(generic));
    List<Long> expected = new ArrayList<>();
    List<Long> actual = new ArrayList<>();
    MonteCarloDropout.predict(generic, List.of(x), 7, 11, expected::add);
    MonteCarloDropout.predict(planned, List.of(x), 7, 11, actual::add);
    assertEquals(expected, actual);
  }

  @Test
  void small_mlp_draws_equal_the_generic_plans_to_the_bit() {
    assertSameDrawsAsGeneric(mlp(6, 24, 4), MonteCarloFixedLayersTest.uniform(1, Shape.of(37, 6)),
        MonteCarloDropout.ELEMENT_BUDGET, 24L * 37 * 3, 300);
  }

  @Test
  void mlp_with_blocked_native_products_draws_as_the_generic_plan() {
    // 700 x 160 x 160 products are cut into row blocks for OpenBLAS (at least 2^23 multiply-adds)
    assertSameDrawsAsGeneric(mlp(12, 160, 10), MonteCarloFixedLayersTest.uniform(2, Shape.of(700, 12)),
        MonteCarloDropout.ELEMENT_BUDGET, 160L * 700 * 2 + 1);
  }

  @Test
  void passes_multiplied_in_row_blocks_draw_as_the_generic_plan() {
    // where the Vector API kernel takes the 160- and 10-column products, they go row by row: 400-row passes in
    // blocks of BLOCK_ROWS (the last one shorter), alone, stacked two to a call and then the odd one out
    Tensor x = MonteCarloFixedLayersTest.uniform(4, Shape.of(400, 12));
    Sequential probe = mlp(12, 160, 10).get();
    probe.build(x.shape());
    McDenseStack stack = McDenseStack.plan(probe, ExecutionPlanner.monteCarloFixedLayers(probe), x.shape());
    assumeTrue(stack.byRows(400) && stack.byRows(800), "the selected kernel multiplies these products row by row");
    assertSameDrawsAsGeneric(mlp(12, 160, 10), x, MonteCarloDropout.ELEMENT_BUDGET, 160L * 400 * 2 + 1);
  }

  @Test
  void activation_layer_no_bias_and_last_dropout_draw_as_the_generic_plan() {
    assertSameDrawsAsGeneric(MonteCarloDenseStackTest::mixed, MonteCarloFixedLayersTest.uniform(3, Shape.of(53, 5)),
        MonteCarloDropout.ELEMENT_BUDGET, 100);
  }

  @Test
  void infinite_activations_draw_as_the_generic_plan() {
    Supplier<Sequential> overflowing = () -> {
      Sequential m = mlp(6, 24, 4).get();
      m.build(Shape.of(1, 6));
      m.layers().get(0).weights().get(0).data()[0] = Float.MAX_VALUE; // unit 0 overflows for inputs above 1
      return m;
    };
    Tensor x = MonteCarloFixedLayersTest.uniform(5, Shape.of(37, 6));
    float[] v = x.toArray();
    for (int i = 0; i < v.length; i += 18) {
      v[i] = 3f;
    }
    assertSameDrawsAsGeneric(overflowing, Tensor.of(x.shape(), v), MonteCarloDropout.ELEMENT_BUDGET);
  }

  @Test
  void other_tails_take_the_generic_passes() {
    Sequential gaussian = new Sequential(Input.shape(4), new Dense(40, "relu"), new GaussianDropout(0.4f),
        new Dense(20, "relu"), new Dropout(0.2f), new Dense(3, "softmax"));
    Sequential narrow = new Sequential(Input.shape(4), new Dense(40, "relu"), new Dropout(0.4f),
        new Dense(8, "relu"), new Dropout(0.2f), new Dense(3, "softmax"));
    Sequential noDropoutFirst = new Sequential(Input.shape(4), new Dense(40, "relu"), new Dropout(0.4f));
    for (Sequential m : new Sequential[] {gaussian, narrow}) {
      m.build(Shape.of(3, 4));
      assertNull(McDenseStack.plan(m, ExecutionPlanner.monteCarloFixedLayers(m), Shape.of(3, 4)), m.toString());
    }
    noDropoutFirst.build(Shape.of(3, 4));
    assertNull(McDenseStack.plan(noDropoutFirst, 0, Shape.of(3, 4)), "a tail that starts with a Dense");
  }
}
