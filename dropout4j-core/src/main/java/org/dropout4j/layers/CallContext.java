package org.dropout4j.layers;

import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;

/**
 * The immutable context of one forward pass, passed down by the model to every layer: training or inference,
 * whether gradients are recorded, and the random key for this step.
 *
 * <p>There is no global training flag: {@code fit} passes a training context, {@code evaluate}/{@code predict} an
 * inference one, and any single call can be forced into training mode with {@link #withTraining(boolean)} — the
 * Keras {@code layer(x, training=True)} idiom that Monte Carlo dropout builds on.
 */
public final class CallContext {
  private static final RngKey DEFAULT_KEY = RngKey.of(0x6472_6F70_6F75_7434L);

  private final boolean training;
  private final boolean recordGradients;
  private final RngKey key;
  private final long step;

  private CallContext(boolean training, boolean recordGradients, RngKey key, long step) {
    this.training = training;
    this.recordGradients = recordGradients;
    this.key = key;
    this.step = step;
  }

  /** Inference: dropout is the identity, no graph is recorded. */
  public static CallContext inference() {
    return new CallContext(false, false, DEFAULT_KEY, 0);
  }

  /**
   * A training step: noise layers draw from {@code key}; gradients are recorded.
   *
   * @param key the step's random key (layers fold in their index)
   * @param step the global training step, used by layers with their own seed
   */
  public static CallContext training(RngKey key, long step) {
    return new CallContext(true, true, key, step);
  }

  /** Whether layers behave as in training (dropout active). */
  public boolean training() {
    return training;
  }

  /** Whether weights are read as differentiable leaves. */
  public boolean recordGradients() {
    return recordGradients;
  }

  /** The global training step of this call. */
  public long step() {
    return step;
  }

  /** The same context with the training flag overridden (Keras' {@code training=True/False} argument). */
  public CallContext withTraining(boolean value) {
    return new CallContext(value, recordGradients, key, step);
  }

  /** The same context drawing noise from {@code newKey} at {@code newStep}. */
  public CallContext withKey(RngKey newKey, long newStep) {
    return new CallContext(training, recordGradients, newKey, newStep);
  }

  /** The context for the layer at {@code index} of a container: its own independent random key. */
  public CallContext forLayer(int index) {
    return new CallContext(training, recordGradients, key.fold(index), step);
  }

  /**
   * The key a noise layer draws from: the context's key, or, if the layer has its own {@code seed}, a key from
   * that seed and the step (so the layer's masks depend only on its seed and the step).
   */
  public RngKey noiseKey(Long layerSeed) {
    return layerSeed == null ? key : RngKey.of(layerSeed).fold(step);
  }

  /** A weight's value: differentiable when gradients are recorded, constant otherwise. */
  public Tensor read(Parameter p) {
    return recordGradients ? p.value() : p.constant();
  }

  @Override
  public String toString() {
    return "CallContext[training=" + training + ", step=" + step + "]";
  }
}
