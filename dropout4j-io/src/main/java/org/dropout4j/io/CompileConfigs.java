package org.dropout4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dropout4j.layers.ConfigReader;
import org.dropout4j.layers.Configs;
import org.dropout4j.losses.Loss;
import org.dropout4j.losses.Losses;
import org.dropout4j.losses.Reduction;
import org.dropout4j.models.Model;
import org.dropout4j.optimizers.Adadelta;
import org.dropout4j.optimizers.Adagrad;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.optimizers.AdamW;
import org.dropout4j.optimizers.Adamax;
import org.dropout4j.optimizers.Ftrl;
import org.dropout4j.optimizers.Lion;
import org.dropout4j.optimizers.Nadam;
import org.dropout4j.optimizers.Optimizer;
import org.dropout4j.optimizers.RMSprop;
import org.dropout4j.optimizers.SGD;
import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * Optimizers and losses to and from their Keras configs, by registry (class name / loss name). An optimizer's
 * {@code learning_rate} may be a float or a serialized schedule ({@link ScheduleConfigs}); the common options
 * ({@code weight_decay}, clipping, EMA, {@code gradient_accumulation_steps}) are read for every optimizer.
 */
final class CompileConfigs {
  private static final Map<String, Function<ConfigReader, Optimizer>> OPTIMIZERS = new LinkedHashMap<>();
  private static final Map<String, Function<ConfigReader, Loss>> LOSSES = new LinkedHashMap<>();

