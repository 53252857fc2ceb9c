package org.dropout4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link Dataset}: batches in order or through a seeded shuffle buffer that emits every row exactly
 * once, the same order for the same seed and pass, prefetching that changes nothing but the thread and shuts down
 * cleanly, and chunked IDX reads.
 */
class DatasetTest {
  /** Rows {@code i} with x = (i, 10 i) and y = i, so a batch shows which rows it holds. */
  private static Dataset numbered(int n) {
    float[] x = new float[2 * n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = 10 * i;
      y[i] = i;
    }
    return Dataset.fromRows(RowSource.of(Tensor.of(Shape.of(n, 2), x)), RowSource.of(Tensor.of(Shape.of(n), y)));
  }

  private static List<Integer> order(Dataset d, long pass) {
    List<Integer> out = new ArrayList<>();
    try (BatchIterator it = d.iterator(pass)) {
      while (it.hasNext()) {
        Batch b = it.next();
        for (int r = 0; r < b.rows(); r++) {
          int id = (int) b.y().get(0).get(r);
          assertEquals(id, b.x().get(0).get(2 * r), 0f, "x and y of a row stay together");
          assertEquals(10 * id, b.x().get(0).get(2 * r + 1), 0f);
          out.add(id);
        }
      }
    }
    return out;
  }

