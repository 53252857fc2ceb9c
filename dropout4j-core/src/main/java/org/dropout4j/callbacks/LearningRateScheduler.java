package org.dropout4j.callbacks;

import java.io.PrintStream;
import java.util.Map;

/**
 * Keras' {@code LearningRateScheduler}: before each epoch the optimizer's learning rate becomes
 * {@code schedule(epoch, current_rate)}; after it the rate is logged as {@code learning_rate} (so it appears in the
 * History and CSV/TensorBoard logs, as in Keras).
 *
 * <pre>{@code
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1), 0)
 * }</pre>
 */
public final class LearningRateScheduler implements Callback {
  /** The learning rate of an epoch. */
  @FunctionalInterface
  public interface Schedule {
    /**
     * @param epoch 0-based epoch
     * @param learningRate the current learning rate
     * @return the learning rate for the epoch, positive and finite
     */
    double rate(int epoch, double learningRate);
  }

  private final Schedule schedule;
  private final int verbose;
  private final PrintStream out;

  /**
   * @param schedule the rate per epoch
   * @param verbose 0 = quiet, 1 = a line per change on standard output
   * @throws IllegalArgumentException if {@code schedule} is {@code null} or {@code verbose} is not 0 or 1
   */
  public LearningRateScheduler(Schedule schedule, int verbose) {
    this(schedule, verbose, System.out);
  }

  /** As {@link #LearningRateScheduler(Schedule, int)}, printing to {@code out}. */
  public LearningRateScheduler(Schedule schedule, int verbose, PrintStream out) {
    if (schedule == null || verbose < 0 || verbose > 1) {
      throw new IllegalArgumentException("LearningRateScheduler needs a schedule and verbose in {0, 1}, received "
          + "schedule=" + schedule + ", verbose=" + verbose);
    }
    this.schedule = schedule;
    this.verbose = verbose;
    this.out = out;
  }

  @Override
  public void onEpochBegin(int epoch, TrainingControl control) {
    double lr = schedule.rate(epoch, control.learningRate());
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("LearningRateScheduler: the schedule returned learning_rate=" + lr
          + " for epoch " + epoch + ", expected a positive finite float");
    }
    control.setLearningRate(lr);
    if (verbose > 0) {
      out.println();
      out.println("Epoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to " + lr + ".");
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
    logs.put("learning_rate", control.learningRate());
  }
}
