package org.dropout4j.layers.regularization;

import org.dropout4j.layers.LayerDescriptor;
import java.util.List;

/**
 * Keras' {@code Dropout(rate, noise_shape=None, seed=None)}: in training each input unit is set to 0 with
 * probability {@code rate} and the kept ones are scaled by {@code 1 / (1 - rate)}, so the expected output equals
 * the input; at inference it is the identity. Usable anywhere, including as the first layer (input dropout).
 *
 * <p>{@code noise_shape} (optional) gives the mask's shape: an entry of 1 shares one keep/drop decision along that
 * axis, {@code null} takes the input's size; e.g. {@code (null, 1, null)} on {@code (batch, time, features)} drops
 * the same features at every timestep.
 *
 * <p>Srivastava, Hinton, Krizhevsky, Sutskever, Salakhutdinov, "Dropout: a simple way to prevent neural networks
 * from overfitting", JMLR 15, 2014.
 *
 * <pre>{@code
 * new Sequential(Input.shape(2), new Dense(500, "relu"), new Dropout(0.4f), new Dense(1, "sigmoid"));
 * }</pre>
 */
public final class Dropout extends BaseDropout {
  /** Keras' {@code Dropout} config: {@code rate}, {@code seed}, {@code noise_shape} and the base keys. */
  public static final LayerDescriptor<Dropout> DESCRIPTOR = LayerDescriptor.of("Dropout", Dropout.class, r -> {
    String name = r.weightlessName("Dropout");
    return new Dropout(r.requiredNumber("rate"), r.dims("noise_shape"), r.optionalLong("seed"), name);
  });

  /**
   * @param rate probability to drop, in {@code [0, 1)}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
   */
  public Dropout(float rate) {
    this(rate, null, null, null);
  }

  /**
   * @param rate probability to drop, in {@code [0, 1)}
   * @param noiseShape the mask shape with {@code null} for "as the input", or {@code null} for the input's shape
   * @param seed the layer's own seed or {@code null}
   * @param name the layer's name or {@code null}
   */
  public Dropout(float rate, List<Integer> noiseShape, Long seed, String name) {
    super(name, rate, seed, noiseShape, DESCRIPTOR);
  }

}
