package org.dropout4j.cli.experiment;

import java.io.IOException;
import java.util.List;

/**
 * Where an experiment's trials run: the seam between {@link ExperimentRunner} (which picks the pending trials and
 * saves every finished one into the resumable output directory) and an engine that trains them. The embedded
 * default is {@link EmbeddedEngine} (a thread pool in this JVM); the {@code dropout4j-spark} module adds Apache
 * Spark (trials as Spark tasks).
 *
 * <p><b>Contract.</b> An engine trains each pending trial with {@link ExperimentRunner#execute} (or an equal runner
 * built from the same spec, e.g. on another machine), seeded only by the trial's recorded seed, and hands each
 * output to the sink, from any thread. It may hand a trial over more than once (a retried task); the runner keeps
 * the first and ignores the others. It returns when every pending trial was handed over, and throws if it cannot
 * run them.
 */
public interface TrialEngine {
  /** Output of one trial: its result and, for repeat 0 of a trained setting, its {@code .d4j} weights, else null. */
  record Output(TrialResult result, byte[] model) {
  }

  /** Receives finished trials; thread-safe. */
  interface Sink {
    /**
     * Saves one finished trial.
     *
     * @throws IOException if saving fails (the engine stops and rethrows it)
     */
    void accept(Output output) throws IOException;
  }

  /** A short name for messages, e.g. {@code embedded (2 threads)}. */
  String describe();

  /**
   * Runs the pending trials of {@code runner}'s experiment.
   *
   * @param runner the experiment (spec, data, trial list)
   * @param pending the trials to run, in start order
   * @param sink where finished trials go
   * @throws IOException if the sink fails
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the engine cannot run the trials (e.g. its cluster is unreachable)
   */
  void run(ExperimentRunner runner, List<Trial> pending, Sink sink) throws IOException, InterruptedException;
}
