package org.dropout4j.layers.regularization;

import java.util.Locale;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.Shape;

/** What the spatial dropout variants share: the rank check, {@code data_format} and the per-channel noise shape. */
final class Spatial {
  /** Keras' default {@code data_format} (its {@code image_data_format} when never configured). */

  private Spatial() {
  }

  /**
   * The standardized {@code data_format}: {@code null} means {@code channels_last}; case-insensitive.
   *
   * @throws IllegalArgumentException for anything but {@code channels_last} or {@code channels_first}
   */
  static String dataFormat(String value, String className) {
    String f = value == null ? Configs.CHANNELS_LAST : value.toLowerCase(Locale.ROOT);
    if (!f.equals(Configs.CHANNELS_LAST) && !f.equals(Configs.CHANNELS_FIRST)) {
      throw new IllegalArgumentException("Invalid value for argument `data_format` of " + className
          + ": expected \"channels_last\" or \"channels_first\", received data_format=" + value);
    }
    return f;
  }

  /**
   * Checks the input rank, Keras' {@code InputSpec(ndim=...)} message.
   *
   * @throws IllegalArgumentException naming the layer, the expected rank and the full shape received
   */
  static void checkRank(Shape input, int rank, Layer layer) {
    if (input.rank() != rank) {
      throw new IllegalArgumentException("Input 0 of layer \"" + layer.name() + "\" (" + layer.className()
          + ") is incompatible with the layer: expected ndim=" + rank + ", found ndim=" + input.rank()
          + ". Full shape received: " + input);
    }
  }

  /** One decision per (sample, channel): every other axis of the noise shape is 1. */
  static Shape channelNoiseShape(Shape input, boolean channelsFirst) {
    int[] d = new int[input.rank()];
    java.util.Arrays.fill(d, 1);
    int channel = channelsFirst ? 1 : d.length - 1;
    d[0] = input.dim(0);
    d[channel] = input.dim(channel);
    return Shape.of(d);
  }
}
