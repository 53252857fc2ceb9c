package org.dropout4j.layers.activations;

import com.google.auto.service.AutoService;
import java.util.List;
import org.dropout4j.layers.LayerDescriptor;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.LayerProvider;
import org.dropout4j.tensor.ActivationOps;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** Keras' {@code Softmax} layer: {@code exp(x) / sum(exp(x))} along {@code axis} (default -1, the last). */
public final class Softmax extends Layer {
  /** Keras' {@code Softmax} config: {@code axis} (one axis, or a list of one) and the base keys. */
  public static final LayerDescriptor<Softmax> DESCRIPTOR = LayerDescriptor.of("Softmax", Softmax.class, r -> {
    String name = r.weightlessName("Softmax");
    Object axis = r.raw("axis");
    if (axis instanceof List) { // Keras 3 accepts a list of axes
      List<?> l = (List<?>) axis;
      if (l.size() != 1 || !(l.get(0) instanceof Integer)) {
        throw r.invalid("axis", "one integer axis (softmax over several axes is not supported)", axis);
      }
      return new Softmax((Integer) l.get(0), name);
    }
    return new Softmax(r.integer("axis", Softmax.DEFAULT_AXIS), name);
  });

  /** Default {@code axis}. */
  public static final int DEFAULT_AXIS = -1;

  private final int axis;

  /** Softmax over the last axis. */
  public Softmax() {
    this(DEFAULT_AXIS, null);
  }

  /**
   * @param axis the axis to normalize, negative counting from the end; not the batch axis 0
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for axis 0 (the batch)
   */
  public Softmax(int axis, String name) {
    super(name, true);
    if (axis == 0) {
      throw new IllegalArgumentException("Invalid value for argument `axis` of Softmax: expected a non-batch axis "
          + "(1.. or negative), received axis=0");
    }
    this.axis = axis;
  }

  @Override
  public String className() {
    return "Softmax";
  }

  @Override
  protected void validateInput(Shape inputShape) {
    int a = axis < 0 ? axis + inputShape.rank() : axis;
    if (a <= 0 || a >= inputShape.rank()) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (Softmax) is incompatible with the "
          + "layer: axis=" + axis + " is not a non-batch axis of input with shape " + inputShape);
    }
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return ActivationOps.softmax(input, axis);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("axis", axis);
  }

  /** Registers {@link #DESCRIPTOR} with the layer catalogue (a {@link java.util.ServiceLoader} provider). */
  @AutoService(LayerProvider.class)
  public static final class Provider implements LayerProvider {
    @Override
    public LayerDescriptor<?> descriptor() {
      return DESCRIPTOR;
    }
  }
}
