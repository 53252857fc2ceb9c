package org.dropout4j.io;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.Monitor;
import org.dropout4j.callbacks.TrainingControl;
import org.dropout4j.models.Model;

/**
 * Keras' {@code ModelCheckpoint}: after each epoch the model is saved to {@code filepath}, as a {@code .d4j} file
 * (weights, compile config and optimizer state, so training can resume from it) or a Keras 3 {@code .keras} file
 * ({@link KerasExport}: weights and compile config, for Python), or with {@code save_best_only}
 * only when {@code monitor} improved. The path may hold Keras' placeholders, {@code {epoch}} (1-based) and any
 * log key, with Python format specs such as {@code {epoch:02d}} or {@code {val_loss:.2f}}. Files are written to a
 * temporary file and moved into place, so a crash never leaves a half-written checkpoint.
 *
 * <p>{@code mode="auto"} minimises losses and error metrics and maximises accuracies, AUC, precision, recall and F1,
 * as Keras 3. Legacy {@code .h5} and weights-only {@code .weights.h5} targets are refused.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.builder().epochs(50).validationData(xv, yv)
 *     .callbacks(new ModelCheckpoint(model, Path.of("best.d4j"), "val_loss", "auto", true, 0)).build());
 * }</pre>
 */
public final class ModelCheckpoint implements Callback {
  private static final Pattern FIELD = Pattern.compile("\\{(\\w+)(?::([^}]*))?\\}");

  private final Model model;
  private final String filepath;
  private final Monitor monitor;
  private final boolean saveBestOnly;
  private final int verbose;
  private final PrintStream out;
  private Double best;
  private Path lastSaved;

  /**
   * @param model the model being trained (Keras sets it implicitly; Java passes it)
   * @param filepath where to save, ending in {@code .d4j} or {@code .keras}; may hold {@code {epoch}} and log-key
   *     placeholders
   * @param monitor the logged value deciding {@code save_best_only}, e.g. {@code val_loss}
   * @param mode {@code auto}, {@code min} or {@code max}
   * @param saveBestOnly whether to save only when {@code monitor} improves
   * @param verbose 0 = quiet, 1 = a line per save on standard output
   * @throws IllegalArgumentException for a legacy {@code .h5} or weights-only target, a bad mode, or mode
   *     {@code auto} with a metric it cannot place ({@link Monitor})
   */
  public ModelCheckpoint(Model model, Path filepath, String monitor, String mode, boolean saveBestOnly,
      int verbose) {
    if (model == null || filepath == null) {
      throw new IllegalArgumentException("ModelCheckpoint needs a model and a filepath, received model=" + model
          + ", filepath=" + filepath);
    }
    String f = filepath.toString();
    if (f.endsWith(".weights.h5") || f.endsWith(".h5")) {
      throw new IllegalArgumentException("ModelCheckpoint: cannot write " + filepath + ": dropout4j writes "
          + "checkpoints as " + ModelArchive.EXTENSION + " or Keras 3 .keras (legacy .h5 and .weights.h5 writing is "
          + "not available)");
    }
    if (!f.endsWith(ModelArchive.EXTENSION) && !f.endsWith(".keras")) {
      throw new IllegalArgumentException("ModelCheckpoint: the filepath must end in " + ModelArchive.EXTENSION
          + " or .keras, received filepath=" + filepath);
    }
    this.model = model;
    this.filepath = f;
    this.monitor = new Monitor("ModelCheckpoint", monitor, mode, 0.0);
    this.saveBestOnly = saveBestOnly;
    this.verbose = verbose;
    this.out = System.out;
  }

  /** The file written last, or {@code null}. */
  public Path lastSaved() {
    return lastSaved;
  }

  /** The best monitored value so far, or {@code null}. */
  public Double best() {
    return best;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
    Path path = Path.of(format(filepath, epoch + 1, logs));
    if (saveBestOnly) {
      Double current = logs.get(monitor.monitor());
      if (current == null) {
        throw new IllegalStateException("ModelCheckpoint can save the best model only with " + monitor.monitor()
            + " available; the epoch's logs are " + logs.keySet());
      }
      if (!monitor.improves(current, best)) {
        if (verbose > 0) {
          out.printf(Locale.ROOT, "%nEpoch %05d: %s did not improve from %.5f%n", epoch + 1, monitor.monitor(),
              best);
        }
        return;
      }
      if (verbose > 0) {
        out.printf(Locale.ROOT, "%nEpoch %05d: %s improved from %s to %.5f, saving model to %s%n", epoch + 1,
            monitor.monitor(), best == null ? "inf" : String.format(Locale.ROOT, "%.5f", best), current, path);
      }
      best = current;
    } else if (verbose > 0) {
      out.printf(Locale.ROOT, "%nEpoch %05d: saving model to %s%n", epoch + 1, path);
    }
    save(path);
  }

  private void save(Path path) {
    try {
      if (path.toString().endsWith(".keras")) {
        KerasExport.save(model, path); // atomic
        lastSaved = path;
        return;
      }
      Path dir = path.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".checkpoint", ModelArchive.EXTENSION);
      try {
        ModelArchive.save(model, tmp);
        try {
          Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      lastSaved = path;
    } catch (IOException e) {
      throw new UncheckedIOException("ModelCheckpoint: cannot save " + path, e);
    }
  }

  /** Keras' {@code filepath.format(epoch=epoch, **logs)} for the placeholders dropout4j supports. */
  static String format(String pattern, int epoch, Map<String, Double> logs) {
    Matcher m = FIELD.matcher(pattern);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String spec = m.group(2);
      Object value;
      if (key.equals("epoch")) {
        value = epoch;
      } else if (logs.containsKey(key)) {
        value = logs.get(key);
      } else {
        throw new IllegalArgumentException("ModelCheckpoint: the filepath names {" + key + "}, which is not among "
            + "the epoch's logs " + logs.keySet() + " or {epoch}");
      }
      String text;
      if (spec == null || spec.isEmpty()) {
        text = value instanceof Integer ? value.toString()
            : org.dropout4j.data.PythonRepr.repr(((Number) value).doubleValue());
      } else if (spec.endsWith("d")) {
        text = String.format(Locale.ROOT, "%" + spec, ((Number) value).longValue());
      } else if (spec.endsWith("f") || spec.endsWith("e")) {
        text = String.format(Locale.ROOT, "%" + spec, ((Number) value).doubleValue());
      } else {
        throw new IllegalArgumentException("ModelCheckpoint: unsupported format spec {" + key + ":" + spec + "} (use"
            + " d, f or e)");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(text));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
