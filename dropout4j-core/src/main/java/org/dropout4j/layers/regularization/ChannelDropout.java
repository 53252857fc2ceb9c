package org.dropout4j.layers.regularization;

import java.util.Map;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.Shape;

/**
 * The base of {@link SpatialDropout1D}, {@link SpatialDropout2D} and {@link SpatialDropout3D}: dropout of whole
 * feature maps of an input of a fixed rank, with the channel axis given by {@code data_format}
 * ({@code channels_last}, the default, or {@code channels_first}; SpatialDropout1D has no such argument in Keras 3
 * and is always channels_last). One keep/drop decision per (sample, channel), scaled by {@code 1 / (1 - rate)}.
 */
public abstract class ChannelDropout extends BaseDropout {
  private final String dataFormat;
  private final int rank;
  private final boolean takesDataFormat;

  /**
   * A variant without a {@code data_format} argument: channels on the last axis, no {@code data_format} config key.
   *
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
   */
  ChannelDropout(String name, float rate, Long seed, int rank, LayerDescriptor<?> descriptor) {
    super(name, rate, seed, descriptor);
    this.dataFormat = Configs.CHANNELS_LAST;
    this.rank = rank;
    this.takesDataFormat = false;
  }

  /**
   * @param name the layer's name or {@code null}
   * @param rate probability to drop a channel, in {@code [0, 1)}
   * @param dataFormat {@code "channels_last"}, {@code "channels_first"} or {@code null} for channels_last
   * @param seed the layer's own seed or {@code null}
   * @param rank the input rank the layer takes, batch axis included
   * @param descriptor the variant's {@code DESCRIPTOR}, which gives its Keras class name
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)} or {@code dataFormat} is unknown
   */
  ChannelDropout(String name, float rate, String dataFormat, Long seed, int rank, LayerDescriptor<?> descriptor) {
    super(name, rate, seed, descriptor);
    this.dataFormat = Spatial.dataFormat(dataFormat, descriptor.className());
    this.rank = rank;
    this.takesDataFormat = true;
  }

  /** A spatial dropout's public constructor {@code (rate, data_format, seed, name)}. */
  interface Factory<L extends ChannelDropout> {
    L create(float rate, String dataFormat, Long seed, String name);
  }

  /**
   * The descriptor of a spatial dropout with a {@code data_format} (2-D, 3-D): {@code rate}, {@code seed},
   * {@code data_format} and the base keys, read into {@code factory}; Keras 2's {@code noise_shape: null} is
   * accepted.
   */
  static <L extends ChannelDropout> LayerDescriptor<L> descriptor(String className, Class<L> type,
      Factory<L> factory) {
    return LayerDescriptor.of(className, type, r -> {
      String name = r.weightlessName(className);
      r.requireNull("noise_shape", "a spatial dropout draws one value per channel (Keras 2 writes noise_shape: null)");
      float rate = r.requiredNumber("rate");
      Long seed = r.optionalLong("seed");
      return factory.create(rate, r.string("data_format", null), seed, name);
    });
  }

  /** {@code "channels_last"} or {@code "channels_first"}. */
  public final String dataFormat() {
    return dataFormat;
  }

  @Override
  protected final void validateInput(Shape inputShape) {
    Spatial.checkRank(inputShape, rank, this);
  }

  @Override
  protected final Shape noiseShape(Shape inputShape) {
    return Spatial.channelNoiseShape(inputShape, dataFormat.equals(Configs.CHANNELS_FIRST));
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    super.addConfig(config);
    if (takesDataFormat) {
      config.put("data_format", dataFormat);
    }
  }
}
