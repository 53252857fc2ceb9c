package org.dropout4j.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress of tasks that run in parallel and say how far along they are (trainings, experiment trials): one
 * {@linkplain ProgressLine#fractional fractional} bar whose count is the finished tasks plus the fractions of the
 * running ones, so that a single long training moves the bar and its ETA too. Thread-safe.
 */
final class ParallelProgress implements AutoCloseable {
  private final ProgressLine bar;
  private final Map<Object, Double> running = new HashMap<>();
  private int finished;

  /**
   * @param task the bar's name, e.g. {@code trials}
   * @param tasks how many tasks this bar counts
   */
  ParallelProgress(String task, int tasks, boolean enabled) {
    this(ProgressLine.fractional(task, tasks, enabled, System.err));
  }

  /** A bar on {@code out} that redraws at every update (for tests). */
  ParallelProgress(String task, int tasks, boolean enabled, PrintStream out) {
    bar = ProgressLine.fractional(task, tasks, enabled, out).every(0);
  }

  private ParallelProgress(ProgressLine bar) {
    this.bar = bar;
  }

  /** Draws the bar at its current count (e.g. 0 before anything ran). */
  synchronized void show(String message) {
    redraw(message);
  }

  /**
   * Task {@code key} is {@code fraction} (0..1) done.
   *
   * @param message what it is doing, e.g. {@code dropout 0.4 seed 3: epoch 12/40}; null keeps the last message
   */
  synchronized void running(Object key, double fraction, String message) {
    running.put(key, Math.max(0, Math.min(1, fraction)));
    redraw(message);
  }

  /** Task {@code key} is done (whether it reported fractions before or not). */
  synchronized void finished(Object key, String message) {
    running.remove(key);
    finished++;
    redraw(message);
  }

  /** Whether the bar is drawn at all: when not, callers need not format {@link #running}'s messages. */
  boolean enabled() {
    return bar.enabled();
  }

  /** Tasks finished so far. */
  synchronized int finishedCount() {
    return finished;
  }

  /** Erases the bar, so a line can be printed where it was. */
  void clear() {
    bar.clear();
  }

  private void redraw(String message) {
    double done = finished;
    for (double f : running.values()) {
      done += f;
    }
    bar.fraction(done, message);
  }

  @Override
  public void close() {
    bar.close();
  }
}
