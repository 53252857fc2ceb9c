package org.dropout4j.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with elapsed time and ETA, redrawn in place on standard error at most every
 * {@value #INTERVAL_MS} ms: {@code trainings [=========>          ] 12/40  0:03 elapsed  ETA 0:07  loss 0.41}.
 * A {@linkplain #fractional fractional} bar counts items in tenths ({@code 12.4/40}), for parallel tasks that report
 * how far along they are. A disabled bar draws nothing, so callers need no checks. The updating methods are
 * synchronized, so worker threads may call them.
 */
final class ProgressLine implements AutoCloseable {
  /** Smallest time between two redraws. */
  static final long INTERVAL_MS = 200;
  private static final int WIDTH = 24;
  /** Units per item of a fractional bar. */
  static final int FRACTION_UNITS = 1000;

  private final PrintStream out;
  private final boolean enabled;
  private final String task;
  private final int units;
  private final long start = System.nanoTime();
  private final long total;
  private long done;
  private long lastDraw;
  private int drawn;
  private String message;
  private long intervalMs = INTERVAL_MS;

  ProgressLine(String task, long total, boolean enabled) {
    this(task, total, enabled, System.err);
  }

  ProgressLine(String task, long total, boolean enabled, PrintStream out) {
    this(task, total, 1, enabled, out);
  }

  private ProgressLine(String task, long total, int units, boolean enabled, PrintStream out) {
    this.task = task;
    this.total = total * units;
    this.units = units;
    this.enabled = enabled;
    this.out = out;
  }

  /**
   * A bar over {@code items} whose progress may be fractional: {@link #fraction} sets it, and it is shown to a
   * tenth of an item.
   */
  static ProgressLine fractional(String task, long items, boolean enabled, PrintStream out) {
    return new ProgressLine(task, items, FRACTION_UNITS, enabled, out);
  }

  /**
   * Sets the amount done (of the total) and redraws if the last draw is old enough (or the total is reached).
   *
   * @param message shown after the times; null keeps the last one
   */
  synchronized void update(long doneNow, String message) {
    done = doneNow;
    if (message != null) {
      this.message = message;
    }
    long now = System.nanoTime();
    if (!enabled || (now - lastDraw) / 1_000_000 < intervalMs && doneNow < total) {
      return;
    }
    lastDraw = now;
    draw(now);
  }

  /** Whether this line is drawn at all (a caller can skip building messages nobody sees). */
  boolean enabled() {
    return enabled;
  }

  /** Redraws at most every {@code ms} milliseconds instead of every {@value #INTERVAL_MS} (0 in tests: every update). */
  ProgressLine every(long ms) {
    intervalMs = ms;
    return this;
  }

  /** Sets the items done of a {@linkplain #fractional fractional} bar, e.g. 12.4 of 40. */
  synchronized void fraction(double items, String message) {
    update(Math.round(items * units), message);
  }

  /** The amount done. */
  synchronized long done() {
    return done;
  }

  /** Adds {@code n} to the amount done. */
  synchronized void step(long n, String message) {
    update(done + n, message);
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

  private void draw(long now) {
    double elapsed = (now - start) / 1e9;
    double fraction = total > 0 ? Math.min(1, (double) done / total) : 0;
    int filled = (int) Math.round(fraction * WIDTH);
    StringBuilder sb = new StringBuilder(task).append(" [");
    for (int i = 0; i < WIDTH; i++) {
      sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
    }
    sb.append("] ").append(units == 1 ? Long.toString(done) : String.format(Locale.ROOT, "%.1f", (double) done / units))
        .append('/').append(total / units).append("  ").append(clock(elapsed)).append(" elapsed");
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
