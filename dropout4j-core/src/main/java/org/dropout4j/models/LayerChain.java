package org.dropout4j.models;

import java.util.List;
import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.Tensor;

/**
 * A stack of layers run one after the other, layer {@code i} under {@code context.forLayer(i)}; where two adjacent
 * layers fuse (a {@code Conv2D} followed by a tiling {@code MaxPooling2D}) and the model's plan fuses pairs, the
 * pair runs as one op that gives the same values and gradients.
 */
final class LayerChain {
  private final List<Layer> layers;
  private final boolean fuse;
  private final FastPathHooks.LayerHooks hooks = FastPathHooks.layers();

  private LayerChain(List<Layer> layers, boolean fuse) {
    this.layers = layers;
    this.fuse = fuse;
  }

  /**
   * The chain of {@code layers} (kept by reference: the model's list, fixed once built).
   *
   * @param fuse whether pairs that fuse run as one op (the model's {@link ExecutionPlan#fusesLayerPairs()})
   */
  static LayerChain of(List<Layer> layers, boolean fuse) {
    return new LayerChain(layers, fuse);
  }

  /** The output of the last layer for {@code x}. */
  Tensor call(Tensor x, CallContext context) {
    return call(x, context, 0, layers.size());
  }

  /**
   * The output of layer {@code to - 1} for {@code x} as the input of layer {@code from}; a pair that fuses runs as
   * one op only when both its layers are in the range.
   */
  Tensor call(Tensor x, CallContext context, int from, int to) {
    Tensor h = x;
    int n = to;
    for (int i = from; i < n; i++) {
      Tensor fused = fuse && i + 1 < n ? hooks.callPair(layers.get(i), layers.get(i + 1), h, context.forLayer(i))
          : null; // the second layer of a fused pair takes no randomness (pooling), so its key is not needed
      if (fused != null) {
        h = fused;
        i++;
      } else {
        h = layers.get(i).call(h, context.forLayer(i));
      }
    }
    return h;
  }
}
