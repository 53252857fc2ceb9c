package org.dropout4j.layers.regularization;

import org.dropout4j.layers.LayerDescriptor;
import java.util.List;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code AlphaDropout(rate, noise_shape=None, seed=None)}: dropout that keeps the mean 0 and variance 1 of
 * self-normalizing (SELU) networks. In training a dropped unit is set to SELU's saturation value
 * {@code alpha' = -scale * alpha ≈ -1.7581}, then the output is {@code a * x + b} with
 * {@code a = ((1 - rate)(1 + rate * alpha'^2))^(-1/2)} and {@code b = -a * alpha' * rate}; identity at inference.
 * {@code noise_shape} works as in {@link Dropout}.
 *
 * <p>Klambauer, Unterthiner, Mayr, Hochreiter, "Self-Normalizing Neural Networks", NeurIPS 2017.
 *
 * <pre>{@code
 * Dense.builder(256).activation("selu").kernelInitializer("lecun_normal").build();
 * new AlphaDropout(0.1f);
 * }</pre>
 */
public final class AlphaDropout extends BaseDropout {
  /** Keras' {@code AlphaDropout} config: {@code rate}, {@code seed}, {@code noise_shape} and the base keys. */
  public static final LayerDescriptor<AlphaDropout> DESCRIPTOR = LayerDescriptor.of("AlphaDropout", AlphaDropout.class,
      r -> {
        String name = r.weightlessName("AlphaDropout");
        return new AlphaDropout(r.requiredNumber("rate"), r.dims("noise_shape"), r.optionalLong("seed"), name);
      });

  /** SELU's negative saturation value {@code -scale * alpha}. */
  public static final float ALPHA_PRIME = -Activations.SELU_SCALE * Activations.SELU_ALPHA;

  /**
   * @param rate probability to drop, in {@code [0, 1)}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
   */
  public AlphaDropout(float rate) {
    this(rate, null, null, null);
  }

  /**
   * @param rate probability to drop, in {@code [0, 1)}
   * @param noiseShape the mask shape with {@code null} for "as the input", or {@code null} for the input's shape
   * @param seed the layer's own seed or {@code null}
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
   */
  public AlphaDropout(float rate, List<Integer> noiseShape, Long seed, String name) {
    super(name, rate, seed, noiseShape, DESCRIPTOR);
  }

  @Override
  protected Tensor applyNoise(Tensor input, Shape noiseShape, float rate, RngKey key) {
    return Noise.alphaDropout(input, rate, noiseShape, ALPHA_PRIME, key);
  }
}
