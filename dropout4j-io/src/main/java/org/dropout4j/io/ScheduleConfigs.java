package org.dropout4j.io;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.ConfigReader;
import org.dropout4j.optimizers.schedules.LearningRateSchedule;
import org.dropout4j.optimizers.schedules.Schedules;

/** Learning-rate schedules from their Keras serialization ({@code {"class_name": ..., "config": {...}}}). */
final class ScheduleConfigs {
  private static final List<String> KNOWN = List.of("ExponentialDecay", "InverseTimeDecay", "PolynomialDecay",
      "PiecewiseConstantDecay", "CosineDecay", "CosineDecayRestarts");

  private ScheduleConfigs() {
  }

  @SuppressWarnings("unchecked")
  static LearningRateSchedule fromConfig(Map<String, Object> envelope) {
    Object cls = envelope.get("class_name");
    Object c = envelope.get("config");
    if (!(cls instanceof String) || !(c instanceof Map)) {
      throw new IllegalArgumentException("Invalid learning_rate schedule: expected {\"class_name\": ..., \"config\": "
          + "{...}}, received " + Json.write(envelope));
    }
    ConfigReader r = new ConfigReader((Map<String, Object>) c, "learning rate schedule " + cls);
    r.ignore("name");
    LearningRateSchedule s;
    switch ((String) cls) {
      case "ExponentialDecay":
        s = Schedules.exponentialDecay(d(r, "initial_learning_rate"), l(r, "decay_steps"), d(r, "decay_rate"),
            r.bool("staircase", false));
        break;
      case "InverseTimeDecay":
        s = Schedules.inverseTimeDecay(d(r, "initial_learning_rate"), l(r, "decay_steps"), d(r, "decay_rate"),
            r.bool("staircase", false));
        break;
      case "PolynomialDecay":
        s = Schedules.polynomialDecay(d(r, "initial_learning_rate"), l(r, "decay_steps"),
            r.has("end_learning_rate") ? d(r, "end_learning_rate") : 0.0001, r.has("power") ? d(r, "power") : 1.0,
            r.bool("cycle", false));
        break;
      case "PiecewiseConstantDecay": {
        List<?> b = list(r, "boundaries");
        List<?> v = list(r, "values");
        long[] boundaries = new long[b.size()];
        for (int i = 0; i < boundaries.length; i++) {
          boundaries[i] = ((Number) b.get(i)).longValue();
        }
        double[] values = new double[v.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = ((Number) v.get(i)).doubleValue();
        }
        s = Schedules.piecewiseConstantDecay(boundaries, values);
        break;
      }
      case "CosineDecay": {
        Object target = r.raw("warmup_target");
        s = Schedules.cosineDecay(d(r, "initial_learning_rate"), l(r, "decay_steps"),
            r.has("alpha") ? d(r, "alpha") : 0.0, target == null ? null : ((Number) target).doubleValue(),
            r.optionalLong("warmup_steps") == null ? 0 : r.optionalLong("warmup_steps"));
        break;
      }
      case "CosineDecayRestarts":
        s = Schedules.cosineDecayRestarts(d(r, "initial_learning_rate"), l(r, "first_decay_steps"),
            r.has("t_mul") ? d(r, "t_mul") : 2.0, r.has("m_mul") ? d(r, "m_mul") : 1.0,
            r.has("alpha") ? d(r, "alpha") : 0.0);
        break;
      default:
        throw new IllegalArgumentException("Unknown learning rate schedule class_name '" + cls + "'; known schedules: "
            + KNOWN);
    }
    r.finish();
    return s;
  }

  private static double d(ConfigReader r, String key) {
    Object v = r.raw(key);
    if (!(v instanceof Number)) {
      throw r.invalid(key, "a number", v);
    }
    return ((Number) v).doubleValue();
  }

  private static long l(ConfigReader r, String key) {
    Long v = r.optionalLong(key);
    if (v == null) {
      throw r.invalid(key, "an integer", null);
    }
    return v;
  }

  private static List<?> list(ConfigReader r, String key) {
    Object v = r.raw(key);
    if (!(v instanceof List)) {
      throw r.invalid(key, "a list of numbers", v);
    }
    return (List<?>) v;
  }
}
