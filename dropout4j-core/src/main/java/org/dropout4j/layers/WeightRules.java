package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;

/**
 * The regularizers and constraints of a layer's weights, by the weight's Keras name (the last part of its path:
 * {@code kernel}, {@code recurrent_kernel}, {@code embeddings}, {@code gamma}, ...), as Keras attaches them to a
 * variable with {@code add_weight(regularizer=..., constraint=...)}: each penalty is added to the training loss,
 * each constraint projects its weight after every optimizer step. As in Keras 3, only trainable weights count
 * ({@code Layer._get_regularization_losses} reads {@code trainable_weights}, the optimizer constrains the variables
 * it updates). A name matches every weight whose path ends with it, so a layer with several projections
 * (MultiHeadAttention's {@code query/kernel}, {@code key/kernel}, ...) names them once. Immutable.
 */
final class WeightRules {
  /** No penalties and no constraints. */
  static final WeightRules NONE = new WeightRules(Map.of(), Map.of(), Map.of(), null);

  private final Map<String, Regularizer> regularizers;
  private final Map<String, Constraint> constraints;
  private final Map<String, String> weightOfKey;
  private final Regularizer activity;

  private WeightRules(Map<String, Regularizer> regularizers, Map<String, Constraint> constraints,
      Map<String, String> weightOfKey, Regularizer activity) {
    this.regularizers = regularizers;
    this.constraints = constraints;
    this.weightOfKey = weightOfKey;
    this.activity = activity;
  }

  /** These rules with {@code regularizer} and {@code constraint} (each may be {@code null}) on {@code weight}. */
  WeightRules with(String weight, Regularizer regularizer, Constraint constraint) {
    return with(weight, weight, regularizer, constraint);
  }

  /**
   * These rules with {@code regularizer} and {@code constraint} (each may be {@code null}) on {@code weight}, whose
   * config keys are {@code <key>_regularizer} and {@code <key>_constraint} (Keras' {@code recurrent_regularizer}
   * is the {@code recurrent_kernel}'s).
   */
  WeightRules with(String key, String weight, Regularizer regularizer, Constraint constraint) {
    Map<String, Regularizer> r = new LinkedHashMap<>(regularizers);
    Map<String, Constraint> c = new LinkedHashMap<>(constraints);
    Map<String, String> k = new LinkedHashMap<>(weightOfKey);
    k.put(key, weight);
    if (regularizer != null) {
      r.put(weight, regularizer);
    }
    if (constraint != null) {
      c.put(weight, constraint);
    }
    return new WeightRules(Map.copyOf(r), Map.copyOf(c), Map.copyOf(k), activity);
  }

  /**
   * These rules with the {@code <key>_regularizer} and {@code <key>_constraint} of a config on {@code weight}.
   *
   * @throws IllegalArgumentException for an unknown class or a bad value, naming the layer and the key
   */
  WeightRules read(ConfigReader r, String key, String weight) {
    return with(key, weight, ConfigObjects.regularizer(r, key + "_regularizer"),
        ConfigObjects.constraint(r, key + "_constraint"));
  }

  /** These rules with Keras' {@code activity_regularizer} ({@code null}: none) on the layer's outputs. */
  WeightRules withActivity(Regularizer value) {
    return new WeightRules(regularizers, constraints, weightOfKey, value);
  }

  /** The activity regularizer, or {@code null}. */
  Regularizer activity() {
    return activity;
  }

  /** The penalties of the trainable weights that have a regularizer, in weight order, as the context reads them. */
  List<Tensor> penalties(List<Parameter> weights, CallContext context) {
    if (regularizers.isEmpty()) {
      return List.of();
    }
    List<Tensor> losses = new ArrayList<>();
    for (Parameter p : weights) {
      Regularizer r = regularizers.get(shortName(p));
      if (r != null && p.trainable()) {
        losses.add(r.penalty(context.read(p)));
      }
    }
    return losses;
  }

  /** Projects, in place, each trainable weight that has a constraint. */
  void applyConstraints(List<Parameter> weights) {
    if (constraints.isEmpty()) {
      return;
    }
    for (Parameter p : weights) {
      Constraint c = constraints.get(shortName(p));
      if (c != null && p.trainable()) {
        c.apply(p.data(), p.shape());
      }
    }
  }

  /**
   * Adds the activity penalty of each output to the context's loss, as Keras 3.15's {@code Layer.__call__} does:
   * {@code penalty(output) / batch_size} for every tensor the call returns (the states too, with
   * {@code return_state}).
   */
  void addActivityLosses(List<Tensor> outputs, CallContext context) {
    if (activity == null) {
      return;
    }
    for (Tensor y : outputs) {
      addActivityLosses(y, y.shape().dim(0), context);
    }
  }

  /**
   * Adds {@code penalty(y) / batch} to the context's loss: the activity penalty of an output whose batch axis a
   * reshape has merged (an attention projection's rows), {@code batch} being the size it had.
   */
  void addActivityLosses(Tensor y, int batch, CallContext context) {
    if (activity != null) {
      context.addLoss(Ops.mulScalar(activity.penalty(y), 1f / batch));
    }
  }

  /** Writes {@code <key>_regularizer} for each of {@code keys}, in the given order ({@code null} when none). */
  void putRegularizers(Map<String, Object> config, String... keys) {
    for (String k : keys) {
      config.put(k + "_regularizer", Configs.envelope(regularizers.get(weightOfKey.getOrDefault(k, k))));
    }
  }

  /** Writes {@code <key>_constraint} for each of {@code keys}, in the given order ({@code null} when none). */
  void putConstraints(Map<String, Object> config, String... keys) {
    for (String k : keys) {
      config.put(k + "_constraint", Configs.envelope(constraints.get(weightOfKey.getOrDefault(k, k))));
    }
  }

  /** The weight's Keras name: the last part of its path ({@code lstm/recurrent_kernel} -> {@code recurrent_kernel}). */
  private static String shortName(Parameter p) {
    String n = p.name();
    return n.substring(n.lastIndexOf('/') + 1);
  }
}
