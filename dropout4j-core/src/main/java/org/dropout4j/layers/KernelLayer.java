package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of the layers a {@link KernelLayerBuilder} builds ({@link Dense}, {@link Conv1D}, {@link Conv2D}):
 * the name, {@code trainable}, activation and kernel-and-bias options ({@link KernelBias}) from the builder, a
 * {@code kernel} weight first and a {@code bias} second when used, their penalties and constraints, and their config
 * keys.
 */
abstract class KernelLayer extends Layer {
  /** The kernel-and-bias options; {@link KernelBias#createWeights} makes the weights. */
  final KernelBias kb;
  /** The activation applied to the output. */
  final ActivationFunction activation;

  /**
   * @param descriptor the subclass's {@code DESCRIPTOR}, which gives its Keras class name
   * @throws IllegalArgumentException for an unknown initializer or activation name
   */
  KernelLayer(KernelLayerBuilder<?> b, LayerDescriptor<?> descriptor) {
    super(b.name, b.trainable, descriptor);
    this.kb = new KernelBias(b);
    this.activation = Activations.get(b.activation);
  }

  /** Whether the layer adds a bias. */
  public final boolean useBias() {
    return kb.useBias;
  }

  /** The bias as the context reads it, or {@code null} for a layer without one. */
  final Tensor bias(CallContext context) {
    return kb.useBias ? context.read(weights().get(1)) : null;
  }

  /**
   * Writes {@code activation}, then the kernel-and-bias keys in Keras' order ({@link KernelBias#putConfig}; with
   * {@code activityKey}, a {@code null} {@code activity_regularizer} as Keras' convolutions write it).
   */
  final void putActivationAndWeightKeys(Map<String, Object> config, boolean activityKey) {
    config.put("activation", activation.name());
    kb.putConfig(config, activityKey);
  }

  @Override
  public final List<Tensor> regularizationLosses(CallContext context) {
    return kb.penalties(weights(), context);
  }

  @Override
  public final void applyConstraints() {
    kb.applyConstraints(weights());
  }
}
