package org.dropout4j.examples;

import java.util.Arrays;

/** Whether an example runs shortened: the argument {@code --quick} or {@code DROPOUT4J_EXAMPLES_QUICK=1}. */
final class Quick {
  /** The environment variable that shortens every example. */
  static final String ENV = "DROPOUT4J_EXAMPLES_QUICK";

  private Quick() {
  }

  static boolean isOn(String[] args) {
    return Arrays.asList(args).contains("--quick") || "1".equals(System.getenv(ENV));
  }
}
