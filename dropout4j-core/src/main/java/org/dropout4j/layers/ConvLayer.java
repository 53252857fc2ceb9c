package org.dropout4j.layers;

import java.util.List;
import org.dropout4j.tensor.Tensor;

/**
 * What the convolutions with {@link ConvWeights} share ({@link Conv3D}, {@link Conv2DTranspose},
 * {@link DepthwiseConv2D}, {@link SeparableConv1D}, {@link SeparableConv2D}): their weights' penalties in the loss
 * and their constraints after each update.
 */
abstract class ConvLayer extends Layer {
  /** The kernels and bias with their initializers, regularizers and constraints, and the activity regularizer. */
  final ConvWeights convWeights;

  ConvLayer(String name, boolean trainable, ConvWeights convWeights) {
    super(name, trainable);
    this.convWeights = convWeights;
  }

  @Override
  public final List<Tensor> regularizationLosses(CallContext context) {
    return convWeights.penalties(weights(), context);
  }

  @Override
  public final void applyConstraints() {
    convWeights.applyConstraints(weights());
  }
}
