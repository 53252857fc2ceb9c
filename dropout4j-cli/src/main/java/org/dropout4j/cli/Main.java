package org.dropout4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dropout4j} command. Subcommands: {@code circles} (the dropout case study), {@code data} (toy data
 * sets as CSV), {@code bench} (speed against PyTorch), {@code convert} (.d4j and TF.js models).
 */
@Command(name = "dropout4j", mixinStandardHelpOptions = true, version = "dropout4j 0.1.0",
    description = "Dropout-centred deep learning in Java with a Keras-style API.",
    subcommands = {CirclesCommand.class, DataCommand.class, UncertaintyCommand.class, ConvertCommand.class,
        BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit status (0 = success, 1 = error, 2 = usage). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
          || ex instanceof java.io.IOException) {
        commandLine.getErr().println("error: " + ex.getMessage());
        return 1;
      }
      throw ex;
    });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
