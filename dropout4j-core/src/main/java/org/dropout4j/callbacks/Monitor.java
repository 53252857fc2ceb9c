package org.dropout4j.callbacks;

import java.util.List;

/**
 * Which way a monitored value improves, as Keras' {@code MonitorCallback}: {@code min}, {@code max}, or
 * {@code auto}, which minimises {@code loss}/{@code val_loss} and the error metrics and maximises the metrics that
 * go up (accuracies, AUC, precision, recall, F1), and refuses a name it cannot place. An improvement is
 * {@code current - min_delta > best} (max) or {@code current + min_delta < best} (min); the first value always
 * improves. {@link EarlyStopping}, {@link ReduceLROnPlateau} and the io module's {@code ModelCheckpoint} share it.
 *
 * <pre>{@code
 * Monitor m = new Monitor("EarlyStopping", "val_accuracy", "auto", 0.0); // maximises
 * m.improves(0.91, 0.90); // true
 * }</pre>
 */
public final class Monitor {
  private static final List<String> UP = List.of("accuracy", "acc", "binary_accuracy", "categorical_accuracy",
      "sparse_categorical_accuracy", "auc", "precision", "recall", "f1_score", "top_k_categorical_accuracy",
      "sparse_top_k_categorical_accuracy");
  private static final List<String> DOWN = List.of("loss", "mae", "mean_absolute_error", "mse",
      "mean_squared_error", "root_mean_squared_error");

  private final String monitor;
  private final boolean maximize;
  private final double minDelta;

  /**
   * @param owner the callback's class name, for error messages
   * @param monitor the logged value to watch, e.g. {@code val_loss}
   * @param mode {@code auto}, {@code min} or {@code max}
   * @param minDelta the smallest change that counts as an improvement (its absolute value is used)
   * @throws IllegalArgumentException for a null monitor, an unknown mode, or {@code auto} with a name it cannot
   *     place
   */
  public Monitor(String owner, String monitor, String mode, double minDelta) {
    if (monitor == null) {
      throw new IllegalArgumentException("Invalid value for argument `monitor` of " + owner + ": expected a metric "
          + "name, received null");
    }
    this.monitor = monitor;
    this.minDelta = Math.abs(minDelta);
    switch (mode) {
      case "min":
        maximize = false;
        break;
      case "max":
        maximize = true;
        break;
      case "auto": {
        String name = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        name = name.startsWith("weighted_") ? name.substring(9) : name;
        if (UP.contains(name)) {
          maximize = true;
        } else if (DOWN.contains(name)) {
          maximize = false;
        } else {
          throw new IllegalArgumentException(owner + " callback received monitor=" + monitor + ", but cannot "
              + "determine whether that metric should be maximized or minimized. Pass mode=\"max\" in order to "
              + "monitor based on the highest metric value, or mode=\"min\" in order to use the lowest value.");
        }
        break;
      }
      default:
        throw new IllegalArgumentException("Invalid value for argument `mode` of " + owner + ": expected one of "
            + "[auto, min, max], received mode=" + mode);
    }
  }

  /** The monitored log key. */
  public String monitor() {
    return monitor;
  }

  /** Whether larger values are better. */
  public boolean maximize() {
    return maximize;
  }

  /** Whether {@code current} improves on {@code best} ({@code null}: nothing seen yet). */
  public boolean improves(double current, Double best) {
    if (best == null) {
      return true;
    }
    return maximize ? current - minDelta > best : current + minDelta < best;
  }
}
