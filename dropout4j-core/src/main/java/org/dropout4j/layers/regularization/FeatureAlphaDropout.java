package org.dropout4j.layers.regularization;

import java.util.Map;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.InputSpec;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * PyTorch's {@code FeatureAlphaDropout(p)}, which Keras lacks: {@link AlphaDropout} on whole feature maps. In
 * training each channel of each sample is dropped with probability {@code rate} at every position at once (noise
 * shape {@code (batch, 1, ..., 1, channels)}, as {@link SpatialDropout2D}); a dropped channel is set to SELU's
 * saturation value {@code alpha' = -scale * alpha ≈ -1.7581} and the output is {@code a * x + b} with
 * {@code a = ((1 - rate)(1 + rate * alpha'^2))^(-1/2)} and {@code b = -a * alpha' * rate}, which keeps mean 0 and
 * variance 1 of self-normalizing networks; identity at inference. PyTorch's {@code a} and {@code b} are the same.
 *
 * <p>Input: rank 3 or more, {@code (batch, ..., channels)} ({@code channels_last}, the default here) or
 * {@code (batch, channels, ...)} ({@code channels_first}, PyTorch's layout). Its config is Keras-style:
 * {@code rate}, {@code seed}, {@code data_format}.
 *
 * <p>Klambauer, Unterthiner, Mayr, Hochreiter, "Self-Normalizing Neural Networks", NeurIPS 2017; the channel-wise
 * variant is PyTorch's {@code torch.nn.FeatureAlphaDropout}.
 *
 * <pre>{@code
 * Conv2D.builder(32, 3).activation("selu").kernelInitializer("lecun_normal").build();
 * new FeatureAlphaDropout(0.1);
 * }</pre>
 */
public final class FeatureAlphaDropout extends BaseDropout {
  /** The config: {@code rate}, {@code seed}, {@code data_format} and the base keys. */
  public static final LayerDescriptor<FeatureAlphaDropout> DESCRIPTOR = LayerDescriptor.of("FeatureAlphaDropout",
      FeatureAlphaDropout.class, r -> {
        String name = r.weightlessName("FeatureAlphaDropout");
        float rate = r.requiredNumber("rate");
        Long seed = r.optionalLong("seed");
        return new FeatureAlphaDropout(rate, r.string("data_format", null), seed, name);
      });

  private final String dataFormat;

  /**
   * @param rate probability to drop a channel, in {@code [0, 1)}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
   */
  public FeatureAlphaDropout(double rate) {
    this((float) rate, null, null, null);
  }

  /**
   * @param rate probability to drop a channel, in {@code [0, 1)}
   * @param dataFormat {@code "channels_last"} or {@code "channels_first"}; {@code null} means channels_last
   * @param seed the layer's own seed or {@code null}
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)} or {@code dataFormat} is unknown
   */
  public FeatureAlphaDropout(float rate, String dataFormat, Long seed, String name) {
    super(name, rate, seed, DESCRIPTOR);
    inputSpec(InputSpec.minNdim(3,
        "(batch, positions, channels; AlphaDropout draws one value per feature)"));
    this.dataFormat = Spatial.dataFormat(dataFormat, "FeatureAlphaDropout");
  }

  /** {@code "channels_last"} or {@code "channels_first"}. */
  public String dataFormat() {
    return dataFormat;
  }

  @Override
  protected Shape noiseShape(Shape inputShape) {
    return Spatial.channelNoiseShape(inputShape, dataFormat.equals(Configs.CHANNELS_FIRST));
  }

  @Override
  protected Tensor applyNoise(Tensor input, Shape noiseShape, float rate, RngKey key) {
    return Noise.alphaDropout(input, rate, noiseShape, AlphaDropout.ALPHA_PRIME, key);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    super.addConfig(config);
    config.put("data_format", dataFormat);
  }
}
