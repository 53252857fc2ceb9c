package org.dropout4j.layers;

/**
 * The options {@link Conv1D} and {@link Conv2D} share beyond the {@link KernelLayerBuilder} ones, with Keras'
 * defaults: {@code filters}, {@code padding}, {@code data_format} and {@code groups}. Each layer's {@code Builder}
 * adds the sizes of its rank ({@code kernel_size}, {@code strides}, {@code dilation_rate}).
 *
 * @param <B> the layer's builder type
 */
public abstract class ConvLayerBuilder<B extends ConvLayerBuilder<B>> extends KernelLayerBuilder<B> {
  final int filters;
  String padding = Configs.VALID;
  String dataFormat = Configs.CHANNELS_LAST;
  int groups = 1;

  /** Only this package's convolution builders extend it. */
  ConvLayerBuilder(int filters) {
    this.filters = filters;
  }

  /** {@code "valid"} (default) or {@code "same"} ({@code Conv1D} also takes {@code "causal"}). */
  public B padding(String value) {
    this.padding = value;
    return self();
  }

  /**
   * {@code "channels_last"} (default: channels on the last axis) or {@code "channels_first"} (channels on axis 1).
   */
  public B dataFormat(String value) {
    this.dataFormat = value;
    return self();
  }

  /**
   * Keras' {@code groups}: the channels and filters split into this many runs, each filter run seeing its channel
   * run only; positive, dividing {@code filters} and the input channels (default 1).
   */
  public B groups(int value) {
    this.groups = value;
    return self();
  }
}
