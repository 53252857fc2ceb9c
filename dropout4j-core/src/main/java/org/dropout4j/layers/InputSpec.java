package org.dropout4j.layers;

import org.dropout4j.tensor.Shape;

/**
 * Keras' {@code InputSpec}: the rank a layer's input must have, exactly ({@code ndim}) or at least
 * ({@code min_ndim}). A layer declares it in its constructor ({@link Layer#inputSpec(InputSpec)}), as Keras layers set
 * {@code self.input_spec}; {@link Layer#validateInput} then checks it, with Keras' message.
 *
 * <pre>{@code
 * inputSpec(InputSpec.ndim(3));                              // (batch, steps, features)
 * inputSpec(InputSpec.minNdim(2, "(batch, ..., features)"));
 * }</pre>
 *
 * @param ndim the exact rank, or {@code -1} for any
 * @param minNdim the least rank
 * @param axes what the axes are, for the message (e.g. {@code (batch, timesteps, ...)}), or empty
 */
public record InputSpec(int ndim, int minNdim, String axes) {
  /** Any rank. */
  public static final InputSpec ANY = new InputSpec(-1, 0, "");

  /** An input of exactly {@code ndim} axes, batch included. */
  public static InputSpec ndim(int ndim) {
    return new InputSpec(ndim, ndim, "");
  }

  /** An input of at least {@code minNdim} axes, batch included; {@code axes} says what they are, or is empty. */
  public static InputSpec minNdim(int minNdim, String axes) {
    return new InputSpec(-1, minNdim, axes);
  }

  /**
   * Checks the rank of a layer's input.
   *
   * @throws IllegalArgumentException naming the layer, the rank expected and the full shape received
   */
  public void check(Layer layer, Shape inputShape) {
    int rank = inputShape.rank();
    if (ndim >= 0 ? rank != ndim : rank < minNdim) {
      throw new IllegalArgumentException("Input 0 of layer \"" + layer.name() + "\" (" + layer.className()
          + ") is incompatible with the layer: expected ndim" + (ndim >= 0 ? "=" + ndim : ">=" + minNdim)
          + (axes.isEmpty() ? "" : " " + axes) + ", found ndim=" + rank + ". Full shape received: " + inputShape);
    }
  }
}
