package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.AxisGather;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.MergeOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

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
    InputSpec.ndim(rank).check(layer, inputShape);
  }

  /**
   * Writes a convolution's {@code filters} and geometry in Keras' order: {@code filters}, {@code kernel_size},
   * {@code strides}, {@code padding}, {@code data_format}, {@code dilation_rate}, {@code groups}.
   */
  static void putConvKeys(Map<String, Object> config, int filters, int[] kernelSize, int[] strides, String padding,
      String dataFormat, int[] dilationRate, int groups) {
    config.put("filters", filters);
    config.put("kernel_size", list(kernelSize));
    config.put("strides", list(strides));
    config.put("padding", padding);
    config.put("data_format", dataFormat);
    config.put("dilation_rate", list(dilationRate));
    config.put("groups", groups);
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

  /** Reads Keras' {@code groups} argument, refusing grouped convolutions (layers without {@code groups}). */
  static void requireOneGroup(ConfigReader r) {
    int groups = r.integer("groups", 1);
    if (groups != 1) {
      throw r.invalid("groups", "1 (grouped convolutions are not supported)", groups);
    }
  }

  /**
   * Checks Keras' {@code groups}: positive and dividing {@code filters}.
   *
   * @throws IllegalArgumentException naming the layer class, the argument and the values otherwise
   */
  static int groups(String layer, int groups, int filters) {
    if (groups < 1 || filters % groups != 0) {
      throw new IllegalArgumentException("Invalid value for argument `groups` of " + layer + ": expected a positive "
          + "integer that divides filters=" + filters + ", received groups=" + groups);
    }
    return groups;
  }

  /**
   * Checks that the input channels split into {@code groups} (Keras: "The number of input channels must be evenly
   * divisible by the number of groups").
   *
   * @throws IllegalArgumentException naming the layer, the groups and the input shape otherwise
   */
  static void requireGroupedChannels(Layer layer, int channels, int groups, Shape inputShape) {
    if (channels % groups != 0) {
      throw new IllegalArgumentException("Input of layer \"" + layer.name() + "\" (" + layer.className() + ") is "
          + "incompatible with the layer: the number of input channels must be evenly divisible by the number of "
          + "groups, received groups=" + groups + " and input with shape " + inputShape);
    }
  }

  /**
   * Keras' grouped convolution over an NHWC input: the input channels and the filters split into {@code groups}
   * equal runs, run {@code g} of the filters sees run {@code g} of the channels only (kernel
   * {@code (kh, kw, channels / groups, filters)}); the parts are joined along the channels. One group is
   * {@link ConvOps#conv2d} itself.
   */
  static Tensor groupedConv2d(Tensor x, Tensor kernel, Tensor bias, Conv2dGeometry g, int groups,
      Ops.FusedActivation activation) {
    if (groups == 1) {
      return ConvOps.conv2d(x, kernel, bias, g, activation);
    }
    int channels = x.shape().dim(3) / groups;
    int filters = kernel.shape().dim(3) / groups;
    List<Tensor> parts = new ArrayList<>();
    for (int k = 0; k < groups; k++) {
      Tensor xk = AxisGather.gather(x, new int[] {0, 1, 2, 3}, new int[][] {range(0, x.shape().dim(0)),
          range(0, x.shape().dim(1)), range(0, x.shape().dim(2)), range(k * channels, channels)});
      Tensor kk = AxisGather.gather(kernel, new int[] {0, 1, 2, 3}, new int[][] {range(0, kernel.shape().dim(0)),
          range(0, kernel.shape().dim(1)), range(0, channels), range(k * filters, filters)});
      Tensor bk = bias == null ? null : AxisGather.gather(bias, new int[] {0}, new int[][] {range(k * filters,
          filters)});
      parts.add(ConvOps.conv2d(xk, kk, bk, g, activation));
    }
    return MergeOps.concat(parts, 3);
  }

  /** {@code from, from + 1, ..., from + n - 1}. */
  private static int[] range(int from, int n) {
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = from + i;
    }
    return t;
  }
}
