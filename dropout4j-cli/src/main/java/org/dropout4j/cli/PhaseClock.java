package org.dropout4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Wall-clock phases of a command, for measuring where a whole process's time goes: each {@link #mark} closes the
 * phase since the previous mark, the first one since the process started (the operating system's start time of the
 * process, so the JVM's own start-up is in it; about 10 ms resolution). Off unless the system property given to
 * {@link #fromProperty} is {@code true}; then {@link #report} prints one line.
 */
final class PhaseClock {
  private final boolean on;
  private final List<String> phases = new ArrayList<>();
  private long last;

  private PhaseClock(boolean on) {
    this.on = on;
    if (on) {
      last = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli())
          .orElse(System.currentTimeMillis());
    }
  }

  /** A clock that runs when the system property {@code name} is {@code true}. */
  static PhaseClock fromProperty(String name) {
    return new PhaseClock(Boolean.getBoolean(name));
  }

  /** Ends the phase called {@code name} now. */
  void mark(String name) {
    if (on) {
      long now = System.currentTimeMillis();
      phases.add(String.format(Locale.ROOT, "%s %d ms", name, now - last));
      last = now;
    }
  }

  /** Prints {@code phases: NAME N ms, ...} to {@code out} if the clock runs. */
  void report(PrintStream out) {
    if (on) {
      out.println("phases: " + String.join(", ", phases));
    }
  }
}
