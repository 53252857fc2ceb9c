package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.dropout4j.layers.Activation;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Reshape;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.layers.regularization.GaussianNoise;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The inference plan ({@link InferencePlan}) against the generic call: a plain {@code predict} of a planned model
 * gives the bits of its twin forced onto the generic plan (the same product kernel on the same rows, the same
 * activation arithmetic), whatever the batch size; weights changed after a prediction (by {@code fit},
 * {@code setWeights} or in place) are seen by the next one; concurrent predictions on one model give the
 * single-threaded bits; Monte Carlo passes and training passes do not take the plan.
 */
class InferencePlanTest {
  private static Sequential mlp() {
    return new Sequential(Input.shape(7, 8), new Flatten(), new Dense(48, "relu"), new Dropout(0.2f),
        new Dense(40, "relu"), new Dropout(0.2f), new Dense(10, "softmax"));
  }

  /** A planned model and its twin of the same seed on the generic plan, both built for {@code x}. */
  private static Sequential[] twins(Supplier<Sequential> factory, Tensor x) {
    Sequential planned = factory.get();
    Sequential generic = factory.get();
    for (Sequential m : new Sequential[] {planned, generic}) {
      m.setRandomSeed(23);
      m.build(x.shape());
    }
    generic.usePlan(ExecutionPlanner.generic(generic));
    assertNotNull(planned.plan().inference(), "the planner plans the inference of " + planned.layers());
    assertNull(generic.plan().inference());
    return new Sequential[] {planned, generic};
  }

  private static void assertSameBits(Supplier<Sequential> factory, Tensor x, int... batchSizes) {
    Sequential[] m = twins(factory, x);
    for (int batch : batchSizes) {
      assertArrayEquals(m[1].predict(x, batch).toArray(), m[0].predict(x, batch).toArray(), "batch size " + batch);
    }
  }

  @Test
  void mlp_predictions_are_the_generic_bits_for_one_row_a_few_rows_and_whole_batches() {
    assertSameBits(InferencePlanTest::mlp, GradientCheck.uniform(3, -1f, 1f, 1, 7, 8), 1, 32);
    assertSameBits(InferencePlanTest::mlp, GradientCheck.uniform(4, -1f, 1f, 3, 7, 8), 1, 2, 3);
    assertSameBits(InferencePlanTest::mlp, GradientCheck.uniform(5, -1f, 1f, 70, 7, 8), 1, 4, 32, 64, 70, 128);
  }

  @Test
  void every_planned_activation_and_identity_layer_gives_the_generic_bits() {
    Supplier<Sequential> model = () -> new Sequential(Input.shape(20), new GaussianNoise(0.3f), new Dense(24,
        "sigmoid"), new GaussianDropout(0.3f), new Dense(30, "tanh"), new Activation("relu"), new Dense(18),
        new Flatten(), new Activation("tanh"), new Dense(25, "linear"), new Activation("sigmoid"),
        Dense.builder(17).useBias(false).activation("relu").build(), new Activation("softmax"));
    assertSameBits(model, GradientCheck.uniform(6, -2f, 2f, 37, 20), 1, 5, 37);
  }

  @Test
  void batch_normalization_at_inference_gives_the_generic_bits_and_follows_its_moving_statistics() {
    Supplier<Sequential> model = () -> new Sequential(Input.shape(20), new Dense(24, "relu"),
        new BatchNormalization(), new Dense(30), new BatchNormalization(1, 0.9f, 1e-2f, false, false, null, true),
        new Activation("tanh"), new Dense(5, "softmax"));
    Tensor x = GradientCheck.uniform(11, -2f, 2f, 13, 20);
    Sequential[] m = twins(model, x);
    assertEquals("inference plan of layers 0-5 of 6", m[0].plan().inference().describe());
    for (int round = 0; round < 2; round++) {
      List<float[]> w = m[0].getWeights();
      for (int i = 0; i < w.size(); i++) {
        float[] v = w.get(i);
        for (int j = 0; j < v.length; j++) { // moving variances must stay positive: every weight in (0.1, 1.1)
          v[j] = 0.1f + (float) ((Math.sin(7.0 * i + 0.3 * j + round) + 1) / 2);
        }
      }
      m[0].setWeights(w);
      m[1].setWeights(w);
      for (int batch : new int[] {1, 4, 13}) {
        assertArrayEquals(m[1].predict(x, batch).toArray(), m[0].predict(x, batch).toArray(), "batch " + batch);
      }
    }
    Sequential channelsFirst = new Sequential(Input.shape(4, 20), new Flatten(), new Dense(24, "relu"),
        new Reshape(4, 6), new BatchNormalization(1, 0.9f, 1e-3f, true, true, null, true));
    channelsFirst.build(Shape.of(Shape.UNKNOWN, 4, 20));
    assertEquals("inference plan of layers 0-1 of 4, generic from layer 2",
        channelsFirst.plan().inference().describe());
  }

  @Test
  void layers_after_the_first_unplanned_one_run_generic_with_the_same_bits() {
    Supplier<Sequential> model = () -> new Sequential(Input.shape(30), new Dense(32, "relu"), new Dense(20, "elu"),
        new Dense(24, "relu"), new Dense(3, "softmax"));
    Tensor x = GradientCheck.uniform(7, -1f, 1f, 9, 30);
    assertSameBits(model, x, 1, 4, 9);
    Sequential planned = twins(model, x)[0];
    assertEquals("inference plan of layers 0-0 of 4, generic from layer 1", planned.plan().inference().describe());
  }

