package org.dropout4j.cli.experiment;

import java.util.Locale;
import java.util.Map;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.TrainingControl;

/**
 * A training callback that tells an {@link ExperimentRunner.Listener} how far one trial's training is, batch by
 * batch, so that a progress bar moves within a long trial and within an epoch. It reports at most
 * {@value #STEPS} times per trial (when the fraction done crosses the next step), so listeners stay cheap.
 */
final class TrialProgress implements Callback {
  /** Reports per trial, at most. */
  static final int STEPS = 1000;

  private final Trial trial;
  private final String label;
  private final int epochs;
  private final int batches;
  private final ExperimentRunner.Listener listener;
  private int epoch;
  private long lastStep;

  /**
   * @param batches batches per epoch, {@code >= 1}
   */
  TrialProgress(Trial trial, String label, int epochs, int batches, ExperimentRunner.Listener listener) {
    this.trial = trial;
    this.label = label;
    this.epochs = epochs;
    this.batches = Math.max(1, batches);
    this.listener = listener;
  }

  @Override
  public void onEpochBegin(int e, TrainingControl control) {
    epoch = e;
  }

  @Override
  public void onBatchEnd(int batch, Map<String, Double> logs, TrainingControl control) {
    double fraction = ((double) epoch * batches + batch + 1) / ((double) epochs * batches);
    long step = (long) (fraction * STEPS); // reported when it reaches 1, 2, ..., STEPS
    if (step <= lastStep) {
      return;
    }
    lastStep = step;
    listener.progress(trial, fraction, String.format(Locale.ROOT, "%s seed %d: epoch %d/%d", label, trial.seed(),
        epoch + 1, epochs) + (batches > 1 ? String.format(Locale.ROOT, " batch %d/%d", batch + 1, batches) : ""));
  }
}
