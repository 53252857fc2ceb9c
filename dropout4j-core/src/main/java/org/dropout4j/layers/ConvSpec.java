package org.dropout4j.layers;

import org.dropout4j.internal.Guards;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;

/**
 * The validated arguments Keras' N-d convolutions share ({@code Conv3D}, {@code Conv2DTranspose}): filters and the
 * per-axis kernel size, strides and dilation, padding, data format, activation, and the kernel and bias
 * ({@link ConvWeights}: initializers, regularizers, constraints, activity regularizer); their config reading
 * (grouped convolutions and LoRA refused by name) and writing in Keras' key order.
 */
final class ConvSpec {
  final String layer;
  final int filters;
  final int[] kernelSize;
  final int[] strides;
  final String padding;
  final String dataFormat;
  final int[] dilationRate;
  final ActivationFunction activation;
  /** The kernel and bias with their initializers, regularizers and constraints, and the activity regularizer. */
  final ConvWeights weights;

  /**
   * @param rank the number of spatial axes; {@code kernelSize}, {@code strides} and {@code dilationRate} have one
   *     value (for every axis) or {@code rank}
   * @throws IllegalArgumentException naming the layer and the argument for any invalid value
   */
  ConvSpec(String layer, int rank, int filters, int[] kernelSize, int[] strides, String padding, String dataFormat,
      int[] dilationRate, String activation, boolean useBias, String kernelInitializer, String biasInitializer) {
    this(layer, rank, filters, kernelSize, strides, padding, dataFormat, dilationRate, activation,
        ConvWeights.of(List.of("kernel"), useBias, kernelInitializer, biasInitializer));
  }

  private ConvSpec(String layer, int rank, int filters, int[] kernelSize, int[] strides, String padding,
      String dataFormat, int[] dilationRate, String activation, ConvWeights weights) {
    this.layer = layer;
    this.filters = Guards.positive(filters, layer, "filters");
    this.kernelSize = tuple(layer, "kernel_size", kernelSize, rank, 1);
    this.strides = tuple(layer, "strides", strides, rank, 1);
    this.padding = ConvArgs.padding(layer, padding);
    this.dataFormat = ConvArgs.dataFormat(layer, dataFormat);
    this.dilationRate = tuple(layer, "dilation_rate", dilationRate, rank, 1);
    if (Arrays.stream(this.strides).max().getAsInt() > 1 && Arrays.stream(this.dilationRate).max().getAsInt() > 1) {
      throw new IllegalArgumentException("Invalid arguments of " + layer + ": `strides > 1` not supported in "
          + "conjunction with `dilation_rate > 1`, received strides=" + ConvArgs.tuple(this.strides)
          + " and dilation_rate=" + ConvArgs.tuple(this.dilationRate));
    }
    this.activation = Activations.get(activation);
    this.weights = weights;
  }

  /**
   * One value for every axis or {@code rank} values, each at least {@code min}.
   *
   * @throws IllegalArgumentException naming the layer and the argument otherwise
   */
  static int[] tuple(String layer, String argument, int[] values, int rank, int min) {
    if (values == null || (values.length != 1 && values.length != rank)) {
      throw new IllegalArgumentException("Invalid value for argument `" + argument + "` of " + layer
          + ": expected an integer or a tuple of " + rank + " integers, received " + argument + "="
          + (values == null ? "None" : Arrays.toString(values)));
    }
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      out[i] = values[values.length == 1 ? 0 : i];
      if (out[i] < min) {
        throw new IllegalArgumentException("Invalid value for argument `" + argument + "` of " + layer
            + ": expected integers >= " + min + ", received " + argument + "=" + ConvArgs.tuple(values));
      }
    }
    return out;
  }

  /** A Keras int-or-tuple argument ({@code 3} or {@code [3, 3, 3]}) as given; {@code fallback} if absent or null. */
  static int[] ints(ConfigReader r, String key, int[] fallback) {
    Object v = r.raw(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number) {
      return new int[] {r.integer(key, 0)};
    }
    List<Integer> d = r.dims(key);
    if (d.isEmpty() || d.contains(null)) {
      throw r.invalid(key, "an integer or a list of integers", v);
    }
    return d.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Reads the shared keys of a config ({@code filters} through {@code bias_constraint}, in any order, with the
   * kernel's and bias' regularizers and constraints and the activity regularizer) and refuses {@code groups > 1}
   * and LoRA. {@code output_padding} and the base keys are left to the caller.
   */
  static ConvSpec read(ConfigReader r, String layer, int rank) {
    int filters = r.requiredInt("filters");
    int[] kernel = ints(r, "kernel_size", null);
    if (kernel == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `kernel_size`");
    }
    int[] strides = ints(r, "strides", new int[] {1});
    String padding = r.string("padding", Configs.VALID);
    String dataFormat = r.string("data_format", Configs.CHANNELS_LAST);
    int[] dilation = ints(r, "dilation_rate", new int[] {1});
    ConvArgs.requireOneGroup(r);
    String activation = ConfigObjects.activation(r, "activation");
    ConvWeights weights = ConvWeights.read(r, "kernel");
    r.requireNull("lora_rank", "LoRA is not supported");
    r.requireNull("lora_alpha", "LoRA is not supported");
    return new ConvSpec(layer, rank, filters, kernel, strides, padding, dataFormat, dilation, activation, weights);
  }

  boolean channelsFirst() {
    return Configs.CHANNELS_FIRST.equals(dataFormat);
  }

  boolean same() {
    return ConvArgs.SAME.equals(padding);
  }

  /** The config keys from {@code filters} to {@code padding}, in Keras order (a set activity regularizer first). */
  void addHead(Map<String, Object> config) {
    weights.putBase(config);
    config.put("filters", filters);
    config.put("kernel_size", ConvArgs.list(kernelSize));
    config.put("strides", ConvArgs.list(strides));
    config.put("padding", padding);
  }

  /** The config keys from {@code data_format} on, in Keras order ({@code groups} only when asked). */
  void addTail(Map<String, Object> config, boolean groups) {
    config.put("data_format", dataFormat);
    config.put("dilation_rate", ConvArgs.list(dilationRate));
    if (groups) {
      config.put("groups", 1);
    }
    config.put("activation", activation.name());
    weights.putConfig(config);
  }
}
