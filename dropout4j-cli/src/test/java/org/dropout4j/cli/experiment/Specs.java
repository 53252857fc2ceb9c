package org.dropout4j.cli.experiment;

/** Tiny specs for fast tests: 24 points, 8 hidden units, a few epochs. */
final class Specs {
  private Specs() {
  }

  /** Two rates x {@code repeats} on tiny circles. */
  static ExperimentSpec tiny(int repeats) {
    return ExperimentSpec.parse("""
        name: tiny
        data: {dataset: circles, n_samples: 24, noise: 0.1, random_state: 1, train_rows: 12}
        model: {hidden_units: 8}
        training: {epochs: 6, batch_size: 4}
        grid: {dropout_rate: [0, 0.5]}
        repeats: %d
        seed: 11
        """.formatted(repeats), true);
  }
}
