package org.dropout4j.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dropout4j.layers.Configs;
import org.dropout4j.losses.Loss;
import org.dropout4j.losses.Losses;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.optimizers.Optimizer;
import org.dropout4j.optimizers.RMSprop;
import org.dropout4j.optimizers.SGD;

/** Optimizers and losses to and from their Keras configs, by registry (class name / loss name). */
final class CompileConfigs {
  private static final Map<String, Function<ConfigReader, Optimizer>> OPTIMIZERS = new LinkedHashMap<>();
  private static final Map<String, Function<Boolean, Loss>> LOSSES = new LinkedHashMap<>();

  static {
    OPTIMIZERS.put("Adam", r -> {
      float lr = r.number("learning_rate", Adam.DEFAULT_LEARNING_RATE);
      float b1 = r.number("beta_1", 0.9f);
      float b2 = r.number("beta_2", 0.999f);
      float eps = r.number("epsilon", 1e-7f);
      if (r.bool("amsgrad", false)) {
        throw r.invalid("amsgrad", "false (AMSGrad is not implemented)", true);
      }
      return new Adam(lr, b1, b2, eps);
    });
    OPTIMIZERS.put("SGD", r -> new SGD(r.number("learning_rate", SGD.DEFAULT_LEARNING_RATE),
        r.number("momentum", 0f), r.bool("nesterov", false)));
    OPTIMIZERS.put("RMSprop", r -> new RMSprop(r.number("learning_rate", RMSprop.DEFAULT_LEARNING_RATE),
        r.number("rho", 0.9f), r.number("momentum", 0f), r.number("epsilon", 1e-7f), r.bool("centered", false)));
    LOSSES.put("binary_crossentropy", Losses::binaryCrossentropy);
    LOSSES.put("categorical_crossentropy", Losses::categoricalCrossentropy);
    LOSSES.put("sparse_categorical_crossentropy", Losses::sparseCategoricalCrossentropy);
    LOSSES.put("mean_squared_error", fromLogits -> Losses.meanSquaredError());
  }

  private CompileConfigs() {
  }

  static Map<String, Object> optimizerToConfig(Optimizer o) {
    return Configs.envelope(o.className(), o.getConfig());
  }

  @SuppressWarnings("unchecked")
  static Optimizer optimizerFromConfig(Object envelope) {
    if (!(envelope instanceof Map) || !(((Map<String, Object>) envelope).get("class_name") instanceof String)) {
      throw new IllegalArgumentException("Invalid optimizer entry: expected {\"class_name\": ..., \"config\": "
          + "{...}}, received " + Json.write(envelope));
    }
    Map<String, Object> env = (Map<String, Object>) envelope;
    String cls = (String) env.get("class_name");
    Function<ConfigReader, Optimizer> f = OPTIMIZERS.get(cls);
    if (f == null) {
      throw new IllegalArgumentException("Unknown optimizer class_name '" + cls + "'; known optimizers: "
          + List.copyOf(OPTIMIZERS.keySet()));
    }
    Object c = env.get("config");
    ConfigReader r = new ConfigReader(c instanceof Map ? (Map<String, Object>) c : new LinkedHashMap<>(),
        "optimizer " + cls);
    r.ignore("name");
    Optimizer o;
    try {
      o = f.apply(r);
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(r.owner()) ? e : new IllegalArgumentException(r.owner() + ": "
          + e.getMessage(), e);
    }
    r.finish();
    return o;
  }

  static Map<String, Object> lossToConfig(Loss loss) {
    return loss.getConfig();
  }

  @SuppressWarnings("unchecked")
  static Loss lossFromConfig(Object config) {
    if (!(config instanceof Map)) {
      throw new IllegalArgumentException("Invalid loss entry: expected {\"name\": ..., ...}, received "
          + Json.write(config));
    }
    ConfigReader r = new ConfigReader((Map<String, Object>) config, "loss");
    String name = r.requiredString("name");
    Function<Boolean, Loss> f = LOSSES.get(name);
    if (f == null) {
      throw new IllegalArgumentException("Unknown loss '" + name + "'; known losses: " + List.copyOf(LOSSES.keySet()));
    }
    String reduction = r.string("reduction", "sum_over_batch_size");
    if (!reduction.equals("sum_over_batch_size")) {
      throw r.invalid("reduction", "\"sum_over_batch_size\"", reduction);
    }
    boolean fromLogits = r.bool("from_logits", false);
    r.finish();
    return f.apply(fromLogits);
  }
}
