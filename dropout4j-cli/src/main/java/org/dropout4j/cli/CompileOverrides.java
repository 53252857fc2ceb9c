package org.dropout4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.models.Model;

/**
 * The command line's {@code --loss} and {@code --metrics} of {@code fit} and {@code evaluate} as the parts of a Keras
 * {@code compile_config} they replace, for a model with one output or several: a plain name applies to every output
 * (Keras 3 applies one loss to every output), {@code output:name} to that output only
 * ({@code --loss kind:sparse_categorical_crossentropy,value:mse}, {@code --metrics kind:accuracy,value:mae}). Also a
 * compiled model's state in the same form, so that a {@code .d4j} file's own loss and metrics take overrides the same
 * way as a Keras file's.
 */
final class CompileOverrides {
  private CompileOverrides() {
  }

  /**
   * The {@code loss} entry of {@code --loss}: the name itself, or a map from output name to loss name.
   *
   * @throws IllegalArgumentException if an {@code output:} prefix names no output (listing them), an output is
   *     given twice, or plain names and {@code output:name} pairs are mixed
   */
  static Object losses(String spec, List<String> outputs) {
    if (spec.indexOf(':') < 0) {
      return spec.trim();
    }
    Map<String, Object> byOutput = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      int colon = part.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("Invalid value for option `--loss`: expected one loss name for every "
            + "output or output:loss pairs such as " + outputs.get(0) + ":mse, received --loss=" + spec);
      }
      String output = output(part.substring(0, colon).trim(), outputs, "--loss", spec);
      if (byOutput.put(output, part.substring(colon + 1).trim()) != null) {
        throw new IllegalArgumentException("Invalid value for option `--loss`: output \"" + output + "\" is given "
            + "twice, received --loss=" + spec);
      }
    }
    return byOutput;
  }

  /**
   * The {@code metrics} entry of {@code --metrics}: the names as a list for one output, else a map from output name
   * to its list (a plain name goes to every output, {@code output:name} to that one).
   *
   * @throws IllegalArgumentException if an {@code output:} prefix names no output (listing them)
   */
  static Object metrics(List<String> items, List<String> outputs) {
    boolean perOutput = items.stream().anyMatch(i -> i.indexOf(':') >= 0);
    if (!perOutput && outputs.size() == 1) {
      return items.stream().map(String::trim).toList();
    }
    Map<String, List<String>> byOutput = new LinkedHashMap<>();
    outputs.forEach(o -> byOutput.put(o, new ArrayList<>()));
    for (String item : items) {
      int colon = item.indexOf(':');
      if (colon < 0) {
        byOutput.values().forEach(l -> l.add(item.trim()));
      } else {
        String output = output(item.substring(0, colon).trim(), outputs, "--metrics", String.join(",", items));
        byOutput.get(output).add(item.substring(colon + 1).trim());
      }
    }
    return byOutput;
  }

  private static String output(String name, List<String> outputs, String option, String spec) {
    if (!outputs.contains(name)) {
      throw new IllegalArgumentException("Invalid value for option `" + option + "`: \"" + name + "\" is not an "
          + "output of the model; its outputs are " + outputs + ", received " + option + "=" + spec);
    }
    return name;
  }

  /**
   * A compiled model's loss, loss weights and metrics as a Keras {@code compile_config} (no optimizer): one entry,
   * or lists in output order for several outputs.
   */
  static Map<String, Object> current(Model model) {
    Map<String, Object> config = new LinkedHashMap<>();
    int outputs = model.outputNames().size();
    if (outputs == 1) {
      config.put("loss", model.loss().getConfig());
      config.put("metrics", model.metrics());
      return config;
    }
    List<Object> losses = new ArrayList<>();
    List<Object> weights = new ArrayList<>();
    List<Object> metrics = new ArrayList<>();
    for (int k = 0; k < outputs; k++) {
      losses.add(model.loss(k).getConfig());
      weights.add(model.lossWeight(k));
      metrics.add(model.metrics(k));
    }
    config.put("loss", losses);
    config.put("loss_weights", weights);
    config.put("metrics", metrics);
    return config;
  }
}
