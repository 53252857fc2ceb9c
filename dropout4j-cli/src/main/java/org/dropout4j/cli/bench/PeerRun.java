package org.dropout4j.cli.bench;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What running a peer script gave: its results, or why there are none.
 *
 * <p>A missing peer is an ordinary outcome, not an exception: a benchmark reports
 * {@code peer unavailable: ...} and goes on with the other peers.
 *
 * @param status whether the peer ran, was not installed, or failed
 * @param interpreter the Python interpreter used, empty if none could import torch
 * @param <R> the type of a parsed result line ({@link PeerResult} for circles, {@link TrainingPeerResult} for the
 *     Fashion-MNIST trainings)
 * @param results the parsed {@code RESULT} lines (possibly some, when the script failed part way)
 * @param message a one-paragraph explanation for a person; empty when {@code status} is {@link Status#OK}
 * @param output the script's combined stdout and stderr (empty if it did not start)
 */
public record PeerRun<R>(
    Status status, Optional<String> interpreter, List<R> results, String message, String output) {

  /** The outcome of a peer run. */
  public enum Status {
    /** The script exited 0 and printed at least one result. */
    OK,
    /** No interpreter could import torch; nothing was run. */
    UNAVAILABLE,
    /** The script timed out, exited non-zero, printed no result or a malformed one. */
    FAILED
  }

  /** Checks the components and copies the result list. */
  public PeerRun {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(interpreter, "interpreter");
    results = List.copyOf(results);
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(output, "output");
  }

  /** Whether the peer ran to completion. */
  public boolean ok() {
    return status == Status.OK;
  }
}
