package org.dropout4j.layers.activations;

import org.dropout4j.layers.ConfigObjects;
import org.dropout4j.layers.LayerDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.WeightFactory;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code PReLU} layer (He et al. 2015): {@code relu(x) - alpha * relu(-x)} with a learned {@code alpha} of the
 * input's per-sample shape, size 1 along {@code shared_axes} (e.g. {@code [1, 2]} to share one slope per channel
 * of an image). {@code alpha_initializer} defaults to {@code zeros}.
 */
public final class PReLU extends Layer {
  /** Keras' {@code PReLU} config: {@code alpha_initializer}, {@code shared_axes} and the base keys. */
  public static final LayerDescriptor<PReLU> DESCRIPTOR = LayerDescriptor.of("PReLU", PReLU.class, r -> {
    String name = r.unfrozenName("PReLU");
    String init = ConfigObjects.initializer(r, "alpha_initializer", PReLU.DEFAULT_ALPHA_INITIALIZER);
    r.requireNull("alpha_regularizer", "PReLU regularizers are not supported");
    r.requireNull("alpha_constraint", "PReLU constraints are not supported");
    List<Integer> axes = r.dims("shared_axes");
    if (axes != null && axes.contains(null)) {
      throw r.invalid("shared_axes", "a list of axes >= 1", axes);
    }
    return new PReLU(init, axes == null ? null : axes.stream().mapToInt(Integer::intValue).toArray(), name);
  });

  /** Default {@code alpha_initializer}. */
  public static final String DEFAULT_ALPHA_INITIALIZER = Configs.ZEROS;

  private final Initializer alphaInitializer;
  private final int[] sharedAxes;

  /** {@code PReLU()}: one slope per input element, initialized to 0. */
  public PReLU() {
    this(DEFAULT_ALPHA_INITIALIZER, null, null);
  }

  /**
   * @param alphaInitializer a Keras initializer name (default {@code zeros})
   * @param sharedAxes axes (1 = the first non-batch axis) along which one slope is shared, or {@code null}
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for an unknown initializer or a shared axis below 1
   */
  public PReLU(String alphaInitializer, int[] sharedAxes, String name) {
    super(name, true, DESCRIPTOR);
    supportMasking(); // Keras: elementwise, so a mask passes unchanged
    this.alphaInitializer = Initializers.get(alphaInitializer);
    if (sharedAxes != null) {
      for (int a : sharedAxes) {
        if (a < 1) {
          throw new IllegalArgumentException("Invalid value for argument `shared_axes` of PReLU: expected axes >= 1 "
              + "(axis 0 is the batch), received shared_axes=" + Arrays.toString(sharedAxes));
        }
      }
    }
    this.sharedAxes = sharedAxes == null ? null : sharedAxes.clone();
  }

  @Override
  protected void validateInput(Shape inputShape) {
    for (int i = 1; i < inputShape.rank(); i++) {
      if (inputShape.dim(i) == Shape.UNKNOWN && !shared(i)) {
        throw new IllegalArgumentException("Input of layer \"" + name() + "\" (PReLU) is incompatible with the "
            + "layer: axis " + i + " has unknown size and is not in shared_axes; received input with shape "
            + inputShape);
      }
    }
    if (sharedAxes != null) {
      for (int a : sharedAxes) {
        if (a >= inputShape.rank()) {
          throw new IllegalArgumentException("Input of layer \"" + name() + "\" (PReLU) is incompatible with the "
              + "layer: shared axis " + a + " does not exist in input with shape " + inputShape);
        }
      }
    }
  }

  private boolean shared(int axis) {
    if (sharedAxes != null) {
      for (int a : sharedAxes) {
        if (a == axis) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    int[] d = new int[inputShape.rank() - 1];
    for (int i = 1; i < inputShape.rank(); i++) {
      d[i - 1] = shared(i) ? 1 : inputShape.dim(i);
    }
    return List.of(factory.create("alpha", Shape.of(d), alphaInitializer, true));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor alpha = context.read(weights().get(0));
    return Ops.sub(Ops.relu(input), Ops.mul(alpha, Ops.relu(Ops.neg(input))));
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("alpha_initializer", Configs.envelope(alphaInitializer));
    Configs.putNone(config, "alpha_regularizer", "alpha_constraint");
    List<Integer> axes = null;
    if (sharedAxes != null) {
      axes = new ArrayList<>();
      for (int a : sharedAxes) {
        axes.add(a);
      }
    }
    config.put("shared_axes", axes);
  }
}
