package org.dropout4j.callbacks;

import java.io.PrintStream;
import java.util.Map;

/**
 * Keras' {@code ReduceLROnPlateau}: when {@code monitor} has not improved by {@code min_delta} for
 * {@code patience} epochs, the learning rate is multiplied by {@code factor} (not below {@code min_lr}), then
 * {@code cooldown} epochs pass before counting again. Every epoch logs the learning rate it ran with as
 * {@code learning_rate}. Defaults: {@code monitor="val_loss", factor=0.1, patience=10, mode="auto",
 * min_delta=1e-4, cooldown=0, min_lr=0}.
 */
public final class ReduceLROnPlateau implements Callback {
  private final Monitor monitor;
  private final double factor;
  private final int patience;
  private final int cooldown;
  private final double minLr;
  private final int verbose;
  private final PrintStream out;
  private Double best;
  private int wait;
  private int cooldownCounter;

  /** {@code ReduceLROnPlateau(monitor, factor, patience)} with Keras' other defaults. */
  public ReduceLROnPlateau(String monitor, double factor, int patience) {
    this(monitor, factor, patience, "auto", 1e-4, 0, 0.0, 0);
  }

  /**
   * @param monitor the logged value to watch, e.g. {@code val_loss}
   * @param factor the multiplier, in {@code (0, 1)}
   * @param patience epochs without improvement before a reduction, {@code >= 0}
   * @param mode {@code auto}, {@code min} or {@code max}
   * @param minDelta the smallest change that counts as an improvement
   * @param cooldown epochs after a reduction before counting again, {@code >= 0}
   * @param minLr the lower bound of the learning rate, {@code >= 0}
   * @param verbose 0 = quiet, 1 = a line per reduction on standard output
   * @throws IllegalArgumentException for values out of range (Keras: "does not support a factor &gt;= 1.0")
   */
  public ReduceLROnPlateau(String monitor, double factor, int patience, String mode, double minDelta, int cooldown,
      double minLr, int verbose) {
    this.monitor = new Monitor("ReduceLROnPlateau", monitor, mode, minDelta);
    if (!(factor < 1.0)) {
      throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0. Received factor="
          + factor);
    }
    if (!(factor > 0) || patience < 0 || cooldown < 0 || !(minLr >= 0)) {
      throw new IllegalArgumentException("Invalid arguments of ReduceLROnPlateau: expected factor > 0, patience >= 0,"
          + " cooldown >= 0 and min_lr >= 0, received factor=" + factor + ", patience=" + patience + ", cooldown="
          + cooldown + ", min_lr=" + minLr);
    }
    this.factor = factor;
    this.patience = patience;
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.verbose = verbose;
    this.out = System.out;
  }

  @Override
  public void onTrainBegin(TrainingControl control) {
    best = null;
    wait = 0;
    cooldownCounter = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
    logs.put("learning_rate", control.learningRate());
    Double current = logs.get(monitor.monitor());
    if (current == null) {
      throw new IllegalStateException("ReduceLROnPlateau: learning rate reduction is conditioned on metric `"
          + monitor.monitor() + "` which is not available. Available metrics are: " + logs.keySet());
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    if (monitor.improves(current, best)) {
      best = current;
      wait = 0;
    } else if (cooldownCounter <= 0) {
      wait++;
      if (wait >= patience) {
        double old = control.learningRate();
        if (old > (float) minLr) {
          double lr = Math.max(old * factor, minLr);
          control.setLearningRate(lr);
          if (verbose > 0) {
            out.println();
            out.println("Epoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to " + lr + ".");
          }
          cooldownCounter = cooldown;
          wait = 0;
        }
      }
    }
  }
}
