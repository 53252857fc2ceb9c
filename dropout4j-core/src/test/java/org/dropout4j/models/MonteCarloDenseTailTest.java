package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.tensor.Parallel;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Monte Carlo dropout through a last elementwise Dropout and narrow Dense ({@link McDenseTail}), all passes of a
 * row at once. Contract: the draws are the generic plan's (every layer in every pass) to the bit, for blocks of one
 * pass, for passes stacked several to a call and for a last block too small for the fused tail, for one to four
 * units with and without bias, for widths that are not a multiple of four (the last features go to the first partial
 * sum), with and without leading fixed layers, with infinite activations, and on one thread as on several; models
 * that end otherwise do not take it.
 */
class MonteCarloDenseTailTest {
  private static Supplier<Sequential> circles(int units, String activation, boolean bias) {
    return circles(40, units, activation, bias);
  }

  private static Supplier<Sequential> circles(int hidden, int units, String activation, boolean bias) {
    return () -> {
      Sequential m = new Sequential(Input.shape(2), new Dense(hidden, "relu"), new Dropout(0.4f),
          Dense.builder(units).activation(activation).useBias(bias).build());
      m.setRandomSeed(units);
      return m;
    };
  }

  private static Sequential dropoutFirst() {
    Sequential m = new Sequential(Input.shape(24), new Dropout(0.3f), new Dense(2, "sigmoid"));
    m.setRandomSeed(9);
    return m;
  }

  private static void assertSameDrawsAsGeneric(Supplier<Sequential> model, Tensor x) {
    Sequential probe = model.get();
    probe.build(x.shape());
    McDenseTail tail = McDenseTail.plan(probe, ExecutionPlanner.monteCarloFixedLayers(probe), x.shape());
    assertNotNull(tail, "the fused tail applies");
    assertTrue(tail.fits(x.shape().dim(0)), "the selected BLAS kernel takes dot products for this shape");
    int rows = x.shape().dim(0);
    for (long budget : new long[] {MonteCarloDropout.ELEMENT_BUDGET, 40L * rows * 3, 200}) {
      Sequential[] models = MonteCarloFixedLayersTest.plannedAndGeneric(model, x.shape());
      Sequential planned = models[0];
      Sequential generic = models[1];
      float[] expected = MonteCarloDropout.predict(generic, x, 7, 11, budget).draws().toArray();
      assertArrayEquals(expected, MonteCarloDropout.predict(planned, x, 7, 11, budget).draws().toArray(),
          "budget " + budget);
      float[][] oneThread = new float[1][];
      Parallel.run(1, t -> oneThread[0] = MonteCarloDropout.predict(planned, x, 7, 11, budget).draws().toArray());
      assertArrayEquals(expected, oneThread[0], "one thread, budget " + budget);
    }
  }

  @Test
  void one_sigmoid_unit_draws_equal_the_generic_plans_to_the_bit() {
    assertSameDrawsAsGeneric(circles(1, "sigmoid", true), MonteCarloFixedLayersTest.uniform(1, Shape.of(37, 2)));
  }

  @Test
  void three_tanh_units_without_bias_draw_as_the_generic_plan() {
    assertSameDrawsAsGeneric(circles(3, "tanh", false), MonteCarloFixedLayersTest.uniform(2, Shape.of(37, 2)));
  }

  @Test
  void four_linear_units_over_many_blocks_draw_as_the_generic_plan() {
    assertSameDrawsAsGeneric(circles(4, "linear", true), MonteCarloFixedLayersTest.uniform(3, Shape.of(1100, 2)));
  }

  @Test
  void widths_with_a_remainder_after_groups_of_four_draw_as_the_generic_plan() {
    // the features after the last group of four go to the first partial sum, after its others: 41, 42 and 43 wide
    for (int hidden = 41; hidden <= 43; hidden++) {
      assertSameDrawsAsGeneric(circles(hidden, 2, "sigmoid", true),
          MonteCarloFixedLayersTest.uniform(hidden, Shape.of(37, 2)));
    }
  }

  @Test
  void dropout_on_the_input_draws_as_the_generic_plan() {
    assertSameDrawsAsGeneric(MonteCarloDenseTailTest::dropoutFirst,
        MonteCarloFixedLayersTest.uniform(4, Shape.of(37, 24)));
  }

  @Test
  void infinite_activations_draw_as_the_generic_plan() {
    Supplier<Sequential> overflowing = () -> {
      Sequential m = circles(1, "sigmoid", true).get();
      m.build(Shape.of(1, 2));
      m.layers().get(0).weights().get(0).data()[0] = Float.MAX_VALUE; // unit 0 overflows for inputs above 1
      return m;
    };
    Tensor x = MonteCarloFixedLayersTest.uniform(5, Shape.of(37, 2));
    float[] v = x.toArray();
    for (int i = 0; i < v.length; i += 6) {
      v[i] = 3f;
    }
    assertSameDrawsAsGeneric(overflowing, Tensor.of(x.shape(), v));
  }

  @Test
  void other_endings_take_the_generic_passes() {
    Sequential wide = new Sequential(Input.shape(2), new Dense(40, "relu"), new Dropout(0.4f), new Dense(5));
    Sequential softmax = new Sequential(Input.shape(2), new Dense(40, "relu"), new Dropout(0.4f),
        new Dense(2, "softmax"));
    Sequential gaussian = new Sequential(Input.shape(2), new Dense(40, "relu"), new GaussianDropout(0.4f),
        new Dense(1, "sigmoid"));
    Sequential twoDropouts = new Sequential(Input.shape(2), new Dense(40, "relu"), new Dropout(0.4f),
        new Dense(8, "relu"), new Dropout(0.4f), new Dense(1, "sigmoid"));
    for (Sequential m : new Sequential[] {wide, softmax, gaussian, twoDropouts}) {
      m.build(Shape.of(3, 2));
      assertNull(McDenseTail.plan(m, ExecutionPlanner.monteCarloFixedLayers(m), Shape.of(3, 2)), m.toString());
    }
  }
}
