package org.dropout4j.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.losses.Loss;
import org.dropout4j.models.Model;
import org.dropout4j.optimizers.Optimizer;

/**
 * Keras' {@code compile_config} of a model with several outputs, as Keras 3 reads it: {@code loss} one per output
 * by output name (a dict), in output order (a list), or one loss for every output; {@code loss_weights} by name, in
 * order or absent (1 each); {@code metrics} by name or a list of per-output lists (a flat list of names is refused,
 * as Keras refuses it for several outputs). {@code weighted_metrics} are not read for several outputs.
 */
final class KerasOutputsCompile {
  private KerasOutputsCompile() {
  }

  /**
   * Compiles {@code model} with per-output losses, weights and metrics, and {@code optimizer}.
   *
   * @throws IllegalArgumentException naming the key and the outputs when the config does not match the model
   */
  static void compile(Model model, Map<String, Object> config, Optimizer optimizer) {
    List<String> names = model.outputNames();
    Map<String, Loss> losses = new LinkedHashMap<>();
    Object loss = config.get("loss");
    for (Map.Entry<String, Object> e : byOutput(loss, names, "loss", true).entrySet()) {
      losses.put(e.getKey(), CompileConfigs.lossFromConfig(e.getValue() instanceof Map<?, ?> env
          && env.get("config") instanceof Map<?, ?> inner ? inner : e.getValue()));
    }
    Map<String, Double> weights = null;
    if (config.get("loss_weights") != null) {
      weights = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : byOutput(config.get("loss_weights"), names, "loss_weights", false)
          .entrySet()) {
        if (!(e.getValue() instanceof Number n)) {
          throw new IllegalArgumentException("compile_config: `loss_weights` of output \"" + e.getKey() + "\" must be "
              + "a number, received " + Json.write(e.getValue()));
        }
        weights.put(e.getKey(), n.doubleValue());
      }
    }
    Map<String, List<String>> metrics = null;
    Object m = config.get("metrics");
    if (m instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(x -> x instanceof String)) {
      throw new IllegalArgumentException("compile_config: `metrics` " + Json.write(m) + " is a flat list for a model "
          + "with outputs " + names + "; Keras wants a dict by output name or one list per output");
    }
    if (m != null) {
      metrics = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : byOutput(m, names, "metrics", false).entrySet()) {
        Object v = e.getValue();
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("metrics", v instanceof String ? List.of(v) : v);
        metrics.put(e.getKey(), KerasCompile.metricNames(one, "metrics"));
      }
    }
    if (config.get("weighted_metrics") != null) {
      throw new IllegalArgumentException("compile_config: weighted_metrics are not read for a model with several "
          + "outputs, received " + Json.write(config.get("weighted_metrics")));
    }
    model.compile(optimizer, losses, weights, metrics);
  }

  /**
   * A per-output value by output name: a dict keyed by output names, a list in output order, or (when
   * {@code broadcast}) one value for every output.
   */
  private static Map<String, Object> byOutput(Object value, List<String> names, String key, boolean broadcast) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map && (!broadcast || !map.containsKey("config") && !map.containsKey("name"))) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!names.contains(String.valueOf(e.getKey()))) {
          throw new IllegalArgumentException("compile_config: `" + key + "` names \"" + e.getKey() + "\", which is not "
              + "an output of the model; its outputs are " + names);
        }
        out.put(String.valueOf(e.getKey()), e.getValue());
      }
    } else if (value instanceof List<?> list) {
      if (list.size() != names.size()) {
        throw new IllegalArgumentException("compile_config: `" + key + "` lists " + list.size() + " entries for a "
            + "model with " + names.size() + " outputs " + names);
      }
      for (int i = 0; i < list.size(); i++) {
        out.put(names.get(i), list.get(i));
      }
    } else if (broadcast && value != null) {
      for (String n : names) {
        out.put(n, value); // Keras 3 applies one loss to every output
      }
    } else {
      throw new IllegalArgumentException("compile_config: `" + key + "` must be a dict by output name or a list in "
          + "output order for outputs " + names + ", received " + Json.write(value));
    }
    return out;
  }
}
