package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The base of the dropout family: a {@code rate} (probability to drop, in {@code [0, 1)}), an optional
 * {@code seed}, identity at inference, and noise drawn only in training mode.
 *
 * <p>Variants override {@link #noiseShape(Shape)} (which axes share one mask decision; spatial dropout keeps
 * only batch and channel axes) and, for non-Bernoulli noise, {@link #applyNoise(Tensor, Shape, RngKey)}.
 */
public abstract class BaseDropout extends Layer {
  private final float rate;
  private final Long seed;

  /**
   * @param name the layer's name or {@code null}
   * @param rate probability to drop, {@code 0 <= rate < 1}
   * @param seed the layer's own seed, or {@code null} to draw from the model's random stream
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)} or NaN
   */
  protected BaseDropout(String name, float rate, Long seed) {
    super(name, true);
    Noise.checkRate(rate);
    this.rate = rate;
    this.seed = seed;
  }

  /** The probability to drop a unit. */
  public final float rate() {
    return rate;
  }

  /** The layer's own seed, or {@code null}. */
  public final Long seed() {
    return seed;
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    if (!context.training() || rate == 0f) {
      return input;
    }
    return applyNoise(input, noiseShape(input.shape()), context.noiseKey(seed));
  }

  /** The shape of the mask for an input shape; the default is the input shape (one decision per element). */
  protected Shape noiseShape(Shape inputShape) {
    return inputShape;
  }

  /** Applies the noise in training mode. The default is inverted Bernoulli dropout. */
  protected Tensor applyNoise(Tensor input, Shape noiseShape, RngKey key) {
    return Noise.dropout(input, rate, noiseShape, key);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("rate", (double) rate);
    config.put("seed", seed);
  }
}
