package org.dropout4j.layers;

/**
 * The dropout family: layers that multiply or perturb their input (or their weights) with random noise that has a
 * drop probability {@link #rate()}, draw it in training and in Monte Carlo dropout passes, and are the identity
 * (or their deterministic mean) at inference. The one test of membership that the training loop (a
 * {@code DropoutRateScheduler}'s target), Monte Carlo dropout, the fused planner and export consult.
 *
 * <p>Members: every {@code BaseDropout} ({@code Dropout}, the spatial variants, {@code GaussianDropout},
 * {@code AlphaDropout}), whose rate a scheduler may set per epoch, and {@code DropConnectDense}, whose weight mask
 * has a fixed rate.
 */
public interface DropoutFamily {
  /** The layer's name; {@code null} until a model assigns one. */
  String name();

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
}
