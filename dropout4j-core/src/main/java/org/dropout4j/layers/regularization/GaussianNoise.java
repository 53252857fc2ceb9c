package org.dropout4j.layers.regularization;

import org.dropout4j.layers.LayerDescriptor;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code GaussianNoise(stddev, seed=None)}: in training adds {@code N(0, stddev^2)} noise to each element;
 * identity at inference. A sibling of the dropout family (no {@code rate}): like it, active in training and in
 * Monte Carlo dropout passes ({@link CallContext#dropoutActive()}).
 *
 * <p>Keras 3 limits {@code stddev} to {@code [0, 1]}; any finite {@code stddev >= 0} is accepted here, since the
 * scale of the noise depends on the scale of the inputs.
 *
 * <pre>{@code
 * new Sequential(Input.shape(2), new GaussianNoise(0.1f), new Dense(32, "relu"), new Dense(1, "sigmoid"));
 * }</pre>
 */
public final class GaussianNoise extends Layer {
  /** Keras' {@code GaussianNoise} config: {@code stddev}, {@code seed} and the base keys. */
  public static final LayerDescriptor<GaussianNoise> DESCRIPTOR = LayerDescriptor.of("GaussianNoise",
      GaussianNoise.class, r -> {
        String name = r.weightlessName("GaussianNoise");
        return new GaussianNoise(r.requiredNumber("stddev"), r.optionalLong("seed"), name);
      });

  private final float stddev;
  private final Long seed;

  /**
   * @param stddev standard deviation of the noise, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code stddev} is negative, NaN or infinite
   */
  public GaussianNoise(float stddev) {
    this(stddev, null, null);
  }

  /**
   * @param stddev standard deviation of the noise, finite and {@code >= 0}
   * @param seed the layer's own seed or {@code null}
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException if {@code stddev} is negative, NaN or infinite
   */
  public GaussianNoise(float stddev, Long seed, String name) {
    super(name, true, DESCRIPTOR);
    supportMasking(); // Keras: a mask passes unchanged
    Noise.checkStddev(stddev);
    this.stddev = stddev;
    this.seed = seed;
  }

  /** The standard deviation of the noise. */
  public float stddev() {
    return stddev;
  }

  /** The layer's own seed, or {@code null}. */
  public Long seed() {
    return seed;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    if (!context.dropoutActive() || stddev == 0f) {
      return input;
    }
    return Ops.add(input, Noise.normal(input.shape(), 0f, stddev, context.noiseKey(seed)));
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("stddev", Configs.number(stddev));
    config.put("seed", seed);
  }
}
