package org.dropout4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.models.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCsvTest {
  @TempDir Path dir;

  private static void assertSameHistories(Map<String, History> expected, Map<String, History> actual) {
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
    for (String label : expected.keySet()) {
      assertEquals(expected.get(label).asMap(), actual.get(label).asMap(), label);
      assertEquals(expected.get(label).keys(), actual.get(label).keys(), label);
    }
  }

  @Test
  void write_then_read_gives_identical_histories() throws IOException {
    Map<String, History> runs = new LinkedHashMap<>();
    runs.put("no dropout", Histories.curve(50, 1.0, 1));
    runs.put("dropout 0.4", Histories.curve(50, 0.96, 2));
    Path file = dir.resolve("history.csv");
    HistoryCsv.write(runs, file);
    assertSameHistories(runs, HistoryCsv.read(file));
  }

  @Test
  void header_is_run_epoch_then_every_key_in_first_seen_order() throws IOException {
    History a = new History();
    a.record("loss", 0.5);
    History b = new History();
    b.record("loss", 0.4);
    b.record("accuracy", 0.9);
    Map<String, History> runs = new LinkedHashMap<>();
    runs.put("a", a);
    runs.put("b", b);
    Path file = dir.resolve("h.csv");
    HistoryCsv.write(runs, file);
    assertEquals(List.of("run,epoch,loss,accuracy", "a,1,0.5,", "b,1,0.4,0.9"), Files.readAllLines(file));
  }

  @Test
  void awkward_labels_and_values_survive_the_round_trip() {
    History h = new History();
    h.record("loss", Double.NaN);
    h.record("loss", Double.POSITIVE_INFINITY);
    h.record("loss", 0.1 + 0.2);
    h.record("loss", -0.0);
    h.record("loss", Double.MIN_VALUE);
    Map<String, History> runs = new LinkedHashMap<>();
    runs.put("rate=0.4, \"spatial\"\nsecond line", h);
    runs.put("", Histories.curve(2, 1, 3));
    assertSameHistories(runs, HistoryCsv.parse(HistoryCsv.format(runs)));
  }

  @Test
  void a_series_that_ends_early_round_trips() {
    History h = new History();
    h.record("loss", 1.0);
    h.record("val_loss", 1.5);
    h.record("loss", 0.5);
    assertSameHistories(Map.of("r", h), HistoryCsv.parse(HistoryCsv.format(Map.of("r", h))));
  }

  @Test
  void write_leaves_no_temporary_file() throws IOException {
    HistoryCsv.write(Map.of("r", Histories.curve(3, 1, 1)), dir.resolve("h.csv"));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("h.csv")), files.toList());
    }
  }

  @Test
  void empty_runs_throws_naming_the_argument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HistoryCsv.write(Map.of(), dir.resolve("h.csv")));
    assertTrue(e.getMessage().contains("`runs`"), e.getMessage());
  }

  @Test
  void reserved_metric_key_throws_naming_it() {
    History h = new History();
    h.record("epoch", 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HistoryCsv.format(Map.of("r", h)));
    assertTrue(e.getMessage().contains("'epoch'"), e.getMessage());
  }

  @Test
  void bad_number_throws_naming_the_line_column_and_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HistoryCsv.parse("run,epoch,loss\nr,1,0.5\nr,2,oops\n"));
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("loss=oops"), e.getMessage());
  }

  @Test
  void skipped_epoch_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HistoryCsv.parse("run,epoch,loss\nr,1,0.5\nr,3,0.4\n"));
    assertTrue(e.getMessage().contains("expected epoch 2"), e.getMessage());
  }

  @Test
  void wrong_header_throws() {
    assertThrows(IllegalArgumentException.class, () -> HistoryCsv.parse("label,epoch,loss\nr,1,0.5\n"));
  }

  @Test
  void read_of_a_malformed_file_throws_io_exception_naming_the_file() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "run,epoch,loss\nr,1\n");
    IOException e = assertThrows(IOException.class, () -> HistoryCsv.read(file));
    assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void read_of_a_file_with_invalid_utf8_names_the_file_and_byte_offset() throws IOException {
    Path file = dir.resolve("latin1.csv");
    Files.write(file, new byte[] {'r', 'u', 'n', ',', 'e', 'p', 'o', 'c', 'h', '\n', 'r', (byte) 0xE9, ',', '1', '\n'});
    IOException e = assertThrows(IOException.class, () -> HistoryCsv.read(file));
    assertTrue(e.getMessage().contains("latin1.csv") && e.getMessage().contains("byte offset 11"), e.getMessage());
  }
}
