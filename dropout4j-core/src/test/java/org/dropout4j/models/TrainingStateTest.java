package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TrainingStateTest {
  @Test
  void restored_counters_are_reported() {
    Sequential m = new Sequential(Input.shape(2), new Dense(1));
    m.restoreTrainingState(12, 3);
    assertEquals(12, m.trainingStep());
    assertEquals(3, m.epochsTrained());
  }

  @Test
  void negative_counters_throw_with_the_values() {
    Sequential m = new Sequential(Input.shape(2), new Dense(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.restoreTrainingState(-1, 0));
    assertTrue(e.getMessage().contains("training_step=-1"), e.getMessage());
  }

  @Test
  void input_and_input_shape_are_the_declared_ones() {
    Input in = Input.of(Shape.batchOf(3), "features");
    Sequential m = new Sequential(in, new Dense(1));
    assertSame(in, m.input());
    assertEquals("(None, 3)", m.inputShape().toString());
    assertNull(new Sequential(new Dense(1)).inputShape());
  }

  @Test
  void metrics_are_the_compiled_names() {
    Sequential m = new Sequential(Input.shape(2), new Dense(1, "sigmoid"));
    assertEquals(List.of(), m.metrics());
    m.compile("sgd", "binary_crossentropy", "accuracy");
    assertEquals(List.of("accuracy"), m.metrics());
  }

  /** A built model with dropout, its weights set as a loaded file's would be, and a seed drawn at random. */
  private static Sequential loaded(List<float[]> weights) {
    Sequential m = new Sequential(Input.shape(3), new Dense(8, "relu"),
        new Dropout(0.5f), new Dense(1, "sigmoid"));
    m.build(Shape.batchOf(3));
    if (weights != null) {
      m.setWeights(weights);
    }
    m.compile("adam", "binary_crossentropy");
    return m;
  }

  private static List<float[]> fitted(Sequential m) {
    Tensor x = Tensor.of(Shape.of(6, 3), 0.1f, 0.5f, -1f, 2f, 0f, 1f, -0.5f,
        0.3f, 0.2f, 1f, 1f, -1f, 0f, 0f, 0.5f, -2f, 1f, 0.1f);
    Tensor y = Tensor.of(Shape.of(6, 1), 0, 1, 0, 1, 1, 0);
    m.fit(x, y, FitOptions.builder().epochs(3).batchSize(2).verbose(0).build());
    return m.getWeights();
  }

  @Test
  void a_training_seed_set_after_the_build_keeps_the_weights_and_reproduces_fit_bit_for_bit() {
    List<float[]> start = loaded(null).getWeights();
    Sequential a = loaded(start);
    a.setTrainingSeed(5);
    assertEquals(5, a.seed());
    for (int i = 0; i < start.size(); i++) {
      assertArrayEquals(start.get(i), a.getWeights().get(i), "weights kept");
    }
    List<float[]> first = fitted(a);
    List<float[]> again = fitted((Sequential) loaded(start).setTrainingSeed(5));
    List<float[]> other = fitted((Sequential) loaded(start).setTrainingSeed(6));
    boolean differs = false;
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i), again.get(i), "same seed, weight " + i);
      differs |= !Arrays.equals(first.get(i), other.get(i));
    }
    assertTrue(differs, "another seed draws other shuffles and masks");
  }

  @Test
  void input_of_rejects_non_positive_sizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Input.of(Shape.of(Shape.UNKNOWN, 0), null));
    assertTrue(e.getMessage().contains("batch_shape"), e.getMessage());
  }
}
