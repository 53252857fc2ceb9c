package org.dropout4j.layers.regularization;

import org.dropout4j.layers.LayerDescriptor;

/**
 * Keras' {@code SpatialDropout2D(rate, data_format=None, seed=None)}: dropout of entire 2D feature maps. In training each
 * channel of each sample is dropped with probability {@code rate} at every position at once and kept channels are
 * scaled by {@code 1 / (1 - rate)}; identity at inference. Input: rank 4, <code>(batch, rows, cols, channels)</code> (channels_last, the default) or <code>(batch, channels, rows, cols)</code>
 * (channels_first).
 *
 * <p>Use it when neighbouring positions are strongly correlated (after 2D convolutions), where element-wise
 * dropout barely regularizes. Tompson, Goroshin, Jain, LeCun, Bregler, "Efficient Object Localization Using
 * Convolutional Networks", CVPR 2015.
 *
 * <pre>{@code
 * new SpatialDropout2D(0.2f, "channels_first", 7L, null);
 * }</pre>
 */
public final class SpatialDropout2D extends ChannelDropout {
  /** Keras' {@code SpatialDropout2D} config: {@code rate}, {@code seed}, {@code data_format} and the base keys. */
  public static final LayerDescriptor<SpatialDropout2D> DESCRIPTOR = descriptor("SpatialDropout2D",
      SpatialDropout2D.class, SpatialDropout2D::new);

  /**
   * @param rate probability to drop a channel, in {@code [0, 1)}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
   */
  public SpatialDropout2D(float rate) {
    this(rate, null, null, null);
  }

  /**
   * @param rate probability to drop a channel, in {@code [0, 1)}
   * @param dataFormat {@code "channels_last"} (channels on the last axis) or {@code "channels_first"} (axis 1);
   *     {@code null} means {@code "channels_last"}
   * @param seed the layer's own seed or {@code null}
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)} or {@code dataFormat} is unknown
   */
  public SpatialDropout2D(float rate, String dataFormat, Long seed, String name) {
    super(name, rate, dataFormat, seed, 4, DESCRIPTOR);
  }}
