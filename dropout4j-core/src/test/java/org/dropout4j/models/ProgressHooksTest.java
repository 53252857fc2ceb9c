package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code predict}/{@code evaluate} with a rows-done listener: told the rows done after every batch (the batch ends,
 * then the total), and the results are the same bits as without a listener.
 */
class ProgressHooksTest {
  private static Sequential model() {
    Sequential m = new Sequential(Input.shape(3), new Dense(5, "relu"), new Dropout(0.5f), new Dense(2, "softmax"));
    m.setRandomSeed(4);
    m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    return m;
  }

  private static Tensor x(int rows) {
    float[] v = new float[rows * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(i * 0.7);
    }
    return Tensor.of(Shape.of(rows, 3), v);
  }

  private static Tensor y(int rows) {
    float[] v = new float[rows];
    for (int i = 0; i < rows; i++) {
      v[i] = i % 2;
    }
    return Tensor.of(Shape.of(rows, 1), v);
  }

  @Test
  void predict_tells_the_rows_done_after_each_batch_and_gives_the_same_bits() {
    Sequential m = model();
    List<Long> seen = new ArrayList<>();
    Tensor with = m.predict(List.of(x(70)), 32, seen::add).get(0);
    assertEquals(List.of(32L, 64L, 70L), seen);
    assertArrayEquals(m.predict(x(70), 32).toArray(), with.toArray());
  }

  @Test
  void predict_of_one_batch_tells_once() {
    List<Long> seen = new ArrayList<>();
    model().predict(List.of(x(5)), 32, seen::add);
    assertEquals(List.of(5L), seen);
  }

  @Test
  void evaluate_tells_the_rows_done_after_each_batch_and_gives_the_same_numbers() {
    Sequential m = model();
    List<Long> seen = new ArrayList<>();
    var with = m.evaluate(List.of(x(50)), List.of(y(50)), 16, seen::add);
    assertEquals(List.of(16L, 32L, 48L, 50L), seen);
    assertEquals(m.evaluate(x(50), y(50), 16), with);
  }
}
