package org.dropout4j.cli.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dropout4j.data.TextFiles;
import org.dropout4j.models.History;

/**
 * Labelled training histories as one CSV table, written atomically and read back.
 *
 * <p>Layout (RFC 4180, UTF-8, {@code \n} line ends): a header {@code run,epoch,<key>...} with every metric key of
 * every run in first-seen order, then one row per run and epoch, runs in map order, epochs 1-based and ascending.
 * Values use {@link Double#toString(double)}, which reads back to the identical double (also {@code NaN} and
 * {@code Infinity}). A run that lacks a key, or whose series is shorter than its longest, has empty cells there.
 * Labels containing a comma, quote or line break are quoted.
 *
 * <pre>{@code
 * run,epoch,loss,accuracy,val_loss,val_accuracy
 * no dropout,1,0.6931,0.5,0.6929,0.514
 * }</pre>
 *
 * <p>{@code read(write(runs))} gives histories with the same labels, keys, order and values; the one exception is
 * a run with no epochs, which has no rows and so does not come back.
 */
public final class HistoryCsv {
  /** Name of the first column. */
  public static final String RUN_COLUMN = "run";
  /** Name of the second column. */
  public static final String EPOCH_COLUMN = "epoch";

  private HistoryCsv() {
  }

  /**
   * Writes {@code runs} to {@code file} atomically (temporary file, then rename).
   *
   * @param runs run label to history, in row order; at least one run
   * @param file the CSV file to create or replace; parent directories are created
   * @throws IllegalArgumentException if {@code runs} is empty, a label is null, or a metric key is {@code run},
   *     {@code epoch} or contains a comma, quote or line break
   * @throws IOException if writing fails; an existing file is then left untouched
   */
  public static void write(Map<String, History> runs, Path file) throws IOException {
    String text = format(runs);
    AtomicFiles.writeString(file, text);
  }

  /**
   * The CSV text {@link #write} writes.
   *
   * @param runs run label to history; at least one run
   * @throws IllegalArgumentException as for {@link #write}
   */
  public static String format(Map<String, History> runs) {
    if (runs == null || runs.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid value for argument `runs`: expected at least one labelled history, received runs=" + runs);
    }
    Set<String> keys = new LinkedHashSet<>();
    for (Map.Entry<String, History> run : runs.entrySet()) {
      if (run.getKey() == null || run.getValue() == null) {
        throw new IllegalArgumentException("invalid value for argument `runs`: expected a label and a history, "
            + "received " + run.getKey() + "=" + run.getValue());
      }
      keys.addAll(run.getValue().keys());
    }
    for (String key : keys) {
      if (key.equals(RUN_COLUMN) || key.equals(EPOCH_COLUMN) || needsQuotes(key)) {
        throw new IllegalArgumentException("invalid value for argument `runs`: metric key '" + key
            + "' cannot be a CSV column (reserved name, or contains a comma, quote or line break)");
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(RUN_COLUMN).append(',').append(EPOCH_COLUMN);
    keys.forEach(k -> sb.append(',').append(k));
    sb.append('\n');
    for (Map.Entry<String, History> run : runs.entrySet()) {
      String label = quote(run.getKey());
      Map<String, List<Double>> series = run.getValue().asMap();
      int epochs = run.getValue().epochs();
      for (int e = 0; e < epochs; e++) {
        sb.append(label).append(',').append(e + 1);
        for (String key : keys) {
          sb.append(',');
          List<Double> values = series.get(key);
          if (values != null && e < values.size()) {
            sb.append(values.get(e).doubleValue());
          }
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * Reads a file written by {@link #write}.
   *
   * @param file the CSV file
   * @return label to history, in file order
   * @throws IOException if the file cannot be read, is not UTF-8 (naming the byte offset) or is not in this layout;
   *     the message names the file, line and offending value
   */
  public static Map<String, History> read(Path file) throws IOException {
    String text = TextFiles.readUtf8(file, Integer.MAX_VALUE - 16);
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses CSV text in the layout {@link #format} produces.
   *
   * @param text the whole CSV
   * @throws IllegalArgumentException if the text is not in this layout, naming the line and value
   */
  public static Map<String, History> parse(String text) {
    Objects.requireNonNull(text, "text");
    List<List<String>> rows = records(text);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("line 1: expected a header starting run,epoch, received an empty file");
    }
    List<String> header = rows.get(0);
    if (header.size() < 2 || !header.get(0).equals(RUN_COLUMN) || !header.get(1).equals(EPOCH_COLUMN)) {
      throw new IllegalArgumentException("line 1: expected a header starting run,epoch, received " + header);
    }
    Map<String, History> runs = new LinkedHashMap<>();
    Map<String, Integer> lastEpoch = new LinkedHashMap<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      int line = r + 1;
      if (row.size() != header.size()) {
        throw new IllegalArgumentException("line " + line + ": expected " + header.size() + " fields, received "
            + row.size() + ": " + row);
      }
      String label = row.get(0);
      int epoch = parseEpoch(row.get(1), line);
      int expected = lastEpoch.getOrDefault(label, 0) + 1;
      if (epoch != expected) {
        throw new IllegalArgumentException("line " + line + ": expected epoch " + expected + " of run '" + label
            + "', received epoch=" + row.get(1));
      }
      lastEpoch.put(label, epoch);
      History history = runs.computeIfAbsent(label, k -> new History());
      for (int c = 2; c < row.size(); c++) {
        String cell = row.get(c);
        String key = header.get(c);
        int recorded = history.has(key) ? history.get(key).size() : 0;
        if (cell.isEmpty()) {
          continue;
        }
        if (recorded != epoch - 1) {
          throw new IllegalArgumentException("line " + line + ": run '" + label + "' has a gap in column '" + key
              + "' before epoch " + epoch + " (a series may only end early, not skip epochs)");
        }
        history.record(key, parseValue(cell, line, key));
      }
    }
    return runs;
  }

  private static int parseEpoch(String s, int line) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("line " + line + ": expected an integer epoch, received epoch=" + s, e);
    }
  }

  private static double parseValue(String s, int line, String key) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("line " + line + ": expected a number in column '" + key
          + "', received " + key + "=" + s, e);
    }
  }

  /** Splits RFC 4180 text into records of fields; a final line end is optional, empty lines are skipped. */
  private static List<List<String>> records(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || field.length() > 0) {
          row.add(field.toString());
          rows.add(row);
        }
        row = new ArrayList<>();
        field.setLength(0);
        any = false;
      } else {
        field.append(c);
        any = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("line " + (rows.size() + 1) + ": unterminated quoted field");
    }
    if (any || field.length() > 0) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }

  private static boolean needsQuotes(String s) {
    return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }

  private static String quote(String s) {
    return needsQuotes(s) || s.isEmpty() ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
