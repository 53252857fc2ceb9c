package org.dropout4j.callbacks;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code EarlyStopping}: stops training when a monitored metric has stopped improving.
 *
 * <p>Defaults: {@code monitor="val_loss"}, {@code min_delta=0}, {@code patience=0}, {@code mode="auto"} (as Keras 3's
 * {@code MonitorCallback}, see {@link Monitor}: max for accuracies, AUC, precision, recall and F1, min for losses
 * and error metrics), {@code restore_best_weights=false}, {@code start_from_epoch=0}.
 *
 * <pre>{@code
 * new EarlyStopping("val_loss", 0.0, 20, "auto", true, 0)
 * }</pre>
 */
public final class EarlyStopping implements Callback {
  private final Monitor monitor;
  private final int patience;
  private final boolean restoreBestWeights;
  private final int startFromEpoch;

  private Double best;
  private int wait;
  private int stoppedEpoch = -1;
  private List<float[]> bestWeights;

  /** {@code EarlyStopping(monitor, patience)} with the other defaults. */
  public EarlyStopping(String monitor, int patience) {
    this(monitor, 0.0, patience, "auto", false, 0);
  }

  /**
   * @param monitor the metric to watch, e.g. {@code val_loss}
   * @param minDelta the smallest change that counts as improvement, {@code >= 0}
   * @param patience epochs without improvement before stopping, {@code >= 0}
   * @param mode {@code auto}, {@code min} or {@code max}
   * @param restoreBestWeights whether to restore the best epoch's weights at the end
   * @param startFromEpoch epochs to wait before monitoring starts, {@code >= 0}
   * @throws IllegalArgumentException for a negative patience/min_delta/start, an unknown mode, or mode
   *     {@code auto} with a metric it cannot place
   */
  public EarlyStopping(String monitor, double minDelta, int patience, String mode, boolean restoreBestWeights,
      int startFromEpoch) {
    if (patience < 0) {
      throw new IllegalArgumentException("Invalid value for argument `patience` of EarlyStopping: expected an "
          + "integer >= 0, received patience=" + patience);
    }
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("Invalid value for argument `min_delta` of EarlyStopping: expected a "
          + "float >= 0, received min_delta=" + minDelta);
    }
    if (startFromEpoch < 0) {
      throw new IllegalArgumentException("Invalid value for argument `start_from_epoch` of EarlyStopping: expected "
          + "an integer >= 0, received start_from_epoch=" + startFromEpoch);
    }
    this.monitor = new Monitor("EarlyStopping", monitor, mode, minDelta);
    this.patience = patience;
    this.restoreBestWeights = restoreBestWeights;
    this.startFromEpoch = startFromEpoch;
  }

  /** The epoch (0-based) at which training was stopped, or -1 if it ran to the end. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  @Override
  public void onTrainBegin(TrainingControl control) {
    best = null;
    wait = 0;
    stoppedEpoch = -1;
    bestWeights = null;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
    Double current = logs.get(monitor.monitor());
    if (current == null) {
      throw new IllegalStateException("EarlyStopping monitors '" + monitor.monitor() + "', which is not among the "
          + "epoch's metrics " + logs.keySet() + " (use validation data for val_ metrics)");
    }
    if (epoch < startFromEpoch) {
      return;
    }
    wait++;
    if (monitor.improves(current, best)) {
      best = current;
      wait = 0;
      if (restoreBestWeights) {
        bestWeights = control.snapshotWeights();
      }
      return;
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      control.requestStop();
    }
  }

  @Override
  public void onTrainEnd(TrainingControl control) {
    if (restoreBestWeights && bestWeights != null && stoppedEpoch >= 0) {
      control.restoreWeights(bestWeights);
    }
  }
}
