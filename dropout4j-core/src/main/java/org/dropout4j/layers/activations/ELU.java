package org.dropout4j.layers.activations;

import java.util.Map;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.Ops;

/** Keras' {@code ELU} layer: {@code x > 0 ? x : alpha * (e^x - 1)} (Clevert et al. 2016); alpha defaults to 1. */
public final class ELU extends ElementwiseActivation {
  /** Keras' {@code ELU} config: {@code alpha} and the base keys. */
  public static final LayerDescriptor<ELU> DESCRIPTOR = LayerDescriptor.of("ELU", ELU.class,
      r -> new ELU(r.number("alpha", ELU.DEFAULT_ALPHA), r.weightlessName("ELU")));

  /** Default {@code alpha}. */
  public static final float DEFAULT_ALPHA = 1f;

  /** {@code ELU()} with alpha 1. */
  public ELU() {
    this(DEFAULT_ALPHA, null);
  }

  /**
   * @param alpha the scale of the negative part, a finite float (default 1.0)
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for a non-finite alpha
   */
  public ELU(float alpha, String name) {
    super(name, DESCRIPTOR, x -> Ops.elu(x, alpha, 1f), Map.of("alpha", Configs.number(finite(alpha, "ELU",
        "alpha"))));
  }
}
