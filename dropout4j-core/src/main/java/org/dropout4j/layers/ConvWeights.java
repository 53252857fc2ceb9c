package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The weights of a convolution as Keras names them: one or more kernels ({@code kernel}; {@code depthwise} and
 * {@code pointwise} of the separable ones), then {@code bias} with {@code use_bias}, each with its initializer,
 * regularizer and constraint, and the {@code activity_regularizer} on the layer's output. Reads and writes their
 * config keys in Keras 3's order (initializers, regularizers, {@code activity_regularizer}, constraints; a set
 * activity regularizer sits with the base keys, as Keras' base layer writes it), adds the weight penalties to the
 * loss ({@code l1 * sum|w| + l2 * sum w²} each) and the activity penalty of each call's output (over the batch
 * size), and applies the
 * constraints after each update, as Keras does.
 */
final class ConvWeights {
  /** The bias' key prefix and weight name. */
  static final String BIAS = "bias";

  private final List<String> kernels;
  private final boolean useBias;
  private final List<Initializer> initializers;
  private final List<Regularizer> regularizers;
  private final List<Constraint> constraints;
  private final Regularizer activity;

  private ConvWeights(List<String> kernels, boolean useBias, List<String> initializerNames,
      List<Regularizer> regularizers, List<Constraint> constraints, Regularizer activity) {
    this.kernels = List.copyOf(kernels);
    this.useBias = useBias;
    List<Initializer> inits = new ArrayList<>();
    for (String n : initializerNames) {
      inits.add(Initializers.get(n));
    }
    this.initializers = List.copyOf(inits);
    this.regularizers = new ArrayList<>(regularizers);
    this.constraints = new ArrayList<>(constraints);
    this.activity = activity;
  }

  /**
   * Weights without penalties or constraints.
   *
   * @param initializerNames one per kernel, then the bias'
   * @throws IllegalArgumentException for an unknown initializer name
   */
  static ConvWeights of(List<String> kernels, boolean useBias, String... initializerNames) {
    int n = kernels.size() + 1;
    return new ConvWeights(kernels, useBias, List.of(initializerNames), Collections.nCopies(n, null),
        Collections.nCopies(n, null), null);
  }

  /** A separable convolution's depthwise and pointwise kernels and bias, without penalties or constraints. */
  static ConvWeights separable(boolean useBias, String depthwiseInitializer, String pointwiseInitializer,
      String biasInitializer) {
    return of(List.of("depthwise", "pointwise"), useBias, depthwiseInitializer, pointwiseInitializer,
        biasInitializer);
  }

  /**
   * Reads {@code use_bias} and, for each kernel then the bias, {@code <prefix>_initializer} (Keras' defaults
   * glorot_uniform and zeros), {@code _regularizer} and {@code _constraint}, and {@code activity_regularizer}.
   */
  static ConvWeights read(ConfigReader r, String... kernels) {
    boolean useBias = r.bool("use_bias", true);
    List<String> inits = new ArrayList<>();
    List<Regularizer> regs = new ArrayList<>();
    List<Constraint> cons = new ArrayList<>();
    List<String> prefixes = new ArrayList<>(List.of(kernels));
    prefixes.add(BIAS);
    for (String p : prefixes) {
      inits.add(ConfigObjects.initializer(r, p + "_initializer", p.equals(BIAS) ? Configs.ZEROS
          : Configs.GLOROT_UNIFORM));
      regs.add(ConfigObjects.regularizer(r, p + "_regularizer"));
      cons.add(ConfigObjects.constraint(r, p + "_constraint"));
    }
    return new ConvWeights(List.of(kernels), useBias, inits, regs, cons,
        ConfigObjects.regularizer(r, "activity_regularizer"));
  }

  /** Whether the layer adds a bias. */
  boolean useBias() {
    return useBias;
  }

  /** Kernel {@code i} (in the order given) and, last, the bias: the weight names Keras gives them. */
  private String weightName(int i) {
    if (i == kernels.size()) {
      return BIAS;
    }
    return kernels.get(i).equals("kernel") ? "kernel" : kernels.get(i) + "_kernel";
  }

  /** The kernels of the given shapes in order, then the bias of shape {@code bias} with {@code use_bias}. */
  List<Parameter> create(WeightFactory factory, Shape bias, Shape... kernelShapes) {
    List<Parameter> w = new ArrayList<>();
    for (int i = 0; i < kernelShapes.length; i++) {
      w.add(factory.create(weightName(i), kernelShapes[i], initializers.get(i), true));
    }
    if (useBias) {
      w.add(factory.create(BIAS, bias, initializers.get(kernels.size()), true));
    }
    return w;
  }

  /**
   * The trainable weights' penalties as the context reads them (the bias' only with {@code use_bias}); a frozen
   * weight adds none, as Keras reads {@code trainable_weights}.
   */
  List<Tensor> penalties(List<Parameter> weights, CallContext context) {
    List<Tensor> losses = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      if (regularizers.get(i) != null && weights.get(i).trainable()) {
        losses.add(regularizers.get(i).penalty(context.read(weights.get(i))));
      }
    }
    return losses;
  }

  /** Applies the constraints, in place, to the trainable weights {@link #create} made (Keras' optimizer's). */
  void applyConstraints(List<Parameter> weights) {
    for (int i = 0; i < weights.size(); i++) {
      if (constraints.get(i) != null && weights.get(i).trainable()) {
        constraints.get(i).apply(weights.get(i).data(), weights.get(i).shape());
      }
    }
  }

  /**
   * The layer's output, after adding its activity penalty divided by the batch size to the context's losses (Keras
   * 3.15's {@code activity_regularizer}, normalized "to ensure consistent regularization strength across batch
   * sizes").
   */
  Tensor activity(Tensor output, CallContext context) {
    if (activity != null) {
      context.addLoss(Ops.mulScalar(activity.penalty(output), 1f / output.shape().dim(0)));
    }
    return output;
  }

  /** Writes a set {@code activity_regularizer} where Keras' base layer puts it: call before the layer's own keys. */
  void putBase(Map<String, Object> config) {
    if (activity != null) {
      config.put("activity_regularizer", envelope(activity));
    }
  }

  /** Writes {@code use_bias}, the initializers, the regularizers and the constraints in Keras' order. */
  void putConfig(Map<String, Object> config) {
    config.put("use_bias", useBias);
    List<String> prefixes = new ArrayList<>(kernels);
    prefixes.add(BIAS);
    Map<String, Object> regs = new LinkedHashMap<>();
    Map<String, Object> cons = new LinkedHashMap<>();
    for (int i = 0; i < prefixes.size(); i++) {
      Initializer init = initializers.get(i);
      config.put(prefixes.get(i) + "_initializer", Configs.envelope(init.className(), init.getConfig()));
      regs.put(prefixes.get(i) + "_regularizer", envelope(regularizers.get(i)));
      Constraint c = constraints.get(i);
      cons.put(prefixes.get(i) + "_constraint", c == null ? null : Configs.envelope(c.className(), c.getConfig()));
    }
    config.putAll(regs);
    if (activity == null) {
      config.put("activity_regularizer", null);
    }
    config.putAll(cons);
  }

  private static Object envelope(Regularizer r) {
    return r == null ? null : Configs.envelope(r.className(), r.getConfig());
  }
}
