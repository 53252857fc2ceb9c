package org.dropout4j.spark;

import java.util.List;
import java.util.Map;
import org.dropout4j.cli.experiment.ExperimentRunner;
import org.dropout4j.cli.experiment.ExperimentSpec;
import org.dropout4j.cli.experiment.TrialResult;

/** Small specs over a Keras model whose grid varies GaussianDropout's rate by layer name. */
final class SparkSpecs {
  static final ExperimentRunner.Listener QUIET = new ExperimentRunner.Listener() { };

  private SparkSpecs() {
  }

  /** {@code rates} x {@code repeats} trials of {@code epochs} epochs on circles, hidden layer of {@code units}. */
  static ExperimentSpec gaussian(String rates, int repeats, int epochs, int units) {
    return ExperimentSpec.parse("""
        name: spark-gaussian
        data: {dataset: circles, n_samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
        model:
          keras:
            class_name: Sequential
            config:
              name: circles
              layers:
                - {class_name: InputLayer, config: {name: input_layer, batch_shape: [null, 2]}}
                - {class_name: Dense, config: {name: hidden, units: %d, activation: relu}}
                - {class_name: GaussianDropout, config: {name: noise, rate: 0.0}}
                - {class_name: Dense, config: {name: output, units: 1, activation: sigmoid}}
        training: {optimizer: adam, epochs: %d, batch_size: 32}
        grid: {noise.rate: [%s]}
        repeats: %d
        seed: 3
        """.formatted(units, epochs, rates, repeats), true);
  }

  /** The records without the timing, in trial order. */
  static List<Map<String, Object>> outcomes(ExperimentRunner.Outcome o) {
    return o.results().stream().map(TrialResult::outcome).toList();
  }
}
