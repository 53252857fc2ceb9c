package org.dropout4j.layers.regularization;

import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code GaussianDropout(rate, seed=None)}: in training multiplies each element by {@code n ~ N(1, sigma^2)}
 * with {@code sigma^2 = rate / (1 - rate)} — the mean and variance of inverted dropout's multiplier, without zeros;
 * identity at inference.
 *
 * <p>Srivastava, Hinton, Krizhevsky, Sutskever, Salakhutdinov, "Dropout: a simple way to prevent neural networks
 * from overfitting", JMLR 15, 2014, section 10 (multiplicative Gaussian noise).
 *
 * <pre>{@code
 * new Sequential(Input.shape(20), new Dense(64, "relu"), new GaussianDropout(0.3f), new Dense(1));
 * }</pre>
 */
public final class GaussianDropout extends BaseDropout {
  /** Keras' {@code GaussianDropout} config: {@code rate}, {@code seed} and the base keys. */
  public static final LayerDescriptor<GaussianDropout> DESCRIPTOR = LayerDescriptor.of("GaussianDropout", GaussianDropout.class, r -> {
    String name = r.weightlessName("GaussianDropout");
    return new GaussianDropout(r.requiredNumber("rate"), r.optionalLong("seed"), name);
  });

  /**
   * @param rate the drop probability of the matching Bernoulli dropout, in {@code [0, 1)}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)} (Keras allows 1, an infinite
   *     variance)
   */
  public GaussianDropout(float rate) {
    this(rate, null, null);
  }

  /**
   * @param rate the drop probability of the matching Bernoulli dropout, in {@code [0, 1)}
   * @param seed the layer's own seed or {@code null}
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
   */
  public GaussianDropout(float rate, Long seed, String name) {
    super(name, rate, seed, DESCRIPTOR);
  }

  @Override
  protected Tensor applyNoise(Tensor input, Shape noiseShape, float rate, RngKey key) {
    return Noise.gaussianDropout(input, rate, key);
  }
}
