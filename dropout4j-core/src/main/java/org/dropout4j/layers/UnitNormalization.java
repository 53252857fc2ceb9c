package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code UnitNormalization} over the last axis: {@code x / sqrt(max(sum(x^2), 1e-12))}, so every sample
 * has unit L2 norm along it. No weights.
 */
public final class UnitNormalization extends Layer {
  /** Keras' {@code UnitNormalization} config (last axis only). */
  public static final LayerDescriptor<UnitNormalization> DESCRIPTOR = LayerDescriptor.of("UnitNormalization",
      UnitNormalization.class, r -> {
        String name = r.weightlessName("UnitNormalization");
        requireLastAxis(r);
        return new UnitNormalization(name);
      });

  /** Accepts the last axis as -1 or [-1]; refuses any other. */
  static void requireLastAxis(ConfigReader r) {
    Object axis = r.raw("axis");
    Object single = axis instanceof List && ((List<?>) axis).size() == 1 ? ((List<?>) axis).get(0) : axis;
    if (axis != null && !(single instanceof Number && ((Number) single).intValue() == -1)) {
      throw r.invalid("axis", "-1 (the last axis, the only one supported)", axis);
    }
  }

  private static final float MIN_SQUARED_NORM = 1e-12f;

  /** {@code UnitNormalization()} over the last axis. */
  public UnitNormalization() {
    this(null);
  }

  /** @param name the layer's name or {@code null} */
  public UnitNormalization(String name) {
    super(name, true, DESCRIPTOR);
    supportMasking(); // Keras: each step is normalized on its own, so a mask passes unchanged
    inputSpec(InputSpec.minNdim(2, ""));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor squared = Ops.sum(Ops.square(input), input.rank() - 1, true);
    return Ops.div(input, Ops.sqrt(Ops.clip(squared, MIN_SQUARED_NORM, Float.MAX_VALUE)));
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("axis", List.of(-1));
  }
}
