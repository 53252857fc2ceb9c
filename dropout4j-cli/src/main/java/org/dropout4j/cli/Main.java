package org.dropout4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dropout4j} command. Subcommands: {@code circles} (the dropout case study), {@code experiment},
 * {@code grid} and {@code compare} (repeated overfitting studies with statistics and a report), {@code uncertainty}
 * (Monte Carlo dropout heat maps), {@code data} (toy data sets as CSV), {@code convert} (.d4j and TF.js models),
 * {@code predict}, {@code evaluate} and {@code mc-predict} (predictions, loss and metrics, and Monte Carlo dropout
 * uncertainty of a saved model on .npy/.csv samples), {@code fit} (train a saved model), {@code train}
 * (Fashion-MNIST / MNIST presets), {@code bench} (speed against PyTorch).
 */
@Command(name = "dropout4j", mixinStandardHelpOptions = true, version = "dropout4j 0.1.0",
    description = "Dropout-centred deep learning in Java with a Keras-style API.",
    footer = {"", "Errors are reported as one line (exit code 1 for bad input, 2 for usage); add --debug anywhere "
        + "for the stack trace."},
    subcommands = {CirclesCommand.class, ExperimentCommand.class, GridCommand.class, CompareCommand.class,
        UncertaintyCommand.class, DataCommand.class, ConvertCommand.class, PredictCommand.class,
        McPredictCommand.class, TrainCommand.class, FitCommand.class, EvaluateCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class, picocli.AutoComplete.GenerateCompletion.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line and returns the exit status: 0 success, 1 bad input or a failed run (one line
   * {@code error: ...} on standard error), 2 usage. {@code --debug} anywhere adds the stack trace of an error.
   */
  public static int run(String... args) {
    boolean debug = false;
    java.util.List<String> rest = new java.util.ArrayList<>();
    for (String a : args) {
      if ("--debug".equals(a)) {
        debug = true;
      } else {
        rest.add(a);
      }
    }
    boolean withTrace = debug;
    CommandLine cl = new CommandLine(new Main());
    NumberOptions.register(cl);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        ErrorReport.report(ex, commandLine.getErr(), withTrace));
    try {
      return cl.execute(rest.toArray(new String[0]));
    } catch (RuntimeException | OutOfMemoryError e) {
      return ErrorReport.report(e, cl.getErr(), withTrace);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
