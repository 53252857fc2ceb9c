package org.dropout4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Wall-clock phases of a command, for measuring where a whole process's time goes: each {@link #mark} closes the
 * phase since the previous mark, the first one since the process started (so the launcher script, which
 * {@code exec}s the JVM in the same process, and the JVM's own start-up are in it). Off unless the system property
 * given to {@link #fromProperty} is {@code true}; then {@link #report} prints one line, with the first phase split
 * at the JVM's start and at {@code main}.
 *
 * <p>The process's start is read on Linux as {@code /proc/uptime} minus the start time in {@code /proc/self/stat}
 * (both count from boot on the same clock, 10 ms resolution). {@link ProcessHandle.Info#startInstant()} adds the
 * boot time of {@code /proc/stat}, which the kernel gives in whole seconds: its start was up to a second early (0.93
 * s on the machine where this was found), and that was in every first phase.
 */
final class PhaseClock {
  /** Clock ticks per second of {@code /proc} ({@code USER_HZ}, 100 on every Linux architecture Java runs on). */
  static final int USER_HZ = 100;
  private static volatile long mainEntered;

  private final boolean on;
  private final List<String> phases = new ArrayList<>();
  private final long processStart;
  private long last;
  private long firstMark;

  private PhaseClock(boolean on) {
    this.on = on;
    processStart = on ? processStartMillis(System.currentTimeMillis()) : 0;
    last = processStart;
  }

  /** A clock that runs when the system property {@code name} is {@code true}. */
  static PhaseClock fromProperty(String name) {
    return new PhaseClock(Boolean.getBoolean(name));
  }

  /** Notes that {@code main} began now (one field write; read only if a clock reports). */
  static void enteredMain() {
    mainEntered = System.currentTimeMillis();
  }

  /** Ends the phase called {@code name} now. */
  void mark(String name) {
    if (on) {
      long now = System.currentTimeMillis();
      phases.add(String.format(Locale.ROOT, "%s %d ms", name, now - last));
      firstMark = firstMark == 0 ? now : firstMark;
      last = now;
    }
  }

  /**
   * Prints {@code phases: NAME N ms, ...} to {@code out} if the clock runs, and where the first phase's time went:
   * process start to JVM start (the launcher), JVM start to {@code main}, {@code main} to the first mark.
   */
  void report(PrintStream out) {
    if (on) {
      long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime(); // loaded only now, after the phases
      String split = mainEntered == 0 || firstMark == 0 ? "" : String.format(Locale.ROOT, " (first phase: launcher %d ms, JVM "
          + "start to main %d ms, main on %d ms)", jvmStart - processStart, mainEntered - jvmStart,
          firstMark - mainEntered);
      out.println("phases: " + String.join(", ", phases) + split);
    }
  }

  /** The process's start in epoch milliseconds, {@code now} minus the time since then; {@code now} if unknown. */
  static long processStartMillis(long now) {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String uptime = Files.readString(Path.of("/proc/uptime"));
      return now - ageMillis(stat, uptime);
    } catch (IOException | RuntimeException e) {
      return ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(now);
    }
  }

  /**
   * The age of a process in milliseconds from its {@code /proc/PID/stat} line and {@code /proc/uptime}: the
   * system's uptime minus field 22, the start time in clock ticks since boot. The command name (field 2, in
   * parentheses) may contain spaces and parentheses, so fields are counted after its last {@code ')'}.
   *
   * @throws IllegalArgumentException if either text is not in that format
   */
  static long ageMillis(String stat, String uptime) {
    int close = stat.lastIndexOf(')');
    String[] fields = close < 0 ? new String[0] : stat.substring(close + 1).trim().split(" ");
    // fields[0] is field 3 (state), so field 22 is fields[19]
    if (fields.length < 20) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
    }
    String up = uptime.trim().split(" ")[0];
    try {
      long ticks = Long.parseLong(fields[19]);
      return Math.round(Double.parseDouble(up) * 1000) - ticks * 1000 / USER_HZ;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("no start time in " + stat + " or uptime in " + uptime, e);
    }
  }
}
