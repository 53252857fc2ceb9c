package org.dropout4j.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of the commands that do one piece of work and report it (picocli reads the annotated fields of a
 * superclass too): the output options ({@link CliOutput}: {@code --json}, {@code --progress}) and the command's
 * spec for usage errors. {@link #call()} checks the options ({@link #checkOptions()}: a bad value is a usage error,
 * exit code 2, before anything runs), then runs {@link #execute()} through {@link CliOutput#run}.
 */
abstract class CliCommand implements Callable<Integer> {
  @Mixin
  CliOutput output = new CliOutput();

  @Spec
  CommandSpec command;

  @Override
  public final Integer call() throws Exception {
    checkOptions();
    return output.run(this::execute);
  }

  /**
   * Checks option values that picocli cannot (ranges, combinations).
   *
   * @throws picocli.CommandLine.ParameterException for a bad value
   */
  void checkOptions() {
  }

  /** The command's work: prints its report and returns the results {@code --json} prints. */
  abstract Map<String, Object> execute() throws Exception;
}
