package org.dropout4j.cli;

import java.io.Console;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dropout4j.cli.report.SummaryJson;
import picocli.CommandLine.Option;

/**
 * What every command's output options share (a picocli mixin): {@code --json} for machine-readable standard output,
 * and {@code --progress} / {@code --no-progress} for the progress bar on standard error.
 *
 * <p>With {@code --json}, standard output carries exactly one JSON object (the command's results, as in its
 * {@code summary.json} where it writes one) and everything a person reads goes to standard error. Without it, the
 * human-readable report is on standard output. The progress bar is drawn on standard error only when that is a
 * terminal, unless {@code --progress} asks for it anyway; {@code --no-progress} turns it off.
 */
final class CliOutput {
  @Option(names = "--json", description = "print the results as one JSON object on standard output (the report a "
      + "person reads goes to standard error)")
  boolean json;

  @Option(names = "--progress", description = "draw the progress bar on standard error even when it is not a "
      + "terminal (default: only on a terminal)")
  boolean progress;

  @Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  /** Whether to draw progress: never with {@code --no-progress}, always with {@code --progress}, else on a terminal. */
  boolean showProgress() {
    if (noProgress) {
      return false;
    }
    return progress || onTerminal();
  }

  /**
   * Runs a command body. With {@code --json} the body's standard output is sent to standard error and the map it
   * returns is printed as JSON on the real standard output; without it the map is ignored.
   *
   * @return the exit code, 0
   */
  int run(Callable<Map<String, Object>> body) throws Exception {
    if (!json) {
      body.call();
      return 0;
    }
    PrintStream stdout = System.out;
    Map<String, Object> result;
    System.setOut(System.err);
    try {
      result = body.call();
    } finally {
      System.setOut(stdout);
    }
    stdout.print(SummaryJson.format(result));
    stdout.flush();
    return 0;
  }

  /** True if standard error and standard output reach a terminal (JDK 17: a console exists only then). */
  static boolean onTerminal() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try { // JDK 22+ returns a console for redirected streams too, and says whether it is a terminal
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
