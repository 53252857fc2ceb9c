package org.dropout4j.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with elapsed time and ETA, redrawn in place on standard error at most every
 * {@value #INTERVAL_MS} ms: {@code trainings [=========>          ] 12/40  0:03 elapsed  ETA 0:07  loss 0.41}.
 * A disabled bar draws nothing, so callers need no checks. Not thread-safe for concurrent updates beyond the
 * synchronized methods here.
 */
final class ProgressLine implements AutoCloseable {
  /** Smallest time between two redraws. */
  static final long INTERVAL_MS = 200;
  private static final int WIDTH = 24;

  private final PrintStream out;
  private final boolean enabled;
  private final String task;
  private final long start = System.nanoTime();
  private long total;
  private long done;
  private long lastDraw;
  private int drawn;

  ProgressLine(String task, long total, boolean enabled) {
    this(task, total, enabled, System.err);
  }

  ProgressLine(String task, long total, boolean enabled, PrintStream out) {
    this.task = task;
    this.total = total;
    this.enabled = enabled;
    this.out = out;
  }

  /** Sets the amount done (of the total) and redraws if the last draw is old enough. */
  synchronized void update(long doneNow, String message) {
    done = doneNow;
    long now = System.nanoTime();
    if (!enabled || (now - lastDraw) / 1_000_000 < INTERVAL_MS && doneNow < total) {
      return;
    }
    lastDraw = now;
    draw(message, now);
  }

  /** Adds {@code n} to the amount done. */
  synchronized void step(long n, String message) {
    update(done + n, message);
  }

  /** Changes the total (e.g. when a count is learnt). */
  synchronized void total(long value) {
    total = value;
  }

  /** Erases the bar, so a line can be printed where it was; the next update draws it again. */
  synchronized void clear() {
    if (enabled && drawn > 0) {
      out.print("\r" + " ".repeat(drawn) + "\r");
      out.flush();
      drawn = 0;
      lastDraw = 0;
    }
  }

  /** Seconds since the bar was made. */
  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  private void draw(String message, long now) {
    double elapsed = (now - start) / 1e9;
    double fraction = total > 0 ? Math.min(1, (double) done / total) : 0;
    int filled = (int) Math.round(fraction * WIDTH);
    StringBuilder sb = new StringBuilder(task).append(" [");
    for (int i = 0; i < WIDTH; i++) {
      sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
    }
    sb.append("] ").append(done).append('/').append(total).append("  ").append(clock(elapsed)).append(" elapsed");
    if (done > 0 && done < total) {
      sb.append("  ETA ").append(clock(elapsed / done * (total - done)));
    }
    if (message != null && !message.isEmpty()) {
      sb.append("  ").append(message);
    }
    String line = sb.toString();
    out.print("\r" + line + (line.length() < drawn ? " ".repeat(drawn - line.length()) : ""));
    out.flush();
    drawn = line.length();
  }

  /** {@code m:ss} or {@code h:mm:ss}. */
  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** Erases the bar. */
  @Override
  public void close() {
    clear();
  }
}
