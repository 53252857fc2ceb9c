package org.dropout4j.layers.regularization;

import org.dropout4j.layers.LayerDescriptor;

/**
 * Keras' {@code SpatialDropout1D(rate, seed=None)}: dropout of entire 1D feature maps. In training each channel of
 * each sample is dropped with probability {@code rate} at every timestep at once (noise shape
 * {@code (batch, 1, channels)}) and kept channels are scaled by {@code 1 / (1 - rate)}; identity at inference.
 * Input: rank 3, {@code (batch, steps, channels)}. Keras 3 has no {@code data_format} for this layer.
 *
 * <p>Use it when neighbouring timesteps are strongly correlated (after 1D convolutions), where element-wise dropout
 * barely regularizes. Tompson, Goroshin, Jain, LeCun, Bregler, "Efficient Object Localization Using Convolutional
 * Networks", CVPR 2015.
 *
 * <pre>{@code
 * new SpatialDropout1D(0.2f);
 * }</pre>
 */
public final class SpatialDropout1D extends ChannelDropout {
  /** Keras' {@code SpatialDropout1D} config: {@code rate}, {@code seed} and the base keys. */
  public static final LayerDescriptor<SpatialDropout1D> DESCRIPTOR = LayerDescriptor.of("SpatialDropout1D", SpatialDropout1D.class, r -> {
    String name = r.weightlessName("SpatialDropout1D");
    r.requireNull("noise_shape", "a spatial dropout draws one value per channel (Keras 2 writes noise_shape: null)");
    return new SpatialDropout1D(r.requiredNumber("rate"), r.optionalLong("seed"), name);
  });

  /**
   * @param rate probability to drop a channel, in {@code [0, 1)}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
   */
  public SpatialDropout1D(float rate) {
    this(rate, null, null);
  }

  /**
   * @param rate probability to drop a channel, in {@code [0, 1)}
   * @param seed the layer's own seed or {@code null}
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
   */
  public SpatialDropout1D(float rate, Long seed, String name) {
    super(name, rate, seed, 3, DESCRIPTOR);
  }}
