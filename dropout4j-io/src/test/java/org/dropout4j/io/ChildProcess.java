package org.dropout4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program the tests drive (real Keras in a Python interpreter), its output and errors into a log file. */
final class ChildProcess {
  private ChildProcess() {
  }

  /**
   * Runs {@code cmd} for at most 300 seconds.
   *
   * @return the program's exit code, or -1 when it could not start (no such program) or ran out of time
   */
  static int run(List<String> cmd, Path log) throws IOException, InterruptedException {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1; // no such program
    }
  }
}
