package org.dropout4j.layers;

import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.regularizers.Regularizer;

/**
 * Options of {@link MultiHeadAttention}, with Keras 3.15's defaults: {@code MultiHeadAttention.builder(numHeads,
 * keyDim)...build()}.
 */
public final class MultiHeadAttentionBuilder {
  final int numHeads;
  final int keyDim;
  Integer valueDim;
  float dropout;
  boolean useBias = true;
  boolean useGate;
  int[] outputShape;
  int[] attentionAxes;
  Integer slidingWindow;
  String kernelInitializer = Configs.GLOROT_UNIFORM;
  String biasInitializer = Configs.ZEROS;
  Long seed;
  String name;
  boolean trainable = true;
  Regularizer kernelRegularizer;
  Regularizer biasRegularizer;
  Regularizer activityRegularizer;
  Constraint kernelConstraint;
  Constraint biasConstraint;

  MultiHeadAttentionBuilder(int numHeads, int keyDim) {
    this.numHeads = numHeads;
    this.keyDim = keyDim;
  }

  /** Each head's value size, positive; default {@code key_dim}. */
  public MultiHeadAttentionBuilder valueDim(int value) {
    this.valueDim = value;
    return this;
  }

  /** The probability to drop an attention probability, in {@code [0, 1)}; default 0. */
  public MultiHeadAttentionBuilder dropout(float value) {
    this.dropout = value;
    return this;
  }

  /** Whether the projections have biases; default true. */
  public MultiHeadAttentionBuilder useBias(boolean value) {
    this.useBias = value;
    return this;
  }

  /** Whether a sigmoid gate of the query scales each head's attended values (Keras 3.15); default false. */
  public MultiHeadAttentionBuilder useGate(boolean value) {
    this.useGate = value;
    return this;
  }

  /** The output's trailing shape (positive sizes), or {@code null} (default) for the query's last axis. */
  public MultiHeadAttentionBuilder outputShape(int... value) {
    this.outputShape = value;
    return this;
  }

  /** The attention axes (a trailing run of the axes between batch and features), or {@code null} (all). */
  public MultiHeadAttentionBuilder attentionAxes(int... value) {
    this.attentionAxes = value;
    return this;
  }

  /** Keras' {@code sliding_window}: query {@code i} sees keys {@code |i - j| < value}; default none. */
  public MultiHeadAttentionBuilder slidingWindow(Integer value) {
    this.slidingWindow = value;
    return this;
  }

  /** The kernels' initializer name; default glorot_uniform. */
  public MultiHeadAttentionBuilder kernelInitializer(String value) {
    this.kernelInitializer = value;
    return this;
  }

  /** The biases' initializer name; default zeros. */
  public MultiHeadAttentionBuilder biasInitializer(String value) {
    this.biasInitializer = value;
    return this;
  }

  /** The dropout's own seed, or {@code null} (default) to draw from the model's random stream. */
  public MultiHeadAttentionBuilder seed(Long value) {
    this.seed = value;
    return this;
  }

  /** The layer's name, or {@code null}. */
  public MultiHeadAttentionBuilder name(String value) {
    this.name = value;
    return this;
  }

  /** Whether the weights are trained; default true. */
  public MultiHeadAttentionBuilder trainable(boolean value) {
    this.trainable = value;
    return this;
  }

  /** A penalty on each projection's kernel (query, key, value, gate, output), as Keras (default none). */
  public MultiHeadAttentionBuilder kernelRegularizer(Regularizer value) {
    this.kernelRegularizer = value;
    return this;
  }

  /** A penalty on each projection's bias (default none). */
  public MultiHeadAttentionBuilder biasRegularizer(Regularizer value) {
    this.biasRegularizer = value;
    return this;
  }

  /**
   * A penalty on each projection's output, {@code penalty(projection) / batch_size}, as Keras 3.15 passes it to
   * the query, key, value, gate and output sub-layers (default none).
   */
  public MultiHeadAttentionBuilder activityRegularizer(Regularizer value) {
    this.activityRegularizer = value;
    return this;
  }

  /** A constraint on each projection's kernel after each optimizer step (default none). */
  public MultiHeadAttentionBuilder kernelConstraint(Constraint value) {
    this.kernelConstraint = value;
    return this;
  }

  /** A constraint on each projection's bias after each optimizer step (default none). */
  public MultiHeadAttentionBuilder biasConstraint(Constraint value) {
    this.biasConstraint = value;
    return this;
  }

  /** The regularizers and constraints as rules on every projection's {@code kernel} and {@code bias}. */
  WeightRules rules() {
    return WeightRules.NONE.with("kernel", kernelRegularizer, kernelConstraint)
        .with("bias", biasRegularizer, biasConstraint).withActivity(activityRegularizer);
  }

  /**
   * The layer.
   *
   * @throws IllegalArgumentException for a non-positive size, a dropout outside {@code [0, 1)}, empty
   *     attention axes or an unknown initializer
   */
  public MultiHeadAttention build() {
    return new MultiHeadAttention(this);
  }
}
