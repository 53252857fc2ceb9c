package org.dropout4j.callbacks;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code EarlyStopping}: stops training when a monitored metric has stopped improving.
 *
 * <p>Defaults: {@code monitor="val_loss"}, {@code min_delta=0}, {@code patience=0}, {@code mode="auto"} (max for
 * names containing "acc", min otherwise), {@code restore_best_weights=false}, {@code start_from_epoch=0}.
 *
 * <pre>{@code
 * new EarlyStopping("val_loss", 0.0, 20, "auto", true, 0)
 * }</pre>
 */
public final class EarlyStopping implements Callback {
  private final String monitor;
  private final double minDelta;
  private final int patience;
  private final boolean maximize;
  private final boolean restoreBestWeights;
  private final int startFromEpoch;

  private double best;
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
   * @throws IllegalArgumentException for a negative patience/min_delta/start or an unknown mode
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
    switch (mode) {
      case "min":
        maximize = false;
        break;
      case "max":
        maximize = true;
        break;
      case "auto":
        maximize = monitor.contains("acc") || monitor.startsWith("fmeasure") || monitor.contains("auc");
        break;
      default:
        throw new IllegalArgumentException("Invalid value for argument `mode` of EarlyStopping: expected one of "
            + "[auto, min, max], received mode=" + mode);
    }
    this.monitor = monitor;
    this.minDelta = minDelta;
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
    best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    wait = 0;
    stoppedEpoch = -1;
    bestWeights = null;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
    Double current = logs.get(monitor);
    if (current == null) {
      throw new IllegalStateException("EarlyStopping monitors '" + monitor + "', which is not among the epoch's "
          + "metrics " + logs.keySet() + " (use validation data for val_ metrics)");
    }
    if (epoch < startFromEpoch) {
      return;
    }
    wait++;
    boolean improved = maximize ? current - minDelta > best : current + minDelta < best;
    if (improved) {
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
