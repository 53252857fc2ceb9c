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
import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code PReLU} layer (He et al. 2015): {@code relu(x) - alpha * relu(-x)} with a learned {@code alpha} of the
 * input's per-sample shape, size 1 along {@code shared_axes} (e.g. {@code [1, 2]} to share one slope per channel
 * of an image). {@code alpha_initializer} defaults to {@code zeros}; {@code alpha_regularizer} and
 * {@code alpha_constraint} work as in Keras.
 */
public final class PReLU extends Layer {
  /** Keras' {@code PReLU} config: {@code alpha_initializer}, {@code shared_axes} and the base keys. */
  public static final LayerDescriptor<PReLU> DESCRIPTOR = LayerDescriptor.of("PReLU", PReLU.class, r -> {
    String name = r.unfrozenName("PReLU");
    String init = ConfigObjects.initializer(r, "alpha_initializer", PReLU.DEFAULT_ALPHA_INITIALIZER);
    Regularizer regularizer = ConfigObjects.regularizer(r, "alpha_regularizer");
    Constraint constraint = ConfigObjects.constraint(r, "alpha_constraint");
    List<Integer> axes = r.dims("shared_axes");
    if (axes != null && axes.contains(null)) {
      throw r.invalid("shared_axes", "a list of axes >= 1", axes);
    }
    return new PReLU(init, axes == null ? null : axes.stream().mapToInt(Integer::intValue).toArray(), name,
        regularizer, constraint);
  });

  /** Default {@code alpha_initializer}. */
  public static final String DEFAULT_ALPHA_INITIALIZER = Configs.ZEROS;

  private final Initializer alphaInitializer;
  private final int[] sharedAxes;
  private final Regularizer alphaRegularizer;
  private final Constraint alphaConstraint;

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
    this(alphaInitializer, sharedAxes, name, null, null);
  }

  /**
   * As {@link #PReLU(String, int[], String)} with Keras' {@code alpha_regularizer} (adds {@code penalty(alpha)} to
   * the training loss) and {@code alpha_constraint} (projects {@code alpha} after each optimizer step, e.g.
   * {@code new NonNeg()}).
   *
   * @param alphaRegularizer a penalty on {@code alpha}, or {@code null}
   * @param alphaConstraint a constraint on {@code alpha}, or {@code null}
   */
  public PReLU(String alphaInitializer, int[] sharedAxes, String name, Regularizer alphaRegularizer,
      Constraint alphaConstraint) {
    super(name, true, DESCRIPTOR);
    this.alphaRegularizer = alphaRegularizer;
    this.alphaConstraint = alphaConstraint;
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

  /** The penalty of {@code alpha_regularizer} on a trainable {@code alpha}, as Keras. */
  @Override
  public List<Tensor> regularizationLosses(CallContext context) {
    Parameter alpha = weights().isEmpty() ? null : weights().get(0);
    return alphaRegularizer == null || alpha == null || !alpha.trainable() ? List.of()
        : List.of(alphaRegularizer.penalty(context.read(alpha)));
  }

  /** Applies {@code alpha_constraint} to a trainable {@code alpha}. */
  @Override
  public void applyConstraints() {
    Parameter alpha = weights().isEmpty() ? null : weights().get(0);
    if (alphaConstraint != null && alpha != null && alpha.trainable()) {
      alphaConstraint.apply(alpha.data(), alpha.shape());
    }
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("alpha_initializer", Configs.envelope(alphaInitializer));
    config.put("alpha_regularizer", Configs.envelope(alphaRegularizer));
    config.put("alpha_constraint", Configs.envelope(alphaConstraint));
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
