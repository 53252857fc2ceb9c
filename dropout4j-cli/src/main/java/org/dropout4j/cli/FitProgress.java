package org.dropout4j.cli;

import java.util.Locale;
import java.util.Map;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.TrainingControl;

/**
 * A training callback that drives a {@link ProgressLine} over every batch of every epoch (so the ETA is the whole
 * run's) and shows the epoch, the batch and the running metrics; it erases the bar at each epoch's end, so the
 * per-epoch line {@code fit} prints there stands alone. With an unknown number of batches per epoch (a streamed
 * data set) the bar counts epochs.
 */
final class FitProgress implements Callback {
  private final ProgressLine bar;
  private final int epochs;
  private final int batches;
  private final boolean epochLines;
  private int epoch;

  /**
   * @param bar the bar, with a total of {@code epochs * batches} ({@code epochs} if {@code batches <= 0})
   * @param batches batches per epoch, 0 if unknown
   * @param epochLines whether {@code fit} prints a line per epoch (verbose 2): the bar is erased before it
   */
  FitProgress(ProgressLine bar, int epochs, int batches, boolean epochLines) {
    this.bar = bar;
    this.epochLines = epochLines;
    this.epochs = epochs;
    this.batches = batches;
  }

  @Override
  public void onEpochBegin(int e, TrainingControl control) {
    epoch = e;
  }

  @Override
  public void onBatchEnd(int batch, Map<String, Double> logs, TrainingControl control) {
    StringBuilder m = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d batch %d/%s", epoch + 1, epochs,
        batch + 1, batches > 0 ? Integer.toString(batches) : "?"));
    logs.forEach((k, v) -> m.append(String.format(Locale.ROOT, " %s %.4f", k, v)));
    bar.update(batches > 0 ? (long) epoch * batches + batch + 1 : epoch, m.toString());
  }

  @Override
  public void onEpochEnd(int e, Map<String, Double> logs, TrainingControl control) {
    if (batches <= 0) {
      bar.update(e + 1, null);
    }
    if (epochLines) {
      bar.clear();
    }
  }

  @Override
  public void onTrainEnd(TrainingControl control) {
    bar.clear();
  }
}
