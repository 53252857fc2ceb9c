package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.dropout4j.layers.Activation;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.MaxPooling2D;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.regularization.GaussianNoise;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Monte Carlo dropout computes the leading layers that draw no noise once per block of rows instead of once per
 * pass ({@link ExecutionPlanner#monteCarloFixedLayers}). Contract: the draws are those of the generic plan, which
 * runs every layer in every pass, to the bit, for blocks of one pass and for passes stacked several to a call
 * (small and large element budgets), with a fused Conv2D + MaxPooling2D pair among the fixed layers; the fixed
 * prefix ends at the first layer that may draw noise.
 */
class MonteCarloFixedLayersTest {
  /** Seeded values uniform in [-1, 1) of the given shape (shared with the other Monte Carlo plan tests). */
  static Tensor uniform(long seed, Shape shape) {
    float[] v = new float[shape.size()];
    RngKey.of(seed).fillUniform(v);
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * v[i] - 1;
    }
    return Tensor.of(shape, v);
  }

  /** The model twice, built for {@code shape}: as planned, and with the generic plan (every layer in every pass). */
  static Sequential[] plannedAndGeneric(Supplier<Sequential> model, Shape shape) {
    Sequential planned = model.get();
    Sequential generic = model.get();
    planned.build(shape);
    generic.build(shape);
    generic.usePlan(ExecutionPlanner.generic(generic));
    return new Sequential[] {planned, generic};
  }

  private static Sequential dense() {
    Sequential m = new Sequential(Input.shape(3), new Dense(16, "relu"), new Activation("tanh"),
        new BatchNormalization(), new Dropout(0.3f), new Dense(8, "relu"), new Dropout(0.5f), new Dense(3, "softmax"));
    m.setRandomSeed(3);
    return m;
  }

  private static Sequential conv() {
    Sequential m = new Sequential(Input.shape(6, 6, 2), new Conv2D(4, 3, "relu"), new MaxPooling2D(), new Flatten(),
        new Dropout(0.4f), new Dense(1, "sigmoid"));
    m.setRandomSeed(4);
    return m;
  }

  private static Sequential noiseFirst() {
    Sequential m = new Sequential(Input.shape(3), new GaussianNoise(0.5f), new Dense(4, "relu"), new Dropout(0.5f),
        new Dense(1));
    m.setRandomSeed(5);
    return m;
  }

  private static void assertSameDrawsAsGeneric(Supplier<Sequential> model, Tensor x) {
    for (long budget : new long[] {MonteCarloDropout.ELEMENT_BUDGET, 200, 40}) {
      Sequential[] models = plannedAndGeneric(model, x.shape());
      Sequential planned = models[0];
      Sequential generic = models[1];
      assertEquals(0, ExecutionPlanner.monteCarloFixedLayers(generic));
      assertArrayEquals(MonteCarloDropout.predict(generic, x, 7, 11, budget).draws().toArray(),
          MonteCarloDropout.predict(planned, x, 7, 11, budget).draws().toArray(), "budget " + budget);
    }
  }

  @Test
  void fixed_prefix_ends_at_the_first_layer_that_may_draw_noise() {
    Sequential d = dense();
    d.build(Shape.of(5, 3));
    assertEquals(3, ExecutionPlanner.monteCarloFixedLayers(d));
    Sequential c = conv();
    c.build(Shape.of(5, 6, 6, 2));
    assertEquals(3, ExecutionPlanner.monteCarloFixedLayers(c));
    Sequential n = noiseFirst();
    n.build(Shape.of(5, 3));
    assertEquals(0, ExecutionPlanner.monteCarloFixedLayers(n));
  }

  @Test
  void dense_stack_draws_equal_the_generic_plans_to_the_bit() {
    assertSameDrawsAsGeneric(MonteCarloFixedLayersTest::dense, uniform(1, Shape.of(9, 3)));
  }

  @Test
  void conv_pool_prefix_draws_equal_the_generic_plans_to_the_bit() {
    assertSameDrawsAsGeneric(MonteCarloFixedLayersTest::conv, uniform(2, Shape.of(5, 6, 6, 2)));
  }

  @Test
  void model_without_a_fixed_prefix_is_unchanged() {
    assertSameDrawsAsGeneric(MonteCarloFixedLayersTest::noiseFirst, uniform(3, Shape.of(6, 3)));
  }

  @Test
  void every_pass_still_draws_its_own_masks() {
    Sequential m = dense();
    Tensor x = uniform(4, Shape.of(4, 3));
    float[] d = MonteCarloDropout.predict(m, x, 5, 9).draws().toArray();
    int perPass = d.length / 5;
    for (int t = 1; t < 5; t++) {
      boolean differs = false;
      for (int i = 0; i < perPass; i++) {
        differs |= d[i] != d[t * perPass + i];
      }
      assertTrue(differs, "pass " + t + " repeated pass 0");
    }
  }
}
