package org.dropout4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.losses.Loss;
import org.dropout4j.models.Model;
import org.dropout4j.optimizers.Optimizer;

/**
 * A compiled model's Keras 3 {@code compile_config} (what {@code model.get_compile_config()} returns): the optimizer
 * as a serialized Keras object, one loss per output as a serialized Keras loss (its class name and config),
 * {@code loss_weights} (a list, or {@code null} when all are 1), and the metric names (a list for one output, a map
 * by output name for several).
 */
final class KerasCompileExport {
  /** Keras' loss class for each Keras loss name dropout4j has. */
  private static final Map<String, String> LOSS_CLASSES = Map.ofEntries(
      Map.entry("binary_crossentropy", "BinaryCrossentropy"),
      Map.entry("categorical_crossentropy", "CategoricalCrossentropy"),
      Map.entry("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"),
      Map.entry("mean_squared_error", "MeanSquaredError"),
      Map.entry("mean_absolute_error", "MeanAbsoluteError"),
      Map.entry("mean_absolute_percentage_error", "MeanAbsolutePercentageError"),
      Map.entry("mean_squared_logarithmic_error", "MeanSquaredLogarithmicError"),
      Map.entry("huber_loss", "Huber"),
      Map.entry("log_cosh", "LogCosh"),
      Map.entry("kl_divergence", "KLDivergence"),
      Map.entry("poisson", "Poisson"),
      Map.entry("hinge", "Hinge"),
      Map.entry("squared_hinge", "SquaredHinge"),
      Map.entry("categorical_hinge", "CategoricalHinge"),
      Map.entry("cosine_similarity", "CosineSimilarity"),
      Map.entry("binary_focal_crossentropy", "BinaryFocalCrossentropy"),
      Map.entry("categorical_focal_crossentropy", "CategoricalFocalCrossentropy"));

  private KerasCompileExport() {
  }

  /**
   * The {@code compile_config} of a compiled model.
   *
   * @throws IllegalArgumentException if a loss has no Keras class (a custom loss)
   */
  static Map<String, Object> compileConfig(Model model) {
    Optimizer o = model.optimizer();
    List<String> outputs = model.outputNames();
    List<Object> losses = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    boolean weighted = false;
    Map<String, Object> metrics = new LinkedHashMap<>();
    boolean anyMetric = false;
    for (int k = 0; k < outputs.size(); k++) {
      losses.add(loss(model.loss(k), model.name()));
      weights.add(model.lossWeight(k));
      weighted |= model.lossWeight(k) != 1.0;
      metrics.put(outputs.get(k), List.copyOf(model.metrics(k)));
      anyMetric |= !model.metrics(k).isEmpty();
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("optimizer", KerasExport.envelope("keras.optimizers", o.className(), o.getConfig()));
    c.put("loss", losses.size() == 1 ? losses.get(0) : losses);
    c.put("loss_weights", weighted ? weights : null);
    c.put("metrics", !anyMetric ? null : outputs.size() == 1 ? metrics.get(outputs.get(0)) : metrics);
    c.put("weighted_metrics", null);
    c.put("run_eagerly", false);
    c.put("steps_per_execution", 1);
    c.put("jit_compile", false);
    return c;
  }

  private static Map<String, Object> loss(Loss loss, String model) {
    String cls = LOSS_CLASSES.get(loss.name());
    if (cls == null) {
      throw new IllegalArgumentException("cannot export the compile config of model \"" + model + "\" to Keras: "
          + "loss \"" + loss.name() + "\" has no Keras class (known: " + new java.util.TreeSet<>(
          LOSS_CLASSES.keySet()) + ")");
    }
    return KerasExport.envelope("keras.losses", cls, loss.getConfig());
  }
}