  @Test
  void models_without_a_wide_dense_layer_at_the_start_are_not_planned() {
    Sequential narrow = new Sequential(Input.shape(2), new Dense(64, "relu"), new Dense(1, "sigmoid"));
    narrow.build(Shape.of(Shape.UNKNOWN, 2));
    assertNull(narrow.plan().inference(), "a 2-input Dense takes the generic kernel's narrow path");
    Sequential elu = new Sequential(Input.shape(30), new Dense(32, "elu"), new Dense(3, "softmax"));
    elu.build(Shape.of(Shape.UNKNOWN, 30));
    assertNull(elu.plan().inference(), "elu has no in-place form here");
  }

  @Test
  void weights_set_after_a_prediction_are_seen_by_the_next_one() {
    Tensor x = GradientCheck.uniform(8, -1f, 1f, 64, 7, 8);
    Sequential[] m = twins(InferencePlanTest::mlp, x);
    float[] before = m[0].predict(x, 64).toArray();
    m[0].predict(x, 1); // one-row products prepare the kernels' rows
    List<float[]> w = m[0].getWeights();
    for (float[] v : w) {
      for (int i = 0; i < v.length; i++) {
        v[i] = 0.9f * v[i] + 0.01f * (i % 7);
      }
    }
    m[0].setWeights(w);
    m[1].setWeights(w);
    float[] after = m[0].predict(x, 64).toArray();
    assertFalse(java.util.Arrays.equals(before, after), "the new weights change the predictions");
    assertArrayEquals(m[1].predict(x, 64).toArray(), after);
    assertArrayEquals(m[1].predict(x, 1).toArray(), m[0].predict(x, 1).toArray());
    for (Sequential s : m) {
      s.layers().get(5).weights().get(1).data()[3] += 0.5f; // in place, as an optimizer or a constraint does
      s.layers().get(3).weights().get(0).data()[100] -= 0.5f;
    }
    assertArrayEquals(m[1].predict(x, 64).toArray(), m[0].predict(x, 64).toArray());
    assertArrayEquals(m[1].predict(x, 1).toArray(), m[0].predict(x, 1).toArray());
  }

  @Test
  void weights_trained_after_a_prediction_are_seen_by_the_next_one() {
    Tensor x = GradientCheck.uniform(9, -1f, 1f, 40, 7, 8);
    float[] labels = new float[40 * 10];
    for (int i = 0; i < 40; i++) {
      labels[i * 10 + i % 10] = 1f;
    }
    Tensor y = Tensor.of(Shape.of(40, 10), labels);
    Sequential m = mlp();
    m.setRandomSeed(23);
    m.compile("adam", "categorical_crossentropy");
    m.build(x.shape());
    float[] before = m.predict(x, 1).toArray(); // one-row products prepare the kernels' rows
    m.fit(x, y, 2, 8);
    float[] after = m.predict(x, 1).toArray();
    assertFalse(java.util.Arrays.equals(before, after), "training changes the predictions");
    Sequential generic = mlp();
    generic.setRandomSeed(23);
    generic.build(x.shape());
    generic.usePlan(ExecutionPlanner.generic(generic));
    generic.setWeights(m.getWeights());
    assertArrayEquals(generic.predict(x, 1).toArray(), after);
    assertArrayEquals(generic.predict(x, 40).toArray(), m.predict(x, 40).toArray());
  }

  @Test
  void concurrent_predictions_on_one_model_give_the_single_threaded_bits() throws Exception {
    Sequential m = mlp();
    m.setRandomSeed(23);
    m.build(Shape.of(Shape.UNKNOWN, 7, 8));
    assertNotNull(m.plan().inference());
    SharedModelPredictTest.assertConcurrentPredictMatchesSerial(m, Shape.of(Shape.UNKNOWN, 7, 8), 1, 1);
    SharedModelPredictTest.assertConcurrentPredictMatchesSerial(m, Shape.of(Shape.UNKNOWN, 7, 8), 60, 64);
  }

  @Test
  void a_non_finite_input_names_its_sample_and_element_as_the_generic_check_does() {
    Sequential m = mlp();
    m.build(Shape.of(Shape.UNKNOWN, 7, 8));
    float[] v = new float[3 * 56];
    v[2 * 56 + 9] = Float.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.predict(Tensor.of(Shape.of(3, 7, 8), v), 2));
    assertTrue(e.getMessage().contains("x contains NaN at sample 2, element 9"), e.getMessage());
    v[2 * 56 + 9] = Float.NEGATIVE_INFINITY;
    e = assertThrows(IllegalArgumentException.class, () -> m.predict(Tensor.of(Shape.of(3, 7, 8), v), 2));
    assertTrue(e.getMessage().contains("x contains -Infinity at sample 2"), e.getMessage());
  }

  @Test
  void monte_carlo_and_training_passes_do_not_take_the_plan() {
    Tensor x = GradientCheck.uniform(10, -1f, 1f, 6, 7, 8);
    Sequential[] m = twins(InferencePlanTest::mlp, x);
    CallContext mc = CallContext.monteCarlo(RngKey.of(5), 1);
    float[] noisy = m[0].predict(x, 6, mc).toArray();
    assertArrayEquals(m[1].predict(x, 6, mc).toArray(), noisy, "the same masks as the generic pass");
    assertFalse(java.util.Arrays.equals(m[0].predict(x, 6).toArray(), noisy), "dropout is active in the MC pass");
    CallContext training = CallContext.inference().withTraining(true);
    assertArrayEquals(m[1].predict(x, 6, training).toArray(), m[0].predict(x, 6, training).toArray());
  }
}
