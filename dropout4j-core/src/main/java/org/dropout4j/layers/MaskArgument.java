package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code mask} call argument given as a tensor ({@code layer(x, mask=m)}): a {@code (batch, timesteps)} tensor,
 * nonzero = keep (Keras' boolean mask, e.g. {@code keras.ops.not_equal(ids, 0)}), that the layer reads instead of the
 * mask its input carries. Taken by the layers that read a mask ({@link Layer#takesMaskArgument()}: recurrent layers,
 * Bidirectional, GlobalAveragePooling1D); any other layer refuses it by name when the call is recorded.
 */
final class MaskArgument {
  /** Keras' name of the argument. */
  static final String NAME = "mask";

  private MaskArgument() {
  }

  /**
   * Checks the argument's value when the call is recorded.
   *
   * @throws IllegalArgumentException naming the layer unless the value is one symbolic tensor
   */
  static void check(Layer layer, Object value) {
    if (!(value instanceof List<?> l) || l.size() != 1 || !(l.get(0) instanceof KerasTensor)) {
      throw new IllegalArgumentException(RecurrentCalls.label(layer) + ": `mask` takes one (batch, timesteps) tensor, "
          + "received " + value);
    }
  }

  /**
   * Checks the mask's shape against the input {@code (batch, timesteps, ...)}.
   *
   * @throws IllegalArgumentException with the expected and the received shape
   */
  static void checkShape(Shape input, Map<String, List<Shape>> argumentShapes) {
    List<Shape> mask = argumentShapes.getOrDefault(NAME, List.of());
    if (!mask.isEmpty()) {
      Shape expected = Shape.of(input.dim(0), input.dim(1));
      if (!expected.compatibleWith(mask.get(0))) {
        throw new IllegalArgumentException("`mask` must have shape " + expected + " (batch, timesteps) of the input "
            + input + ", received shape " + mask.get(0));
      }
    }
  }

  /**
   * The input carrying the call's mask (nonzero = keep, as 1/0 constants) if there is one, else as it is: what the
   * layer reads, and the mask its output carries where it passes masks on.
   */
  static Tensor applied(Tensor input, Map<String, List<Tensor>> tensorArguments) {
    List<Tensor> mask = tensorArguments.get(NAME);
    if (mask == null || mask.isEmpty()) {
      return input;
    }
    Tensor m = mask.get(0);
    float[] v = m.toArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] != 0f ? 1f : 0f;
    }
    return input.withMask(Tensor.of(m.shape(), v));
  }
}
