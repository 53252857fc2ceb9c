package org.dropout4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code Tensor.of(float[][])}: rows become a (rows, columns) tensor holding a copy. */
class TensorFactoriesTest {
  @Test
  void float_rows_become_a_row_major_matrix() {
    Tensor t = Tensor.of(new float[][] {{1f, 2f, 3f}, {4f, 5f, 6f}});
    assertEquals(Shape.of(2, 3), t.shape());
    assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, t.toArray());
    assertEquals(6f, t.get(1, 2));
  }

  @Test
  void float_rows_are_copied_not_shared() {
    float[][] rows = {{1f, 2f}};
    Tensor t = Tensor.of(rows);
    rows[0][0] = 99f;
    assertEquals(1f, t.get(0, 0));
  }

  @Test
  void no_rows_give_shape_zero_by_zero() {
    assertEquals(Shape.of(0, 0), Tensor.of(new float[0][]).shape());
  }

  @Test
  void ragged_float_rows_are_refused_naming_the_row() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(new float[][] {{1f, 2f}, {3f, 4f}, {5f}}));
    assertTrue(e.getMessage().contains("row 2 has 1 values, expected 2"), e.getMessage());
  }

  @Test
  void null_float_row_is_refused_naming_the_row() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(new float[][] {{1f}, null}));
    assertTrue(e.getMessage().contains("row 1 is null"), e.getMessage());
  }

  @Test
  void float_rows_equal_the_same_double_rows() {
    assertArrayEquals(Tensor.of(new double[][] {{0.25, -1.5}, {3, 4}}).toArray(),
        Tensor.of(new float[][] {{0.25f, -1.5f}, {3f, 4f}}).toArray());
  }
}
