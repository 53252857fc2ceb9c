package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The validated kernel-and-bias options of a layer built by a {@link KernelLayerBuilder}: {@code use_bias} and each
 * weight's initializer, regularizer and constraint; the two weights they make ({@code kernel}, then {@code bias} when
 * used), their penalties and constraints, and their config keys in Keras' order.
 */
final class KernelBias {
  final boolean useBias;
  final Initializer kernelInitializer;
  final Initializer biasInitializer;
  final Regularizer kernelRegularizer;
  final Regularizer biasRegularizer;
  final Constraint kernelConstraint;
  final Constraint biasConstraint;
  final Regularizer activityRegularizer;

  /** @throws IllegalArgumentException for an unknown initializer name */
  KernelBias(KernelLayerBuilder<?> b) {
    this.useBias = b.useBias;
    this.kernelInitializer = Initializers.get(b.kernelInitializer);
    this.biasInitializer = Initializers.get(b.biasInitializer);
    this.kernelRegularizer = b.kernelRegularizer;
    this.biasRegularizer = b.biasRegularizer;
    this.kernelConstraint = b.kernelConstraint;
    this.biasConstraint = b.biasConstraint;
    this.activityRegularizer = b.activityRegularizer;
  }

  /** {@code kernel} of shape {@code kernel}, then {@code bias} of shape {@code bias} when the layer uses one. */
  List<Parameter> createWeights(WeightFactory factory, Shape kernel, Shape bias) {
    List<Parameter> w = new ArrayList<>();
    w.add(factory.create("kernel", kernel, kernelInitializer, true));
    if (useBias) {
      w.add(factory.create("bias", bias, biasInitializer, true));
    }
    return w;
  }

  /** Whether a kernel, bias or activity penalty is added to the loss. */
  boolean hasPenalties() {
    return kernelRegularizer != null || (biasRegularizer != null && useBias) || activityRegularizer != null;
  }

  /** {@code y}, after adding its activity penalty {@code penalty(y) / batch_size} to the context (Keras 3.15). */
  Tensor withActivityPenalty(Tensor y, CallContext context) {
    if (activityRegularizer != null) {
      context.addLoss(org.dropout4j.tensor.Ops.mulScalar(activityRegularizer.penalty(y), 1f / y.shape().dim(0)));
    }
    return y;
  }

  /**
   * The kernel's and the bias' penalties on the weights {@link #createWeights} made, as the context reads them; a
   * frozen weight adds none, as Keras reads {@code trainable_weights}.
   */
  List<Tensor> penalties(List<Parameter> weights, CallContext context) {
    List<Tensor> losses = new ArrayList<>();
    if (kernelRegularizer != null && weights.get(0).trainable()) {
      losses.add(kernelRegularizer.penalty(context.read(weights.get(0))));
    }
    if (biasRegularizer != null && useBias && weights.get(1).trainable()) {
      losses.add(biasRegularizer.penalty(context.read(weights.get(1))));
    }
    return losses;
  }

  /**
   * Applies the kernel's and the bias' constraints, in place, to the trainable weights {@link #createWeights} made
   * (Keras' optimizer constrains the variables it updates).
   */
  void applyConstraints(List<Parameter> weights) {
    if (kernelConstraint != null && weights.get(0).trainable()) {
      Parameter k = weights.get(0);
      kernelConstraint.apply(k.data(), k.shape());
    }
    if (biasConstraint != null && useBias && weights.get(1).trainable()) {
      Parameter b = weights.get(1);
      biasConstraint.apply(b.data(), b.shape());
    }
  }

  /**
   * Writes {@code use_bias}, the initializers, the regularizers and the constraints in Keras' order; with
   * {@code activityKey}, the {@code activity_regularizer} between the regularizers and the constraints, where Keras'
   * convolutions write it (a set one keeps the place {@link #putActivityBase} gave it, as Keras' dict merge does).
   */
  void putConfig(Map<String, Object> config, boolean activityKey) {
    config.put("use_bias", useBias);
    config.put("kernel_initializer", Configs.envelope(kernelInitializer));
    config.put("bias_initializer", Configs.envelope(biasInitializer));
    config.put("kernel_regularizer", Configs.envelope(kernelRegularizer));
    config.put("bias_regularizer", Configs.envelope(biasRegularizer));
    if (activityKey) {
      config.put("activity_regularizer", Configs.envelope(activityRegularizer));
    }
    config.put("kernel_constraint", Configs.envelope(kernelConstraint));
    config.put("bias_constraint", Configs.envelope(biasConstraint));
  }

  /**
   * A set {@code activity_regularizer} as a base key, for the start of {@code addConfig} (right after {@code dtype}),
   * where Keras 3's base layer writes it.
   */
  void putActivityBase(Map<String, Object> config) {
    if (activityRegularizer != null) {
      config.put("activity_regularizer", Configs.envelope(activityRegularizer));
    }
  }
}
