package org.dropout4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the launcher's class-data-sharing archive, not a user command: short versions of the commands
 * whose start-up the archive covers, run one after another in this JVM on small data in a folder of their own, so
 * that a JVM started with {@code -XX:DumpLoadedClassList} (JDK 17-24, for a static archive) or
 * {@code -XX:AOTCacheOutput} (JDK 25 and later) records every class they load: {@code circles} (trainings, plots,
 * files and the TF.js export), {@code convert}, {@code data}, {@code predict} and {@code mc-predict} (model file,
 * CSV input, the Monte Carlo passes and summaries, CSV output).
 *
 * <p>A dynamic archive of one short {@code circles} run (the launcher's archive until 2026-12-03) held none of the
 * classes {@code mc-predict} loads beyond {@code circles}' and, on JDK 17, none of picocli's (class files older than
 * Java 6 are left out of a dynamic archive): 546 of the 2,527 classes of the circles {@code mc-predict} case came from
 * the jars, against 77 (lambda forms and proxies, which no archive holds) with the static archive of this run.
 *
 * <p>Exits with status 0 when every command succeeded, else 1 with a line naming the first command that failed (the
 * launcher then keeps no archive).
 *
 * <pre>{@code
 * java -XX:DumpLoadedClassList=classes -cp dropout4j-cli.jar org.dropout4j.cli.ArchiveTraining /tmp/work
 * }</pre>
 */
public final class ArchiveTraining {
  /** Epochs of each {@code circles} training: enough to run every step once, plots included. */
  static final int EPOCHS = 20;
  /** Rows of the inputs of {@code predict} and {@code mc-predict}. */
  static final int ROWS = 64;
  /** Monte Carlo passes of {@code mc-predict}. */
  static final int PASSES = 4;

  private ArchiveTraining() {
  }

  /**
   * Runs the training in folder {@code args[0]} (created if missing) and exits with its status.
   *
   * @param args the work folder
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: ArchiveTraining WORK_DIR");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0])));
  }

  /**
   * Runs every command of {@link #commands} in turn, writing the inputs of {@code predict} and {@code mc-predict}
   * (the first two columns of the {@code data} command's CSV) before the first of them.
   *
   * @return 0 when every command returned 0, else 1 after a line on standard error naming the command
   */
  static int run(Path work) {
    try {
      Files.createDirectories(work);
      for (List<String> command : commands(work)) {
        if (command.get(0).equals("predict") && !Files.exists(inputs(work))) {
          writeInputs(work);
        }
        int status = Main.run(command.toArray(new String[0]));
        if (status != 0) {
          System.err.println("archive training: `dropout4j " + String.join(" ", command) + "` exited with status "
              + status);
          return 1;
        }
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      System.err.println("archive training in " + work + " failed: " + e);
      return 1;
    }
  }

  /** The command lines, in the order they run; files go to and come from {@code work}. */
  static List<List<String>> commands(Path work) {
    String w = work.toString();
    String model = w + "/m.d4j";
    String x = inputs(work).toString();
    List<List<String>> commands = new ArrayList<>();
    commands.add(List.of("--version"));
    commands.add(List.of("circles", "--epochs", String.valueOf(EPOCHS), "--no-progress", "--out", w + "/circles",
        "--export-tfjs", w + "/tfjs"));
    commands.add(List.of("convert", "--input-format=tfjs", "--output-format=dropout4j", w + "/tfjs/dropout", model));
    commands.add(List.of("data", "circles", "--samples", String.valueOf(ROWS), "--noise", "0.1", "--seed", "1",
        "--output", data(work).toString()));
    commands.add(List.of("predict", model, "--x", x, "--output", w + "/predict.csv"));
    commands.add(List.of("mc-predict", model, "--x", x, "--passes", String.valueOf(PASSES), "--seed", "1",
        "--no-progress", "--output", w + "/mc.csv"));
    return commands;
  }

  private static Path data(Path work) {
    return work.resolve("circles.csv");
  }

  private static Path inputs(Path work) {
    return work.resolve("x.csv");
  }

  /** {@code x.csv}: every column of the {@code data} command's CSV but the last (the label). */
  private static void writeInputs(Path work) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : Files.readAllLines(data(work), StandardCharsets.UTF_8)) {
      int comma = line.lastIndexOf(',');
      if (comma < 0) {
        throw new IOException(data(work) + ": expected comma-separated columns, found \"" + line + "\"");
      }
      sb.append(line, 0, comma).append('\n');
    }
    Files.writeString(inputs(work), sb.toString(), StandardCharsets.UTF_8);
  }
}
