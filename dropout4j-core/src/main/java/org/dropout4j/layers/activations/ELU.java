package org.dropout4j.layers.activations;

import org.dropout4j.layers.LayerDescriptor;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/** Keras' {@code ELU} layer: {@code x > 0 ? x : alpha * (e^x - 1)} (Clevert et al. 2016); alpha defaults to 1. */
public final class ELU extends Layer {
  /** Keras' {@code ELU} config: {@code alpha} and the base keys. */
  public static final LayerDescriptor<ELU> DESCRIPTOR = LayerDescriptor.of("ELU", ELU.class,
      r -> new ELU(r.number("alpha", ELU.DEFAULT_ALPHA), r.weightlessName("ELU")));

  /** Default {@code alpha}. */
  public static final float DEFAULT_ALPHA = 1f;

  private final float alpha;

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
    super(name, true, DESCRIPTOR);
    if (!Float.isFinite(alpha)) {
      throw new IllegalArgumentException("Invalid value for argument `alpha` of ELU: expected a finite float, "
          + "received alpha=" + alpha);
    }
    this.alpha = alpha;
  }

  /** Keras: elementwise, so a mask passes unchanged. */
  @Override
  protected boolean supportsMasking() {
    return true;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return Ops.elu(input, alpha, 1f);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("alpha", Configs.number(alpha));
  }
}