  static {
    OPTIMIZERS.put("Adam", r -> {
      Object lr = learningRate(r, Adam.DEFAULT_LEARNING_RATE);
      float b1 = r.number("beta_1", 0.9f);
      float b2 = r.number("beta_2", 0.999f);
      float eps = r.number("epsilon", 1e-7f);
      boolean ams = r.bool("amsgrad", false);
      return lr instanceof LearningRateSchedule ? new Adam((LearningRateSchedule) lr, b1, b2, eps, ams)
          : new Adam((Float) lr, b1, b2, eps, ams);
    });
    OPTIMIZERS.put("AdamW", r -> {
      Object lr = learningRate(r, Adam.DEFAULT_LEARNING_RATE);
      float wd = r.number("weight_decay", (float) AdamW.DEFAULT_WEIGHT_DECAY);
      float b1 = r.number("beta_1", 0.9f);
      float b2 = r.number("beta_2", 0.999f);
      float eps = r.number("epsilon", 1e-7f);
      boolean ams = r.bool("amsgrad", false);
      return lr instanceof LearningRateSchedule ? new AdamW((LearningRateSchedule) lr, wd, b1, b2, eps, ams)
          : new AdamW((Float) lr, wd, b1, b2, eps, ams);
    });
    OPTIMIZERS.put("SGD", r -> {
      Object lr = learningRate(r, SGD.DEFAULT_LEARNING_RATE);
      float momentum = r.number("momentum", 0f);
      boolean nesterov = r.bool("nesterov", false);
      return lr instanceof LearningRateSchedule ? new SGD((LearningRateSchedule) lr, momentum, nesterov)
          : new SGD((Float) lr, momentum, nesterov);
    });
    OPTIMIZERS.put("RMSprop", r -> {
      Object lr = learningRate(r, RMSprop.DEFAULT_LEARNING_RATE);
      float rho = r.number("rho", 0.9f);
      float momentum = r.number("momentum", 0f);
      float eps = r.number("epsilon", 1e-7f);
      boolean centered = r.bool("centered", false);
      return lr instanceof LearningRateSchedule ? new RMSprop((LearningRateSchedule) lr, rho, momentum, eps, centered)
          : new RMSprop((Float) lr, rho, momentum, eps, centered);
    });
    OPTIMIZERS.put("Nadam", r -> {
      Object lr = learningRate(r, Nadam.DEFAULT_LEARNING_RATE);
      float b1 = r.number("beta_1", 0.9f);
      float b2 = r.number("beta_2", 0.999f);
      float eps = r.number("epsilon", 1e-7f);
      return lr instanceof LearningRateSchedule ? new Nadam((LearningRateSchedule) lr, b1, b2, eps)
          : new Nadam((Float) lr, b1, b2, eps);
    });
    OPTIMIZERS.put("Adamax", r -> {
      Object lr = learningRate(r, Adamax.DEFAULT_LEARNING_RATE);
      float b1 = r.number("beta_1", 0.9f);
      float b2 = r.number("beta_2", 0.999f);
      float eps = r.number("epsilon", 1e-7f);
      return lr instanceof LearningRateSchedule ? new Adamax((LearningRateSchedule) lr, b1, b2, eps)
          : new Adamax((Float) lr, b1, b2, eps);
    });
    OPTIMIZERS.put("Adagrad", r -> {
      Object lr = learningRate(r, Adagrad.DEFAULT_LEARNING_RATE);
      float init = r.number("initial_accumulator_value", 0.1f);
      float eps = r.number("epsilon", 1e-7f);
      return lr instanceof LearningRateSchedule ? new Adagrad((LearningRateSchedule) lr, init, eps)
          : new Adagrad((Float) lr, init, eps);
    });
    OPTIMIZERS.put("Adadelta", r -> {
      Object lr = learningRate(r, Adadelta.DEFAULT_LEARNING_RATE);
      float rho = r.number("rho", 0.95f);
      float eps = r.number("epsilon", 1e-7f);
      return lr instanceof LearningRateSchedule ? new Adadelta((LearningRateSchedule) lr, rho, eps)
          : new Adadelta((Float) lr, rho, eps);
    });
    OPTIMIZERS.put("Lion", r -> {
      Object lr = learningRate(r, Lion.DEFAULT_LEARNING_RATE);
      float b1 = r.number("beta_1", 0.9f);
      float b2 = r.number("beta_2", 0.99f);
      return lr instanceof LearningRateSchedule ? new Lion((LearningRateSchedule) lr, b1, b2)
          : new Lion((Float) lr, b1, b2);
    });
    OPTIMIZERS.put("Ftrl", r -> {
      Object lr = learningRate(r, Ftrl.DEFAULT_LEARNING_RATE);
      float power = r.number("learning_rate_power", -0.5f);
      float init = r.number("initial_accumulator_value", 0.1f);
      float l1 = r.number("l1_regularization_strength", 0f);
      float l2 = r.number("l2_regularization_strength", 0f);
      float shrink = r.number("l2_shrinkage_regularization_strength", 0f);
      float beta = r.number("beta", 0f);
      return lr instanceof LearningRateSchedule
          ? new Ftrl((LearningRateSchedule) lr, power, init, l1, l2, shrink, beta)
          : new Ftrl((Float) lr, power, init, l1, l2, shrink, beta);
    });
    LOSSES.put("binary_crossentropy", r -> Losses.binaryCrossentropy(r.bool("from_logits", false),
        smoothing(r)));
    LOSSES.put("categorical_crossentropy", r -> Losses.categoricalCrossentropy(r.bool("from_logits", false),
        smoothing(r)));
    LOSSES.put("sparse_categorical_crossentropy", r -> {
      r.requireNull("ignore_class", "ignore_class is not implemented");
      axis(r);
      return Losses.sparseCategoricalCrossentropy(r.bool("from_logits", false));
    });
    LOSSES.put("mean_squared_error", r -> Losses.meanSquaredError());
    LOSSES.put("mean_absolute_error", r -> Losses.meanAbsoluteError());
    LOSSES.put("mean_absolute_percentage_error", r -> Losses.meanAbsolutePercentageError());
    LOSSES.put("mean_squared_logarithmic_error", r -> Losses.meanSquaredLogarithmicError());
    LOSSES.put("huber_loss", r -> Losses.huber(r.number("delta", Losses.DEFAULT_HUBER_DELTA)));
    LOSSES.put("log_cosh", r -> Losses.logCosh());
    LOSSES.put("kl_divergence", r -> Losses.klDivergence());
    LOSSES.put("poisson", r -> Losses.poisson());
    LOSSES.put("hinge", r -> Losses.hinge());
    LOSSES.put("squared_hinge", r -> Losses.squaredHinge());
    LOSSES.put("categorical_hinge", r -> Losses.categoricalHinge());
    LOSSES.put("cosine_similarity", r -> {
      axis(r);
      return Losses.cosineSimilarity();
    });
    LOSSES.put("binary_focal_crossentropy", r -> {
      boolean fromLogits = r.bool("from_logits", false);
      float smoothing = smoothing(r);
      return Losses.binaryFocalCrossentropy(r.bool("apply_class_balancing", false),
          r.number("alpha", Losses.DEFAULT_FOCAL_ALPHA), r.number("gamma", Losses.DEFAULT_FOCAL_GAMMA), fromLogits,
          smoothing);
    });
  }

