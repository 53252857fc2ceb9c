package org.dropout4j.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.TrainingControl;
import org.dropout4j.models.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * A training callback that keeps an HTML page of the learning curves up to date while {@code fit} runs: after an
 * epoch (at most every {@value #MIN_INTERVAL_MS} ms, and always after the last) it rewrites the page atomically with
 * one chart per metric (training solid, validation dashed) and a table of the last epochs. Until training ends the
 * page reloads itself every {@value #REFRESH_SECONDS} s, so a browser left open on it follows the run.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.builder().epochs(20).callbacks(new LiveCurves(Path.of("runs/train/live.html"),
 *     "fashion-mnist mlp")).build());
 * }</pre>
 */
public final class LiveCurves implements Callback {
  /** Seconds between the page's reloads while training runs. */
  public static final int REFRESH_SECONDS = 2;
  /** Smallest time between two rewrites of the page. */
  static final long MIN_INTERVAL_MS = 1000;
  private static final int TABLE_ROWS = 10;

  private final Path file;
  private final String title;
  private final History history = new History();
  private long lastWrite;
  private int epochs;

  /**
   * @param file the page to write (its folder must exist)
   * @param title what the run is, shown as the page heading
   */
  public LiveCurves(Path file, String title) {
    this.file = file;
    this.title = title;
  }

  @Override
  public void onTrainBegin(TrainingControl control) {
    write(false);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
    logs.forEach(history::record);
    epochs = epoch + 1;
    if (System.nanoTime() / 1_000_000 - lastWrite >= MIN_INTERVAL_MS) {
      write(false);
    }
  }

  @Override
  public void onTrainEnd(TrainingControl control) {
    write(true);
  }

  /** The history recorded so far (one value per finished epoch). */
  public History history() {
    return history;
  }

  private void write(boolean finished) {
    lastWrite = System.nanoTime() / 1_000_000;
    try {
      AtomicFiles.writeString(file, html(finished));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the live learning curves to " + file, e);
    }
  }

  String html(boolean finished) {
    StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
    if (!finished) {
      h.append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">");
    }
    h.append("<title>").append(esc(title)).append(" \u2013 learning curves</title><style>body{font-family:sans-serif;"
        + "margin:1.5em}td,th{padding:2px 8px;text-align:right}img{max-width:100%}</style></head><body>\n");
    String done = epochs + (epochs == 1 ? " epoch" : " epochs");
    h.append("<h1>").append(esc(title)).append("</h1>\n<p>").append(finished ? "Training finished after " + done
        + "." : epochs == 0 ? "Training started; the first epoch is running."
        : "Training: " + done + " done; this page reloads every " + REFRESH_SECONDS + " s.").append("</p>\n");
    boolean validation = history.keys().stream().anyMatch(k -> k.startsWith(LearningCurvePlot.VALIDATION_PREFIX));
    if (epochs > 0) {
      h.append("<p>train: what fit measures over each epoch's batches, with dropout on (the running value the "
          + "progress bar shows)").append(validation ? "; validation: the validation data after the epoch, with "
          + "dropout off. A model with dropout can therefore score lower on train than on validation." : ".")
          .append("</p>\n");
    }
    for (String metric : metrics()) {
      XYChart chart = LearningCurvePlot.of(metric).withTitle(metric + " per epoch" + (validation
          ? " (train solid, validation dashed)" : " (training)")).chart(Map.of("model", history));
      try {
        byte[] png = PngEncoder.bytes(BitmapEncoder.getBufferedImage(chart));
        h.append("<p><img alt=\"").append(esc(metric)).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(png)).append("\"></p>\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (epochs > 0) {
      List<String> keys = history.keys();
      h.append("<table><tr><th>epoch</th>");
      keys.forEach(k -> h.append("<th>").append(esc(k)).append("</th>"));
      h.append("</tr>\n");
      for (int e = Math.max(0, epochs - TABLE_ROWS); e < epochs; e++) {
        h.append("<tr><td>").append(e + 1).append("</td>");
        for (String k : keys) {
          List<Double> v = history.get(k);
          h.append("<td>").append(e < v.size() ? String.format(Locale.ROOT, "%.4f", v.get(e)) : "").append("</td>");
        }
        h.append("</tr>\n");
      }
      h.append("</table>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  /** The training metrics that have a value (validation ones are drawn with them). */
  private List<String> metrics() {
    List<String> out = new ArrayList<>();
    for (String k : history.keys()) {
      if (!k.startsWith(LearningCurvePlot.VALIDATION_PREFIX) && history.epochs() > 0 && !history.get(k).isEmpty()) {
        out.add(k);
      }
    }
    return out;
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
