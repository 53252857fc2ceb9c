package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.DepthwiseOps;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** The validated spatial arguments of DepthwiseConv2D and SeparableConv2D, and their depthwise step. */
record DepthwiseArgs(int[] kernelSize, int[] strides, String padding, String dataFormat, int[] dilationRate,
    int depthMultiplier) {

  /** The base keys of a depthwise convolution's config; a {@code trainable} of false is refused. */
  static String frozenRefused(ConfigReader r, String layer) {
    return r.unfrozenName(layer);
  }

  /**
   * The keys tf.keras 2 writes on a separable convolution from its convolution base class and never uses
   * ({@code kernel_initializer}, {@code kernel_regularizer}, {@code kernel_constraint}: the layer has depthwise and
   * pointwise kernels instead): the initializer is ignored, the regularizer and constraint must be null.
   */
  static void unusedKeras2KernelKeys(ConfigReader r) {
    r.ignore("kernel_initializer");
    r.requireNull("kernel_regularizer", "a separable convolution has no `kernel` (tf.keras 2 writes null)");
    r.requireNull("kernel_constraint", "a separable convolution has no `kernel` (tf.keras 2 writes null)");
  }

  /** The depthwise regularizer and constraint keys, which must be null. */
  static void nullRegularizers(ConfigReader r) {
    r.requireNull("depthwise_regularizer", "regularizers are not supported on depthwise convolutions");
    r.requireNull("bias_regularizer", "regularizers are not supported on depthwise convolutions");
    r.requireNull("activity_regularizer", "activity regularizers are not supported on depthwise convolutions");
    r.requireNull("depthwise_constraint", "constraints are not supported on depthwise convolutions");
    r.requireNull("bias_constraint", "constraints are not supported on depthwise convolutions");
    r.requireNull("lora_rank", "LoRA is not supported");
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

  void addConfig(Map<String, Object> config) {
    config.put("kernel_size", ConvArgs.list(kernelSize));
    config.put("strides", ConvArgs.list(strides));
    config.put("padding", padding);
    config.put("data_format", dataFormat);
    config.put("dilation_rate", ConvArgs.list(dilationRate));
    config.put("depth_multiplier", depthMultiplier);
  }
}