  private CompileConfigs() {
  }

  private static float smoothing(ConfigReader r) {
    float s = r.number("label_smoothing", 0f);
    axis(r);
    return s;
  }

  private static void axis(ConfigReader r) {
    Object axis = r.raw("axis");
    if (axis != null && !(axis instanceof Number && ((Number) axis).intValue() == -1)) {
      throw r.invalid("axis", "-1 (other axes are not implemented)", axis);
    }
  }

  /** The {@code learning_rate} entry: a Float, or a {@link LearningRateSchedule} for a serialized schedule. */
  @SuppressWarnings("unchecked")
  private static Object learningRate(ConfigReader r, float fallback) {
    Object v = r.raw("learning_rate");
    if (v instanceof Map) {
      return ScheduleConfigs.fromConfig((Map<String, Object>) v);
    }
    if (v != null && !(v instanceof Number)) {
      throw r.invalid("learning_rate", "a float or a serialized LearningRateSchedule", v);
    }
    return v == null ? fallback : ((Number) v).floatValue();
  }

  /** Reads Keras' common optimizer options into {@code o}. */
  private static void commonOptions(ConfigReader r, Optimizer o, String cls) {
    if (!cls.equals("AdamW")) {
      Object wd = r.raw("weight_decay");
      if (wd != null) {
        o.weightDecay(r.number("weight_decay", 0f));
      }
    }
    if (r.raw("clipnorm") != null) {
      o.clipnorm(r.number("clipnorm", 0f));
    }
    if (r.raw("global_clipnorm") != null) {
      o.globalClipnorm(r.number("global_clipnorm", 0f));
    }
    if (r.raw("clipvalue") != null) {
      o.clipvalue(r.number("clipvalue", 0f));
    }
    float emaMomentum = r.number("ema_momentum", (float) Optimizer.DEFAULT_EMA_MOMENTUM);
    Long frequency = r.optionalLong("ema_overwrite_frequency");
    if (r.bool("use_ema", false)) {
      o.useEma(Double.parseDouble(Float.toString(emaMomentum)), frequency == null ? null : frequency.intValue());
    }
    r.requireNull("loss_scale_factor", "loss scaling is not implemented");
    Long steps = r.optionalLong("gradient_accumulation_steps");
    if (steps != null) {
      o.gradientAccumulationSteps(steps.intValue());
    }
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
      commonOptions(r, o, cls);
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

  /**
   * A loss from its config ({@code {"name": ..., "reduction": ..., ...}} as {@link Loss#getConfig()} writes it), or
   * from a Keras name as {@code compile(loss="mae")} stores it.
   */
  @SuppressWarnings("unchecked")
  static Loss lossFromConfig(Object config) {
    if (config instanceof String) {
      return Losses.get((String) config);
    }
    if (!(config instanceof Map)) {
      throw new IllegalArgumentException("Invalid loss entry: expected {\"name\": ..., ...}, received "
          + Json.write(config));
    }
    ConfigReader r = new ConfigReader((Map<String, Object>) config, "loss");
    String name = r.requiredString("name");
    Function<ConfigReader, Loss> f = LOSSES.get(name);
    if (f == null) {
      throw new IllegalArgumentException("Unknown loss '" + name + "'; known losses: " + List.copyOf(LOSSES.keySet()));
    }
    Reduction reduction = Reduction.of(r.string("reduction", "sum_over_batch_size"));
    r.ignore("dtype");
    Loss loss = f.apply(r);
    r.finish();
    return reduction == Reduction.SUM_OVER_BATCH_SIZE ? loss : loss.withReduction(reduction);
  }

  /**
   * A compiled model's compile entry in a {@code .d4j} manifest: optimizer and loss configs, metric names and, with
   * several outputs, one loss, weight and metric list per output. Refuses what could not be read back.
   */
  static Map<String, Object> manifestCompile(Model model) {
    Optimizer optimizer = model.optimizer();
    Map<String, Object> compile = new LinkedHashMap<>();
    compile.put("optimizer", optimizerToConfig(optimizer));
    compile.put("loss", lossToConfig(model.loss()));
    compile.put("metrics", model.metrics());
    int outputs = model.outputNames().size();
    if (outputs > 1) { // one loss, weight and metric list per output
      List<Object> losses = new ArrayList<>();
      List<Double> weights = new ArrayList<>();
      List<Object> metrics = new ArrayList<>();
      for (int k = 0; k < outputs; k++) {
        losses.add(lossToConfig(model.loss(k)));
        weights.add(model.lossWeight(k));
        metrics.add(model.metrics(k));
        lossFromConfig(losses.get(k));
      }
      compile.put("output_losses", losses);
      compile.put("loss_weights", weights);
      compile.put("output_metrics", metrics);
    }
    // refuse now what could not be read back later
    optimizerFromConfig(compile.get("optimizer"));
    lossFromConfig(compile.get("loss"));
    return compile;
  }

  /**
   * Compiles {@code model} from a {@code .d4j} manifest's compile entry ({@link #manifestCompile}).
   *
   * @param where the manifest's name, for messages
   * @return the optimizer the model was compiled with
   */
  @SuppressWarnings("unchecked")
  static Optimizer compileFromManifest(Model model, Map<String, Object> compile, String where) {
    ConfigReader c = new ConfigReader((Map<String, Object>) compile, where + " compile");
    Optimizer optimizer = optimizerFromConfig(c.raw("optimizer"));
    Loss loss = lossFromConfig(c.raw("loss"));
    Object metricsValue = c.raw("metrics");
    List<String> metrics = new ArrayList<>();
    if (metricsValue instanceof List) {
      for (Object o : (List<Object>) metricsValue) {
        metrics.add(String.valueOf(o));
      }
    }
    Object outputLosses = c.raw("output_losses");
    Object lossWeights = c.raw("loss_weights");
    Object outputMetrics = c.raw("output_metrics");
    c.finish();
    if (outputLosses instanceof List<?> ls && lossWeights instanceof List<?> ws && outputMetrics instanceof List<?> ms
        && ls.size() == ws.size() && ls.size() == ms.size()) {
      Map<String, Loss> losses = new LinkedHashMap<>();
      Map<String, Double> weights = new LinkedHashMap<>();
      Map<String, List<String>> perOutput = new LinkedHashMap<>();
      List<String> names = model.outputNames();
      if (names.size() != ls.size()) {
        throw new IllegalArgumentException(where + ": compile lists " + ls.size() + " output losses, the model "
            + "has " + names.size() + " outputs " + names);
      }
      for (int k = 0; k < ls.size(); k++) {
        losses.put(names.get(k), lossFromConfig(ls.get(k)));
        weights.put(names.get(k), ((Number) ws.get(k)).doubleValue());
        List<String> ns = new ArrayList<>();
        for (Object o : (List<Object>) ms.get(k)) {
          ns.add(String.valueOf(o));
        }
        perOutput.put(names.get(k), ns);
      }
      model.compile(optimizer, losses, weights, perOutput);
    } else if (outputLosses != null) {
      throw new IllegalArgumentException(where + ": compile.output_losses, loss_weights and output_metrics must "
          + "be lists of one entry per output");
    } else {
      model.compile(optimizer, loss, metrics.toArray(new String[0]));
    }
    return optimizer;
  }
}
