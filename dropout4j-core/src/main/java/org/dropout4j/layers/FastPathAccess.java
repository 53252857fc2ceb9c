package org.dropout4j.layers;

import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** The layers' side of {@link FastPathHooks}: package-private facts about layers that only fused paths read. */
final class FastPathAccess implements FastPathHooks.LayerHooks {
  @Override
  public Ops.FusedActivation fusedActivation(Layer layer) {
    return layer instanceof Dense ? ((Dense) layer).fusedActivation() : null;
  }

  @Override
  public boolean hasPenalties(Layer layer) {
    return layer instanceof Dense && ((Dense) layer).hasPenalties();
  }

  @Override
  public boolean elementwiseBernoulli(Layer layer, Shape inputShape) {
    if (!(layer instanceof Dropout)) {
      return false;
    }
    java.util.List<Integer> noise = ((Dropout) layer).noiseShape();
    return noise == null || Noise.resolveNoiseShape(noise.toArray(new Integer[0]), inputShape, layer.name())
        .equals(inputShape);
  }

  @Override
  public Tensor callPair(Layer layer, Layer next, Tensor input, CallContext context) {
    if (!(layer instanceof Conv2D) || !(next instanceof MaxPooling2D) || !layer.built() || !next.built()
        || !layer.inputShape().compatibleWith(input.shape())) {
      return null;
    }
    return ((Conv2D) layer).callWithPool((MaxPooling2D) next, input, context);
  }
}
