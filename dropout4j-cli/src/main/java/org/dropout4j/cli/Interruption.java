package org.dropout4j.cli;

import java.util.function.Supplier;

/**
 * What a command says when it is stopped by SIGINT (Ctrl-C) or SIGTERM: a JVM shutdown hook, registered while the
 * command runs, prints to standard error what was kept and how to resume. Closing it (at the end of a normal run)
 * removes the hook, so nothing is printed then.
 *
 * <pre>{@code
 * try (Interruption stop = Interruption.onStop(() -> done + " of " + total + " trials kept in " + out
 *     + "; run the same command again to resume")) {
 *   runner.run(...);
 * }
 * }</pre>
 */
final class Interruption implements AutoCloseable {
  private final Thread hook;

  private Interruption(Thread hook) {
    this.hook = hook;
  }

  /** Registers {@code message}, evaluated when the JVM is stopped before {@link #close()}. */
  static Interruption onStop(Supplier<String> message) {
    Thread hook = new Thread(() -> {
      System.err.println();
      System.err.println("interrupted: " + message.get());
      System.err.flush();
    }, "dropout4j-interrupt-report");
    Runtime.getRuntime().addShutdownHook(hook);
    return new Interruption(hook);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (or ran)
    }
  }
}
