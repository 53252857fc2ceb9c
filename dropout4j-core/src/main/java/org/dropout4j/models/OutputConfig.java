package org.dropout4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.losses.Loss;
import org.dropout4j.metrics.Metrics;

/** The compile settings of a model with several outputs: a loss, a loss weight and metric names per output. */
final class OutputConfig {
  private final List<Loss> losses;
  private final double[] weights;
  private final List<List<String>> metrics;

  private OutputConfig(List<Loss> losses, double[] weights, List<List<String>> metrics) {
    this.losses = losses;
    this.weights = weights;
    this.metrics = metrics;
  }

  /** Settings in output order; {@code lossWeights} may be {@code null} (1 each). */
  static OutputConfig of(Model model, List<Loss> losses, List<Double> lossWeights, List<List<String>> metrics) {
    int n = model.outputCount();
    if (losses.size() != n || (lossWeights != null && lossWeights.size() != n)) {
      throw new IllegalArgumentException("model \"" + model.name() + "\" has " + n + " outputs "
          + model.outputNames() + ", received " + losses.size() + " losses"
          + (lossWeights == null ? "" : " and " + lossWeights.size() + " loss_weights"));
    }
    double[] w = new double[n];
    for (int k = 0; k < n; k++) {
      w[k] = lossWeights == null ? 1.0 : lossWeights.get(k);
      if (losses.get(k) == null || !(w[k] >= 0 && Double.isFinite(w[k]))) {
        throw new IllegalArgumentException("Invalid loss or loss_weights entry for output \"" + model.outputName(k)
            + "\" of model \"" + model.name() + "\": expected a loss and a finite weight >= 0, received loss="
            + losses.get(k) + ", loss_weight=" + w[k]);
      }
      for (String m : metrics.get(k)) {
        Metrics.resolve(m); // validates the name
      }
    }
    List<List<String>> ms = new ArrayList<>();
    for (List<String> m : metrics) {
      ms.add(List.copyOf(m));
    }
    return new OutputConfig(List.copyOf(losses), w, List.copyOf(ms));
  }

  /** Settings by output name, Keras' dict form. */
  static OutputConfig byName(Model model, Map<String, Loss> losses, Map<String, Double> lossWeights,
      Map<String, List<String>> metrics) {
    List<String> names = model.outputNames();
    requireOutputNames(model, losses, "loss", names);
    requireOutputNames(model, lossWeights, "loss_weights", names);
    requireOutputNames(model, metrics, "metrics", names);
    List<Loss> list = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    List<List<String>> ms = new ArrayList<>();
    for (String out : names) {
      if (!losses.containsKey(out)) {
        throw new IllegalArgumentException("model \"" + model.name() + "\": no loss for output \"" + out
            + "\"; the outputs are " + names + ", received losses for " + losses.keySet());
      }
      list.add(losses.get(out));
      weights.add(lossWeights == null ? 1.0 : lossWeights.getOrDefault(out, 1.0));
      ms.add(metrics == null ? List.of() : metrics.getOrDefault(out, List.of()));
    }
    return of(model, list, weights, ms);
  }

  private static void requireOutputNames(Model model, Map<String, ?> map, String argument, List<String> names) {
    if (map == null) {
      return;
    }
    for (String key : map.keySet()) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException("Invalid key \"" + key + "\" in argument `" + argument + "` of model \""
            + model.name() + "\": expected an output name, one of " + names);
      }
    }
  }

  Loss loss(int k) {
    return losses.get(k);
  }

  double weight(int k) {
    return weights[k];
  }

  List<String> metrics(int k) {
    return metrics.get(k);
  }
}
