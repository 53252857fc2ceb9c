package org.dropout4j.cli.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values of a {@link ExperimentSpec.Setting} by axis name, for reports and statistics over any axis:
 * {@code dropout_rate}, {@code input_dropout_rate}, {@code max_norm}, {@code training.optimizer},
 * {@code training.epochs}, {@code training.learning_rate}, {@code training.batch_size}, then the layer axes
 * ({@code <layer name>.<config key>}).
 *
 * <p>An axis is a <em>regularization</em> axis when it is one of the first three or a layer axis whose key is
 * {@code rate}, {@code stddev} or ends in {@code dropout} (Dropout's and GaussianDropout's {@code rate},
 * GaussianNoise's {@code stddev}, an RNN's {@code dropout} / {@code recurrent_dropout}); the baseline of a setting
 * has every regularization value 0 and the same other values.
 */
public final class SettingValues {
  private SettingValues() {
  }

  /** Every value of a setting by axis name; a null learning rate or batch size means the default. */
  public static Map<String, Object> of(ExperimentSpec.Setting s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dropout_rate", s.dropoutRate());
    m.put("input_dropout_rate", s.inputDropoutRate());
    m.put("max_norm", s.maxNorm());
    m.put("training.optimizer", s.optimizer());
    m.put("training.epochs", s.epochs());
    m.put("training.learning_rate", s.learningRate());
    m.put("training.batch_size", s.batchSize());
    m.putAll(s.layerValues());
    return m;
  }

  /** True for a regularization axis (see the class doc). */
  public static boolean isRegularization(String axis) {
    if (axis.equals("dropout_rate") || axis.equals("input_dropout_rate") || axis.equals("max_norm")) {
      return true;
    }
    if (!ConfigAxes.isLayerAxis(axis)) {
      return false;
    }
    String key = ConfigAxes.key(axis);
    return key.equals("rate") || key.equals("stddev") || key.endsWith("dropout");
  }

  static boolean unregularized(Map<String, Object> layerValues) {
    for (Map.Entry<String, Object> e : layerValues.entrySet()) {
      if (isRegularization(e.getKey()) && !(e.getValue() instanceof Number n && n.doubleValue() == 0)) {
        return false;
      }
    }
    return true;
  }

  /** The values that are not regularization: a setting's baseline shares them. */
  public static Map<String, Object> context(ExperimentSpec.Setting s) {
    Map<String, Object> m = of(s);
    m.keySet().removeIf(SettingValues::isRegularization);
    return m;
  }

  /** The axes whose value differs between settings, in axis order. */
  public static List<String> varying(List<ExperimentSpec.Setting> settings) {
    List<String> out = new ArrayList<>();
    if (settings.isEmpty()) {
      return out;
    }
    Map<String, Object> first = of(settings.get(0));
    for (ExperimentSpec.Setting s : settings) {
      for (Map.Entry<String, Object> e : of(s).entrySet()) {
        if (!out.contains(e.getKey()) && !Objects.equals(first.get(e.getKey()), e.getValue())) {
          out.add(e.getKey());
        }
      }
    }
    return out;
  }

  /**
   * The axis of the "metric versus value" charts: {@code dropout_rate} for specs without layer axes (as before
   * layer axes existed), else the first varying numeric regularization axis, else the first varying numeric axis;
   * null if no numeric axis varies.
   */
  public static String xAxis(List<ExperimentSpec.Setting> settings) {
    if (settings.stream().allMatch(s -> s.layerValues().isEmpty())) {
      return "dropout_rate";
    }
    List<String> numeric = new ArrayList<>();
    for (String axis : varying(settings)) {
      if (settings.stream().allMatch(s -> of(s).get(axis) instanceof Number)) {
        numeric.add(axis);
      }
    }
    return numeric.stream().filter(SettingValues::isRegularization).findFirst()
        .orElse(numeric.isEmpty() ? null : numeric.get(0));
  }

  /** A numeric value of a setting, NaN if the axis is not numeric there. */
  public static double number(ExperimentSpec.Setting s, String axis) {
    return of(s).get(axis) instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
