package org.dropout4j.layers;

import java.util.List;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of the layers a {@link KernelLayerBuilder} builds ({@link Dense}, {@link Conv1D}, {@link Conv2D}):
 * the name, {@code trainable} and kernel-and-bias options ({@link KernelBias}) from the builder, a {@code kernel}
 * weight first and a {@code bias} second when used, and their penalties and constraints.
 */
abstract class KernelLayer extends Layer {
  /** The kernel-and-bias options; {@link KernelBias#createWeights} makes the weights. */
  final KernelBias kb;

  /**
   * @param descriptor the subclass's {@code DESCRIPTOR}, which gives its Keras class name
   * @throws IllegalArgumentException for an unknown initializer name
   */
  KernelLayer(KernelLayerBuilder<?> b, LayerDescriptor<?> descriptor) {
    super(b.name, b.trainable, descriptor);
    this.kb = new KernelBias(b);
  }

  /** Whether the layer adds a bias. */
  public final boolean useBias() {
    return kb.useBias;
  }

  /** The bias as the context reads it, or {@code null} for a layer without one. */
  final Tensor bias(CallContext context) {
    return kb.useBias ? context.read(weights().get(1)) : null;
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
