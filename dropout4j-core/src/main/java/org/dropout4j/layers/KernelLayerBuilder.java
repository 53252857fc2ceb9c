package org.dropout4j.layers;

import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.regularizers.Regularizer;

/**
 * The options every layer with a kernel and a bias takes ({@link Dense}, {@link Conv1D}, {@link Conv2D}), with Keras'
 * defaults: the name, {@code trainable}, the activation, {@code use_bias}, the kernel's and the bias' initializer,
 * regularizer and constraint, and the activity regularizer. Each layer's {@code Builder} extends it with its own
 * options; every setter returns that builder, so the calls chain in any order. Values are checked when the layer is
 * built.
 *
 * <pre>{@code
 * Conv2D.builder(32, 3).activation("relu").padding("same").kernelConstraint(new MaxNorm(3)).build();
 * }</pre>
 *
 * @param <B> the layer's builder type
 */
public abstract class KernelLayerBuilder<B extends KernelLayerBuilder<B>> {
  String name;
  boolean trainable = true;
  String activation = Activation.LINEAR;
  boolean useBias = true;
  String kernelInitializer = Configs.GLOROT_UNIFORM;
  String biasInitializer = Configs.ZEROS;
  Regularizer kernelRegularizer;
  Regularizer biasRegularizer;
  Constraint kernelConstraint;
  Constraint biasConstraint;
  Regularizer activityRegularizer;

  /** Only this package's layer builders extend it. */
  KernelLayerBuilder() {
  }

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /** The layer's name (default: assigned by the model from the class name, e.g. {@code dense_1}). */
  public B name(String value) {
    this.name = value;
    return self();
  }

  /** Whether the weights are trained (default true). */
  public B trainable(boolean value) {
    this.trainable = value;
    return self();
  }

  /** The activation's Keras name (default {@code linear}). */
  public B activation(String value) {
    this.activation = value;
    return self();
  }

  /** Whether to add a bias (default true). */
  public B useBias(boolean value) {
    this.useBias = value;
    return self();
  }

  /** The kernel initializer's Keras name (default {@code glorot_uniform}). */
  public B kernelInitializer(String value) {
    this.kernelInitializer = value;
    return self();
  }

  /** The bias initializer's Keras name (default {@code zeros}). */
  public B biasInitializer(String value) {
    this.biasInitializer = value;
    return self();
  }

  /** A penalty on the kernel (default none). */
  public B kernelRegularizer(Regularizer value) {
    this.kernelRegularizer = value;
    return self();
  }

  /** A penalty on the bias (default none). */
  public B biasRegularizer(Regularizer value) {
    this.biasRegularizer = value;
    return self();
  }

  /** A constraint on the kernel, e.g. {@code new MaxNorm(3)} (default none). */
  public B kernelConstraint(Constraint value) {
    this.kernelConstraint = value;
    return self();
  }

  /** A constraint on the bias (default none). */
  public B biasConstraint(Constraint value) {
    this.biasConstraint = value;
    return self();
  }

  /**
   * A penalty on the layer's output, added to each batch's loss as {@code penalty(output) / batch_size}, as Keras
   * 3.15 does (default none).
   */
  public B activityRegularizer(Regularizer value) {
    this.activityRegularizer = value;
    return self();
  }

  /** Reads the base keys ({@link ConfigReader#layerBase()}), then {@code name} and {@code trainable}. */
  final B readBase(ConfigReader r) {
    r.layerBase();
    return name(r.string("name", null)).trainable(r.bool("trainable", true));
  }

  /**
   * Reads {@code activation}, {@code use_bias}, the kernel's and bias' {@code *_initializer},
   * {@code *_regularizer} and {@code *_constraint} keys and {@code activity_regularizer}, with Keras' defaults for
   * the missing ones.
   */
  final B readKernelBias(ConfigReader r) {
    activation(ConfigObjects.activation(r, "activation"));
    useBias(r.bool("use_bias", true));
    kernelInitializer(ConfigObjects.initializer(r, "kernel_initializer", Configs.GLOROT_UNIFORM));
    biasInitializer(ConfigObjects.initializer(r, "bias_initializer", Configs.ZEROS));
    kernelRegularizer(ConfigObjects.regularizer(r, "kernel_regularizer"));
    biasRegularizer(ConfigObjects.regularizer(r, "bias_regularizer"));
    kernelConstraint(ConfigObjects.constraint(r, "kernel_constraint"));
    activityRegularizer(ConfigObjects.regularizer(r, "activity_regularizer"));
    return biasConstraint(ConfigObjects.constraint(r, "bias_constraint"));
  }
}
