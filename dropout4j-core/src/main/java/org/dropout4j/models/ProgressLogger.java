package org.dropout4j.models;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras-style progress output of fit: {@code verbose=1} a progress bar per epoch updated after each batch,
 * {@code verbose=2} one line per epoch, {@code verbose=0} nothing.
 *
 * <pre>
 * Epoch 1/10
 * 1/1 ━━━━━━━━━━━━━━━━━━━━ 0s 3ms/step - accuracy: 0.5000 - loss: 0.6931 - val_accuracy: 0.5143 - val_loss: 0.6925
 * </pre>
 */
final class ProgressLogger {
  private static final int BAR_WIDTH = 20;
  private final PrintStream out;
  private final int verbose;
  private final int epochs;
  private int batches;
  private int seen;
  private long epochStart;
  private long lastPrint;

  ProgressLogger(PrintStream out, int verbose, int epochs, int batches) {
    this.out = out;
    this.verbose = verbose;
    this.epochs = epochs;
    this.batches = batches;
  }

  void epochBegin(int epoch) {
    epochStart = System.nanoTime();
    if (verbose > 0) {
      out.println("Epoch " + (epoch + 1) + "/" + epochs);
    }
  }

  void batchEnd(int batch, Map<String, Double> logs) {
    seen = batch + 1;
    if (verbose != 1 || batch + 1 == batches) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastPrint < 50_000_000L) {
      return;
    }
    lastPrint = now;
    out.print("\r" + bar(batch + 1, now) + metrics(logs));
    out.flush();
  }

  void epochEnd(Map<String, Double> logs) {
    if (batches <= 0) { // a dataset of unknown size: known after its first epoch, as Keras learns it
      batches = Math.max(1, seen);
    }
    if (verbose == 0) {
      return;
    }
    long now = System.nanoTime();
    if (verbose == 1) {
      out.print("\r" + bar(batches, now) + metrics(logs) + System.lineSeparator());
    } else {
      out.println(batches + "/" + batches + " - " + seconds(now - epochStart) + " - " + perStep(now)
          + metrics(logs));
    }
    out.flush();
  }

  private String bar(int done, long now) {
    int filled = batches <= 0 ? 0 : (int) Math.round((double) done / batches * BAR_WIDTH);
    StringBuilder sb = new StringBuilder();
    String total = batches <= 0 ? "Unknown" : Integer.toString(batches);
    sb.append(String.format(Locale.ROOT, "%" + Math.min(total.length(), 7) + "d/%s ", done, total));
    for (int i = 0; i < BAR_WIDTH; i++) {
      sb.append(i < filled ? '\u2501' : '\u2500');
    }
    sb.append(' ').append(seconds(now - epochStart)).append(' ').append(perStep(now));
    return sb.toString();
  }

  private String perStep(long now) {
    double ms = (now - epochStart) / 1e6 / Math.max(1, batches > 0 ? batches : seen);
    if (ms >= 1000) {
      return String.format(Locale.ROOT, "%.0fs/step", ms / 1000);
    }
    if (ms >= 1) {
      return String.format(Locale.ROOT, "%.0fms/step", ms);
    }
    return String.format(Locale.ROOT, "%.0fus/step", ms * 1000);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.0fs", nanos / 1e9);
  }

  private static String metrics(Map<String, Double> logs) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      sb.append(" - ").append(e.getKey()).append(": ").append(format(e.getValue()));
    }
    return sb.toString();
  }

  private static String format(double v) {
    if (v != 0 && Math.abs(v) < 1e-3) {
      return String.format(Locale.ROOT, "%.4e", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
