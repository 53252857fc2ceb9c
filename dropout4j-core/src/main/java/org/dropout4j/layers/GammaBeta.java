package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The learned per-channel affine step after a normalization ({@link LayerNormalization},
 * {@link GroupNormalization}): {@code * gamma} when {@code scale}, then {@code + beta} when {@code center}; its
 * weights (gamma, then beta), their regularizers and constraints ({@link WeightRules}) and its config keys in Keras'
 * order.
 */
final class GammaBeta {
  final boolean center;
  final boolean scale;
  final Initializer betaInitializer;
  final Initializer gammaInitializer;
  /** Keras' {@code gamma/beta_regularizer} and {@code gamma/beta_constraint}. */
  final GammaBetaRules rules;
  /** {@link #rules} on the weights. */
  final WeightRules weightRules;

  /** @throws IllegalArgumentException for an unknown initializer name */
  GammaBeta(boolean center, boolean scale, String betaInitializer, String gammaInitializer, GammaBetaRules rules) {
    this.rules = rules == null ? GammaBetaRules.NONE : rules;
    this.weightRules = this.rules.weightRules();
    this.center = center;
    this.scale = scale;
    this.betaInitializer = Initializers.get(betaInitializer);
    this.gammaInitializer = Initializers.get(gammaInitializer);
  }

  /**
   * {@code epsilon} if it is a positive finite float.
   *
   * @throws IllegalArgumentException naming the layer and echoing the value otherwise
   */
  static float epsilon(float epsilon, String layer) {
    if (!(epsilon > 0f) || !Float.isFinite(epsilon)) {
      throw new IllegalArgumentException("Invalid value for argument `epsilon` of " + layer + ": expected a "
          + "positive float, received epsilon=" + epsilon);
    }
    return epsilon;
  }



  /** {@code gamma} (when {@code scale}), then {@code beta} (when {@code center}), both of shape {@code shape}. */
  List<Parameter> createWeights(WeightFactory factory, Shape shape) {
    List<Parameter> w = new ArrayList<>();
    if (scale) {
      w.add(factory.create("gamma", shape, gammaInitializer, true));
    }
    if (center) {
      w.add(factory.create("beta", shape, betaInitializer, true));
    }
    return w;
  }

  /**
   * {@code y * gamma + beta} with the weights {@link #createWeights} made, each viewed by {@code view} so it
   * broadcasts against {@code y}.
   */
  Tensor apply(Tensor y, List<Parameter> weights, CallContext context, UnaryOperator<Tensor> view) {
    int i = 0;
    Tensor out = y;
    if (scale) {
      out = Ops.mul(out, view.apply(context.read(weights.get(i++))));
    }
    if (center) {
      out = Ops.add(out, view.apply(context.read(weights.get(i))));
    }
    return out;
  }

  /** Writes the initializers, the regularizers and the constraints in Keras' order. */
  void putConfig(Map<String, Object> config) {
    config.put("beta_initializer", Configs.envelope(betaInitializer));
    config.put("gamma_initializer", Configs.envelope(gammaInitializer));
    rules.putConfig(config);
  }
}
