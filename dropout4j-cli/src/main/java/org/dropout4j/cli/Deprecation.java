package org.dropout4j.cli;

/**
 * Old option spellings: each command keeps its former names as hidden aliases (not in help or completion) that
 * still work and print one line on standard error naming the current spelling.
 */
final class Deprecation {
  private Deprecation() {
  }

  /** Prints {@code warning: --old is deprecated; use --current}. */
  static void warn(String old, String current) {
    System.err.println("warning: " + old + " is deprecated; use " + current + " (same meaning)");
  }
}
