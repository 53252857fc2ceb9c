package org.dropout4j.layers;

import org.dropout4j.tensor.Shape;

/**
 * The dropout family: layers that multiply or perturb their input (or their weights) with random noise that has a
 * drop probability {@link #rate()}, draw it in training and in Monte Carlo dropout passes, and are the identity
 * (or their deterministic mean) at inference. The one test of membership that the training loop (a
 * {@code DropoutRateScheduler}'s target), Monte Carlo dropout, the fused planner and export consult.
 *
 * <p>Members: every {@code BaseDropout} ({@code Dropout}, the spatial variants, {@code GaussianDropout},
 * {@code AlphaDropout}), whose rate a scheduler may set per epoch; {@code DropConnectDense}, whose weight mask has a
 * fixed rate; and {@code ConcreteDropout}, whose rate is learned. Not members, because they have no single drop
 * probability: {@code GaussianNoise} (additive noise of a standard deviation), {@code SparseVariationalDense} (one
 * learned noise variance per weight) and the recurrent layers (two rates, {@code dropout} and
 * {@code recurrent_dropout}, on a layer that is not itself a dropout layer); they draw their noise under the same
 * rule, {@link CallContext#dropoutActive()} (training or a Monte Carlo pass).
 */
public interface DropoutFamily {
  /** The layer's name; {@code null} until a model assigns one. */
  String name();

  /** The layer's Keras {@code class_name}. */
  String className();

  /** The probability to drop, in {@code [0, 1)}. */
  float rate();

  /** The layer's own seed, or {@code null} to draw from the model's random stream. */
  Long seed();

  /**
   * Whether a {@code DropoutRateScheduler} may set the rate during training (the layer reads it from the
   * context, {@link CallContext#dropoutRate(String, float)}). Default: no.
   */
  default boolean schedulable() {
    return false;
  }

  /** Whether the layer draws noise in Monte Carlo dropout passes. Default: yes. */
  default boolean mcDropout() {
    return true;
  }

  /**
   * Whether the layer draws noise in a pass with this context: in training, and in a Monte Carlo pass if the layer
   * takes part in those ({@link #mcDropout()}).
   */
  default boolean drawsNoise(CallContext context) {
    return context.training() || (context.mcDropout() && mcDropout());
  }

  /**
   * How many samples the batch stacks in this pass: in a batched Monte Carlo pass
   * ({@link CallContext#mcSamplesPerPass()}) the input holds that many copies of the batch, one after the other, and
   * noise shared along the batch (a {@code noise_shape} of 1 on axis 0, or a weight mask) must be drawn once per
   * copy; 1 otherwise. The one place that splits a stacked batch for the whole family.
   *
   * @param context the pass
   * @param input the shape of the layer's input
   * @throws IllegalArgumentException if the batch is not a multiple of the number of copies
   */
  default int stackedCopies(CallContext context, Shape input) {
    int copies = context.mcSamplesPerPass();
    if (copies <= 1) {
      return 1;
    }
    if (input.dim(0) % copies != 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className() + "): a Monte Carlo pass of "
          + copies + " samples needs a batch that is a multiple of " + copies + ", received shape " + input);
    }
    return copies;
  }
}
