package org.dropout4j.layers;

import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.tensor.Recurrent.Cell;

/**
 * The weight options of {@link SimpleRNN}, {@link GRU} and {@link LSTM}, with Keras' defaults: {@code use_bias}, each
 * weight's initializer, regularizer and constraint ({@code kernel}, {@code recurrent_kernel}, {@code bias}),
 * LSTM's {@code unit_forget_bias} and the {@code activity_regularizer}. {@link RecurrentLayer.Builder} extends it;
 * every setter returns that builder, so the calls chain in any order. Values are checked when the layer is built.
 *
 * <pre>{@code
 * LSTM.builder(64).dropout(0.2f).kernelConstraint(new MaxNorm(3)).recurrentConstraint(new MaxNorm(3)).build();
 * GRU.builder(32).kernelRegularizer(Regularizer.l2(1e-4)).recurrentRegularizer(Regularizer.l2(1e-4)).build();
 * }</pre>
 *
 * @param <B> the layer's builder type
 */
public abstract class RecurrentWeightsBuilder<B extends RecurrentWeightsBuilder<B>> {
  final Cell cell;
  boolean useBias = true;
  String kernelInitializer = RecurrentLayer.DEFAULT_KERNEL_INITIALIZER;
  String recurrentInitializer = RecurrentLayer.DEFAULT_RECURRENT_INITIALIZER;
  String biasInitializer = RecurrentLayer.DEFAULT_BIAS_INITIALIZER;
  boolean unitForgetBias = true;
  Regularizer kernelRegularizer;
  Regularizer recurrentRegularizer;
  Regularizer biasRegularizer;
  Regularizer activityRegularizer;
  Constraint kernelConstraint;
  Constraint recurrentConstraint;
  Constraint biasConstraint;

  /** Only {@link RecurrentLayer.Builder} extends it. */
  RecurrentWeightsBuilder(Cell cell) {
    this.cell = cell;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Whether to add a bias (default true). */
  public B useBias(boolean value) {
    this.useBias = value;
    return self();
  }

  /** The kernel initializer's Keras name (default glorot_uniform). */
  public B kernelInitializer(String value) {
    this.kernelInitializer = value;
    return self();
  }

  /** The recurrent kernel initializer's Keras name (default orthogonal). */
  public B recurrentInitializer(String value) {
    this.recurrentInitializer = value;
    return self();
  }

  /** The bias initializer's Keras name (default zeros). */
  public B biasInitializer(String value) {
    this.biasInitializer = value;
    return self();
  }

  /**
   * LSTM only: initialize the forget gate's bias to 1 (default true; Jozefowicz et al., ICML 2015).
   *
   * @throws IllegalArgumentException for other layers
   */
  public B unitForgetBias(boolean value) {
    if (cell != Cell.LSTM) {
      throw new IllegalArgumentException("Only LSTM has the argument `unit_forget_bias`");
    }
    this.unitForgetBias = value;
    return self();
  }

  /** A penalty on {@code kernel (input_dim, G*units)}, added to the training loss (default none). */
  public B kernelRegularizer(Regularizer value) {
    this.kernelRegularizer = value;
    return self();
  }

  /** A penalty on {@code recurrent_kernel (units, G*units)} (default none). */
  public B recurrentRegularizer(Regularizer value) {
    this.recurrentRegularizer = value;
    return self();
  }

  /** A penalty on the bias (default none; ignored without {@code use_bias}, as in Keras). */
  public B biasRegularizer(Regularizer value) {
    this.biasRegularizer = value;
    return self();
  }

  /**
   * A penalty on the layer's outputs, {@code penalty(y) / batch_size} for the output and, with {@code return_state},
   * each state, as Keras 3.15 adds it (default none).
   */
  public B activityRegularizer(Regularizer value) {
    this.activityRegularizer = value;
    return self();
  }

  /**
   * A constraint on {@code kernel} after each optimizer step, e.g. {@code new MaxNorm(3)}: with the default axis 0,
   * the norm of each gate unit's input weights (default none).
   */
  public B kernelConstraint(Constraint value) {
    this.kernelConstraint = value;
    return self();
  }

  /** A constraint on {@code recurrent_kernel} after each optimizer step (default none). */
  public B recurrentConstraint(Constraint value) {
    this.recurrentConstraint = value;
    return self();
  }

  /** A constraint on the bias after each optimizer step (default none). */
  public B biasConstraint(Constraint value) {
    this.biasConstraint = value;
    return self();
  }

  /**
   * The regularizers and constraints as rules on the weights: {@code kernel}, {@code recurrent_kernel} (config key
   * {@code recurrent_*}) and {@code bias}, and the activity penalty.
   */
  final WeightRules rules() {
    return WeightRules.NONE.with("kernel", kernelRegularizer, kernelConstraint)
        .with("recurrent", "recurrent_kernel", recurrentRegularizer, recurrentConstraint)
        .with("bias", biasRegularizer, biasConstraint).withActivity(activityRegularizer);
  }
}
