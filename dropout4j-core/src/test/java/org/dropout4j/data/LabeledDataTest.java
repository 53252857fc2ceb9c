package org.dropout4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link LabeledData}: defensive copies, slicing, shape checks. */
class LabeledDataTest {
  private static LabeledData threeRows() {
    return new LabeledData(new double[][] {{1, 2}, {3, 4}, {5, 6}}, new int[] {0, 1, 0});
  }

  @Test
  void constructor_copiesItsInput() {
    double[][] x = {{1, 2}};
    int[] y = {1};
    LabeledData d = new LabeledData(x, y);
    x[0][0] = 99;
    y[0] = 7;
    assertEquals(1.0, d.x(0, 0));
    assertEquals(1, d.label(0));
  }

  @Test
  void accessors_returnCopies() {
    LabeledData d = threeRows();
    d.x()[0][0] = 99;
    d.y()[0] = 7;
    assertEquals(1.0, d.x(0, 0));
    assertEquals(0, d.label(0));
  }

  @Test
  void rows_returnsTheHalfOpenRange() {
    LabeledData tail = threeRows().rows(1, 3);
    assertArrayEquals(new double[][] {{3, 4}, {5, 6}}, tail.x());
    assertArrayEquals(new int[] {1, 0}, tail.y());
  }

  @Test
  void rows_trainTestSplitOfTheCaseStudy_coversAllRows() {
    LabeledData data = ToyDatasets.makeCircles(100, 0.1, 1);
    assertEquals(30, data.rows(0, 30).size());
    assertEquals(data.x(30, 1), data.rows(30, 100).x(0, 1));
  }

  @Test
  void rows_endBeyondSize_throws() {
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> threeRows().rows(1, 4));
    assertTrue(e.getMessage().contains("from=1, to=4"), e.getMessage());
  }

  @Test
  void constructor_mismatchedLengths_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LabeledData(new double[][] {{1}, {2}}, new int[] {0}));
    assertTrue(e.getMessage().contains("x with 2 rows and y with 1 labels"), e.getMessage());
  }

  @Test
  void constructor_raggedRows_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LabeledData(new double[][] {{1, 2}, {3}}, new int[] {0, 1}));
    assertTrue(e.getMessage().contains("row 1 has 1"), e.getMessage());
  }
}
