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
 *
 * <p>A command line that names a subcommand builds only that one: picocli reads every option of every registered
 * command by reflection before parsing, and constructs each command object, which for all of them loaded Jackson,
 * XChart and about 1,700 classes before a run began. Help, completion and unknown names get the full set.
 */
@Command(name = "dropout4j", mixinStandardHelpOptions = true, version = "dropout4j 0.1.0",
    description = "Dropout-centred deep learning in Java with a Keras-style API.",
    footer = {"", "Errors are reported as one line (exit code 1 for bad input, 2 for usage); add --debug anywhere "
        + "for the stack trace."})
public final class Main implements Runnable {
  /** The subcommands' names, in the order help lists them. */
  private static final java.util.List<String> COMMANDS = java.util.List.of("circles", "experiment", "grid", "compare",
      "uncertainty", "data", "convert", "predict", "mc-predict", "train", "fit", "evaluate", "bench");

  /**
   * picocli's switch for Groovy closures in annotations, which none of these commands uses: unless it is set, picocli
   * looks for Groovy's {@code Closure} class once per JVM, a failing search through every jar of the class path (17 ms
   * of CPU in {@code mc-predict}, 2026-12-03). {@link #run} sets it to {@code true} when it is not set.
   */
  static final String NO_CLOSURES = "picocli.disable.closures";

  /** A new command object for one of {@link #COMMANDS} (a switch: no class is loaded for the names not taken). */
  private static Object command(String name) {
    switch (name) {
      case "circles":
        return new CirclesCommand();
      case "experiment":
        return new ExperimentCommand();
      case "grid":
        return new GridCommand();
      case "compare":
        return new CompareCommand();
      case "uncertainty":
        return new UncertaintyCommand();
      case "data":
        return new DataCommand();
      case "convert":
        return new ConvertCommand();
      case "predict":
        return new PredictCommand();
      case "mc-predict":
        return new McPredictCommand();
      case "train":
        return new TrainCommand();
      case "fit":
        return new FitCommand();
      case "evaluate":
        return new EvaluateCommand();
      case "bench":
        return new BenchCommand();
      default:
        throw new IllegalArgumentException("no command " + name);
    }
  }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    PhaseClock.enteredMain();
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
    if (System.getProperty(NO_CLOSURES) == null) {
      System.setProperty(NO_CLOSURES, "true");
    }
    CommandLine cl = commandLine(rest);
    NumberOptions.register(cl);   // after the subcommands: picocli gives converters to those already added
    cl.setExecutionExceptionHandler(new ExceptionReport(withTrace));
    try {
      return cl.execute(rest.toArray(new String[0]));
    } catch (RuntimeException | OutOfMemoryError e) {
      return ErrorReport.report(e, cl.getErr(), withTrace);
    }
  }

  /**
   * The command line for these arguments: with only the subcommand the first word names when it names one, with
   * none for a bare {@code --version}, else with every subcommand, {@code help} and {@code generate-completion}.
   */
  static CommandLine commandLine(java.util.List<String> args) {
    CommandLine cl = new CommandLine(new Main());
    String word = null;
    boolean versionOnly = !args.isEmpty();
    for (String a : args) {
      if (!a.startsWith("-")) {
        word = a;
        break;
      }
      versionOnly &= "--version".equals(a) || "-V".equals(a);
    }
    if (word != null && COMMANDS.contains(word)) {
      cl.addSubcommand(word, command(word));
    } else if (word != null || !versionOnly) {
      for (String name : COMMANDS) {
        cl.addSubcommand(name, command(name));
      }
      cl.addSubcommand(new CommandLine.HelpCommand());
      cl.addSubcommand(new picocli.AutoComplete.GenerateCompletion());
    }
    return cl;
  }

  /**
   * Reports an exception of a command ({@link ErrorReport#report}). A class, not a lambda: the static class-data
   * sharing archive of JDK 17 leaves out an interface of a class file older than Java 6 (picocli's) once a lambda
   * has linked it at dump time, and with it every class that implements it.
   */
  private static final class ExceptionReport implements CommandLine.IExecutionExceptionHandler {
    private final boolean withTrace;

    ExceptionReport(boolean withTrace) {
      this.withTrace = withTrace;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
      return ErrorReport.report(ex, commandLine.getErr(), withTrace);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
