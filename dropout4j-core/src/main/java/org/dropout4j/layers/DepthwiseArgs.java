package org.dropout4j.layers;

import java.util.Arrays;
import java.util.Map;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.DepthwiseOps;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The validated spatial arguments of DepthwiseConv2D and SeparableConv1D/2D (1-D in the 2-D form, width 1), their
 * config reading and writing, and their depthwise and separable steps.
 */
record DepthwiseArgs(int[] kernelSize, int[] strides, String padding, String dataFormat, int[] dilationRate,
    int depthMultiplier) {

  /** A depthwise-family config as read: the layer's name, {@code filters} (0 without), arguments and weights. */
  record Read(String name, int filters, DepthwiseArgs args, String activation, ConvWeights weights) {
  }

  /**
   * Reads a {@code DepthwiseConv2D} ({@code separable=false}) or {@code SeparableConv1D}/{@code 2D} config of
   * {@code rank} spatial axes: the base keys (a {@code trainable} of false is refused), {@code depth_multiplier},
   * {@code filters} (separable), the spatial arguments, the activation and the depthwise (and pointwise) kernel and
   * bias with their initializers, regularizers and constraints and the activity regularizer; LoRA is refused.
   */
  static Read read(ConfigReader r, String layer, int rank, boolean separable) {
    String name = r.unfrozenName(layer);
    int multiplier = r.integer("depth_multiplier", 1);
    int filters = separable ? r.requiredInt("filters") : 0;
    int[] k = spatial(r, "kernel_size", rank, null);
    if (k == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `kernel_size`");
    }
    int[] strides = spatial(r, "strides", rank, new int[] {1});
    String padding = r.string("padding", Configs.VALID);
    String dataFormat = r.string("data_format", Configs.CHANNELS_LAST);
    int[] dilation = spatial(r, "dilation_rate", rank, new int[] {1});
    String activation = ConfigObjects.activation(r, "activation");
    ConvWeights weights = separable ? ConvWeights.read(r, "depthwise", "pointwise") : ConvWeights.read(r, "depthwise");
    if (separable) { // tf.keras 2 writes its convolution base's unused kernel keys
      r.ignore("kernel_initializer");
      r.requireNull("kernel_regularizer", "a separable convolution has no `kernel` (tf.keras 2 writes null)");
      r.requireNull("kernel_constraint", "a separable convolution has no `kernel` (tf.keras 2 writes null)");
    }
    r.requireNull("lora_rank", "LoRA is not supported");
    DepthwiseArgs args = rank == 1 ? of1d(layer, k[0], strides[0], padding, dataFormat, dilation[0], multiplier)
        : of(layer, k, strides, padding, dataFormat, dilation, multiplier);
    return new Read(name, filters, args, activation, weights);
  }

  private static int[] spatial(ConfigReader r, String key, int rank, int[] fallback) {
    if (rank == 2) {
      return r.intOrPair(key, fallback);
    }
    Integer v = r.single(key, fallback == null ? null : fallback[0]);
    return v == null ? null : new int[] {v};
  }

  /** The 2-D form of 1-D arguments: kernel {@code (kernel_size, 1)}, strides {@code (strides, 1)}, ... */
  static DepthwiseArgs of1d(String layer, int kernelSize, int strides, String padding, String dataFormat,
      int dilationRate, int depthMultiplier) {
    return of(layer, new int[] {kernelSize, 1}, new int[] {strides, 1}, padding, dataFormat,
        new int[] {dilationRate, 1}, depthMultiplier);
  }

  static DepthwiseArgs of(String layer, int[] kernelSize, int[] strides, String padding, String dataFormat,
      int[] dilationRate, int depthMultiplier) {
    if (depthMultiplier <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `depth_multiplier` of " + layer + ": expected a "
          + "positive integer, received depth_multiplier=" + depthMultiplier);
    }
    int[] s = ConvArgs.pair(layer, "strides", strides);
    int[] d = ConvArgs.pair(layer, "dilation_rate", dilationRate);
    if ((s[0] > 1 || s[1] > 1) && (d[0] > 1 || d[1] > 1)) {
      throw new IllegalArgumentException("Invalid arguments of " + layer + ": `strides > 1` not supported in "
          + "conjunction with `dilation_rate > 1`, received strides=" + ConvArgs.tuple(s) + " and dilation_rate="
          + ConvArgs.tuple(d));
    }
    return new DepthwiseArgs(ConvArgs.pair(layer, "kernel_size", kernelSize), s, ConvArgs.padding(layer, padding),
        ConvArgs.dataFormat(layer, dataFormat), d, depthMultiplier);
  }

  boolean channelsFirst() {
    return Configs.CHANNELS_FIRST.equals(dataFormat);
  }

  int channels(Shape inputShape) {
    return ConvArgs.nhwc(inputShape, dataFormat)[3];
  }

  Shape depthwiseKernelShape(Shape inputShape) {
    return Shape.of(kernelSize[0], kernelSize[1], channels(inputShape), depthMultiplier);
  }

  Conv2dGeometry geometry(Tensor nhwc) {
    return Conv2dGeometry.of(nhwc.shape().dim(1), nhwc.shape().dim(2), kernelSize[0], kernelSize[1], strides[0],
        strides[1], dilationRate[0], dilationRate[1], ConvArgs.SAME.equals(padding));
  }

  /**
   * The separable convolution of an NHWC input: the depthwise step, then a 1x1 convolution with
   * {@code pointwise (1, 1, C * depth_multiplier, filters)} and the bias.
   */
  Tensor separable(Tensor nhwc, Tensor depthwiseKernel, Tensor pointwiseKernel, Tensor bias) {
    Tensor mid = depthwise(nhwc, depthwiseKernel, null);
    Conv2dGeometry pointwise = Conv2dGeometry.of(mid.shape().dim(1), mid.shape().dim(2), 1, 1, 1, 1, 1, 1, false);
    return ConvOps.conv2d(mid, pointwiseKernel, bias, pointwise, org.dropout4j.tensor.Ops.FusedActivation.LINEAR);
  }

  /** The depthwise convolution of an NHWC input: {@code (n, h', w', C * depth_multiplier)}. */
  Tensor depthwise(Tensor nhwc, Tensor depthwiseKernel, Tensor bias) {
    return ConvOps.conv2d(nhwc, DepthwiseOps.fullKernel(depthwiseKernel), bias, geometry(nhwc),
        org.dropout4j.tensor.Ops.FusedActivation.LINEAR);
  }

  /** The output shape with {@code channelsOut} channels. */
  Shape outputShape(Shape inputShape, int channelsOut) {
    int[] d = ConvArgs.nhwc(inputShape, dataFormat);
    boolean same = ConvArgs.SAME.equals(padding);
    int h = Conv2dGeometry.outputSize(d[1], kernelSize[0], strides[0], dilationRate[0], same);
    int w = Conv2dGeometry.outputSize(d[2], kernelSize[1], strides[1], dilationRate[1], same);
    return ConvArgs.fromNhwc(d[0], h, w, channelsOut, dataFormat);
  }

  void validate(Layer layer, Shape inputShape) {
    ConvArgs.requireRank(layer, inputShape, 4);
    if (channels(inputShape) <= 0) {
      throw new IllegalArgumentException("Input of layer \"" + layer.name() + "\" (" + layer.className() + ") is "
          + "incompatible with the layer: the channel axis must be known, received input with shape " + inputShape);
    }
    Shape out = outputShape(inputShape, 1);
    int[] o = ConvArgs.nhwc(out, dataFormat);
    if (o[1] == 0 || o[2] == 0) {
      throw new IllegalArgumentException("Input of layer \"" + layer.name() + "\" (" + layer.className() + ") is too "
          + "small for kernel_size=" + ConvArgs.tuple(kernelSize) + ", received input with shape " + inputShape);
    }
  }

  /**
   * Writes {@code depth_multiplier}, {@code filters} (when given) and the spatial keys of {@code rank} axes in
   * Keras' order.
   */
  void addConfig(Map<String, Object> config, Integer filters, int rank) {
    config.put("depth_multiplier", depthMultiplier);
    if (filters != null) {
      config.put("filters", filters);
    }
    config.put("kernel_size", ConvArgs.list(Arrays.copyOf(kernelSize, rank)));
    config.put("strides", ConvArgs.list(Arrays.copyOf(strides, rank)));
    config.put("padding", padding);
    config.put("data_format", dataFormat);
    config.put("dilation_rate", ConvArgs.list(Arrays.copyOf(dilationRate, rank)));
  }
}