  @Test
  void batches_in_order_with_a_smaller_last_batch() {
    Dataset d = numbered(10).batch(4);
    assertEquals(3, d.cardinality());
    List<Integer> rows = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    try (BatchIterator it = d.iterator(0)) {
      while (it.hasNext()) {
        Batch b = it.next();
        sizes.add(b.rows());
        assertEquals(Shape.of(b.rows(), 2), b.x().get(0).shape());
        for (int r = 0; r < b.rows(); r++) {
          rows.add((int) b.y().get(0).get(r));
        }
      }
    }
    assertEquals(List.of(4, 4, 2), sizes);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), rows);
  }

  @Test
  void shuffle_emits_every_row_once_and_the_same_seed_gives_the_same_order() {
    Dataset d = numbered(200).shuffle(50, 7).batch(16);
    List<Integer> a = order(d, 3);
    assertEquals(200, a.size());
    assertEquals(200, a.stream().distinct().count());
    assertEquals(a, order(d, 3), "same seed, same pass: bit for bit the same order");
    assertEquals(a, order(numbered(200).shuffle(50, 7).batch(16).prefetch(3), 3), "prefetching changes no order");
    assertNotEquals(a, order(d, 4), "each pass (epoch) reshuffles");
    assertNotEquals(a, order(numbered(200).shuffle(50, 8).batch(16), 3), "another seed, another order");
    assertNotEquals(order(numbered(200).batch(16), 0), a);
  }

  @Test
  void a_small_shuffle_buffer_only_shuffles_locally() {
    // with a buffer of b rows, output position p holds a row < p + b (tf.data's buffer semantics)
    List<Integer> a = order(numbered(500).shuffle(8, 1).batch(32), 0);
    for (int p = 0; p < a.size(); p++) {
      assertTrue(a.get(p) < p + 8, "row " + a.get(p) + " at position " + p);
    }
    assertEquals(order(numbered(30).batch(7), 0), order(numbered(30).shuffle(1, 5).batch(7), 0),
        "a buffer of one row does not shuffle");
  }

  @Test
  void a_full_buffer_shuffle_moves_rows_far() {
    List<Integer> a = order(numbered(1000).shuffle(1000, 2).batch(100), 0);
    long displaced = 0;
    for (int p = 0; p < a.size(); p++) {
      displaced += Math.abs(a.get(p) - p);
    }
    // uniform permutation: E|pi(p) - p| = (n^2 - 1) / (3n) ~ 333; a local shuffle would be far below
    assertTrue(displaced / 1000.0 > 250, "mean displacement " + displaced / 1000.0);
  }

  @Test
  void prefetch_rethrows_a_read_failure_and_stops_its_thread() {
    RowSource failing = new RowSource() {
      @Override
      public Shape rowShape() {
        return Shape.of(1);
      }

      @Override
      public long rows() {
        return 100;
      }

      @Override
      public void read(long firstRow, int count, float[] dst, int offset) {
        if (firstRow >= 40) {
          throw new IllegalStateException("disk gone at row " + firstRow);
        }
      }

      @Override
      public String description() {
        return "failing";
      }
    };
    Dataset d = Dataset.fromRows(failing, RowSource.of(Tensor.zeros(Shape.of(100, 1)))).batch(10).prefetch(2);
    Prefetcher it = (Prefetcher) d.iterator(0);
    int got = 0;
    IllegalStateException e = null;
    try {
      while (it.hasNext()) {
        it.next();
        got++;
      }
    } catch (IllegalStateException thrown) {
      e = thrown;
    }
    assertEquals(4, got, "the batches before the failure arrive");
    assertTrue(e != null && e.getMessage().contains("disk gone at row 40"), String.valueOf(e));
    it.close();
    assertTrue(it.threadEnded());
  }

  @Test
  void closing_a_prefetching_pass_early_stops_its_thread() {
    Prefetcher it = (Prefetcher) numbered(10_000).batch(10).prefetch(4).iterator(0);
    it.next();
    it.close();
    assertTrue(it.threadEnded(), "the reading thread ends when the pass is closed");
    assertFalse(it.hasNext());
  }

  @Test
  void ready_made_batches_pass_through_and_refuse_row_operations() {
    Batch one = new Batch(List.of(Tensor.zeros(Shape.of(3, 2))), List.of(Tensor.zeros(Shape.of(3, 1))));
    Dataset d = Dataset.fromBatches(pass -> List.of(one, one).iterator(), 2);
    try (BatchIterator it = d.prefetch(1).iterator(0)) {
      assertSame(one, it.next());
      assertSame(one, it.next());
      assertFalse(it.hasNext());
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.shuffle(4, 1));
    assertTrue(e.getMessage().contains("fromBatches"), e.getMessage());
  }

  @Test
  void sources_with_different_row_counts_throw_naming_both() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.fromRows(RowSource.of(Tensor.zeros(Shape.of(5, 2))), RowSource.of(Tensor.zeros(Shape.of(4)))));
    assertTrue(e.getMessage().contains("5 rows") && e.getMessage().contains("has 4"), e.getMessage());
  }

  @Test
  void bad_arguments_name_the_argument() {
    Dataset d = numbered(4);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.batch(0)).getMessage().contains("batch_size=0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.shuffle(0, 1)).getMessage()
        .contains("buffer_size=0"));
    assertThrows(IllegalArgumentException.class, () -> d.prefetch(-1));
  }

  @Test
  void sample_weights_travel_with_their_rows() {
    Tensor w = Tensor.of(Shape.of(6), 0, 1, 2, 3, 4, 5);
    Dataset d = Dataset.fromRows(List.of(RowSource.of(Tensor.of(Shape.of(6, 1), 0, 1, 2, 3, 4, 5))),
        List.of(), RowSource.of(w)).shuffle(6, 3).batch(4);
    try (BatchIterator it = d.iterator(0)) {
      while (it.hasNext()) {
        Batch b = it.next();
        assertTrue(b.y().isEmpty());
        assertArrayEquals(b.x().get(0).toArray(), b.sampleWeight().toArray());
      }
    }
    assertNull(numbered(3).iterator(0).next().sampleWeight());
  }

  @Test
  void idx_rows_are_read_in_chunks_as_floats(@TempDir Path dir) throws IOException {
    byte[] values = new byte[5 * 3 * 2];
    for (int i = 0; i < values.length; i++) {
      values[i] = (byte) (i * 9);
    }
    Path file = dir.resolve("x-idx3-ubyte");
    Idx.write(new IdxArray(new int[] {5, 3, 2}, values), file);
    RowSource rows = Idx.open(file);
    assertEquals(5, rows.rows());
    assertEquals(Shape.of(3, 2), rows.rowShape());
    float[] got = new float[12];
    rows.read(2, 2, got, 0);
    for (int i = 0; i < 12; i++) {
      assertEquals((values[12 + i] & 0xFF), got[i], 0f);
    }
    assertThrows(IndexOutOfBoundsException.class, () -> rows.read(4, 2, new float[12], 0));
    Path gz = dir.resolve("x-idx3-ubyte.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(file));
    }
    IOException e = assertThrows(IOException.class, () -> Idx.open(gz));
    assertTrue(e.getMessage().contains("gunzip"), e.getMessage());
  }
}
