package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.tensor.Shape;
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

  @Test
  void input_of_rejects_non_positive_sizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Input.of(Shape.of(Shape.UNKNOWN, 0), null));
    assertTrue(e.getMessage().contains("batch_shape"), e.getMessage());
  }
}
