package org.dropout4j.testlayers;

import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * A layer type declared outside dropout4j's layer packages, as a library using dropout4j declares its own: its
 * {@code DESCRIPTOR}, compiled with the layer-provider processor into this module's test classes, whose
 * {@code META-INF/services} file stands beside the main one as another jar's would. It multiplies its input by 2.
 */
public final class TimesTwo extends Layer {
  /** Config: the base keys only. */
  public static final LayerDescriptor<TimesTwo> DESCRIPTOR = LayerDescriptor.of("TimesTwo", TimesTwo.class,
      r -> new TimesTwo(r.weightlessName("TimesTwo")));

  /** @param name the layer's name or {@code null} */
  public TimesTwo(String name) {
    super(name, true);
  }

  @Override
  public String className() {
    return "TimesTwo";
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return Ops.mulScalar(input, 2f);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
  }
}
