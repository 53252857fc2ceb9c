package org.dropout4j.layers;

import java.util.List;
import org.dropout4j.tensor.Shape;

/** Argument checks and shape helpers shared by the convolution and pooling layers. */
final class ConvArgs {
  static final String SAME = "same";

  private ConvArgs() {
  }

  /** A pair of positive integers from one value or two, e.g. Keras' {@code kernel_size=3} or {@code (3, 3)}. */
  static int[] pair(String layer, String argument, int[] values) {
    if (values == null || (values.length != 1 && values.length != 2)) {
      throw new IllegalArgumentException("Invalid value for argument `" + argument + "` of " + layer
          + ": expected an integer or a tuple of 2 integers, received " + argument + "="
          + (values == null ? "None" : java.util.Arrays.toString(values)));
    }
    int[] p = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
    if (p[0] <= 0 || p[1] <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `" + argument + "` of " + layer
          + ": expected positive integers, received " + argument + "=" + tuple(p));
    }
    return p;
  }

  static String padding(String layer, String value) {
    String v = value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
    if (!Configs.VALID.equals(v) && !SAME.equals(v)) {
      throw new IllegalArgumentException("Invalid value for argument `padding` of " + layer
          + ": expected one of {\"valid\", \"same\"}, received padding=" + value);
    }
    return v;
  }

  static String dataFormat(String layer, String value) {
    String v = value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
    if (!Configs.CHANNELS_LAST.equals(v) && !Configs.CHANNELS_FIRST.equals(v)) {
      throw new IllegalArgumentException("Invalid value for argument `data_format` of " + layer
          + ": expected one of {\"channels_last\", \"channels_first\"}, received data_format=" + value);
    }
    return v;
  }

  /** Keras' tuple notation, e.g. {@code (3, 3)}. */
  static String tuple(int[] p) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < p.length; i++) {
      sb.append(i > 0 ? ", " : "").append(p[i]);
    }
    return sb.append(p.length == 1 ? ",)" : ")").toString();
  }

  /** A tuple as a config value (a JSON list). */
  static List<Integer> list(int[] p) {
    return java.util.Arrays.stream(p).boxed().toList();
  }

  /** Keras' rank error: names the layer, the expected rank and the full shape received. */
  static void requireRank(Layer layer, Shape inputShape, int rank) {
    if (inputShape.rank() != rank) {
      throw new IllegalArgumentException("Input 0 of layer \"" + layer.name() + "\" (" + layer.className()
          + ") is incompatible with the layer: expected ndim=" + rank + ", found ndim=" + inputShape.rank()
          + ". Full shape received: " + inputShape);
    }
  }

  /** {@code (batch, height, width, channels)} of a rank-4 shape in the given data format. */
  static int[] nhwc(Shape s, String dataFormat) {
    return Configs.CHANNELS_LAST.equals(dataFormat) ? new int[] {s.dim(0), s.dim(1), s.dim(2), s.dim(3)}
        : new int[] {s.dim(0), s.dim(2), s.dim(3), s.dim(1)};
  }

  /** A rank-4 shape from {@code (batch, height, width, channels)} in the given data format. */
  static Shape fromNhwc(int n, int h, int w, int c, String dataFormat) {
    return Configs.CHANNELS_LAST.equals(dataFormat) ? Shape.of(n, h, w, c) : Shape.of(n, c, h, w);
  }

  /** Reads Keras' {@code groups} argument, refusing grouped convolutions. */
  static void requireOneGroup(ConfigReader r) {
    int groups = r.integer("groups", 1);
    if (groups != 1) {
      throw r.invalid("groups", "1 (grouped convolutions are not supported)", groups);
    }
  }
}
