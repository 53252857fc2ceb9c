package org.dropout4j.callbacks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.data.PythonRepr;

/**
 * Keras' {@code CSVLogger}: one row per epoch with the columns {@code epoch} (0-based) and the epoch's log keys in
 * sorted order, values written as Python writes floats (so the file matches Keras'), {@code NA} for a key an epoch
 * lacks, rows ended by {@code \n}, flushed after each epoch. With {@code append} an existing file is continued
 * (its header is written only if the file is empty).
 */
public final class CSVLogger implements Callback {
  private final Path file;
  private final String separator;
  private final boolean append;
  private List<String> keys;
  private BufferedWriter writer;
  private boolean writeHeader;

  /** A comma-separated log that replaces {@code file}. */
  public CSVLogger(Path file) {
    this(file, ",", false);
  }

  /**
   * @param file the CSV file
   * @param separator the field separator (Keras' {@code separator}, default ",")
   * @param append whether to continue an existing file
   * @throws IllegalArgumentException if the file or separator is missing
   */
  public CSVLogger(Path file, String separator, boolean append) {
    if (file == null || separator == null || separator.isEmpty()) {
      throw new IllegalArgumentException("CSVLogger needs a file and a separator, received filename=" + file
          + ", separator=" + separator);
    }
    this.file = file;
    this.separator = separator;
    this.append = append;
  }

  @Override
  public void onTrainBegin(TrainingControl control) {
    try {
      writeHeader = !(append && Files.exists(file) && Files.size(file) > 0);
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      keys = null;
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot open " + file, e);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
    try {
      if (keys == null) {
        keys = new ArrayList<>(logs.keySet());
        keys.sort(null);
        if (writeHeader) {
          writer.write("epoch" + separator + String.join(separator, keys) + "\n");
        }
      }
      StringBuilder row = new StringBuilder().append(epoch);
      for (String k : keys) {
        Double v = logs.get(k);
        row.append(separator).append(v == null ? "NA" : PythonRepr.repr(v));
      }
      writer.write(row.append('\n').toString());
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot write " + file, e);
    }
  }

  @Override
  public void onTrainEnd(TrainingControl control) {
    try {
      if (writer != null) {
        writer.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot close " + file, e);
    } finally {
      writer = null;
    }
  }
}
