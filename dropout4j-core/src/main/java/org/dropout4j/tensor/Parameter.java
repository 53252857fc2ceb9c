package org.dropout4j.tensor;

import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.tensor.blas.MirroredOperand;

/**
 * A named, trainable (or frozen) weight: the leaf tensor that optimizers update in place between steps.
 *
 * <p>{@link #value()} is the differentiable leaf used while training; {@link #constant()} reads the same numbers
 * without recording a graph, for inference.
 */
public final class Parameter {
  static {
    FastPathHooks.install(new FastPathHooks.TensorHooks() {
      @Override
      public void setGradient(Parameter weight, float[] values) {
        weight.setGradient(values);
      }

      @Override
      public MirroredOperand mirror(Parameter weight) {
        return weight.mirror();
      }

      @Override
      public MirroredOperand existingMirror(Parameter weight) {
        return weight.mirror;
      }
    });
  }

  private final String name;
  private final Tensor leaf;
  private final boolean trainable;
  private boolean frozen;
  private volatile long version;
  /** The values as an operand kept in the native kernel's memory, once a fused path asked for it. */
  private volatile MirroredOperand mirror;

  /**
   * Creates a parameter holding {@code initial} (copied).
   *
   * @param name the weight's path, e.g. {@code dense/kernel}
   * @param initial the initial values
   * @param trainable whether optimizers update it
   */
  public Parameter(String name, Tensor initial, boolean trainable) {
    this.name = name;
    this.leaf = Tensor.variableWrapping(initial.shape, initial.data.clone());
    this.trainable = trainable;
  }

  /** The weight's name, e.g. {@code dense/kernel}. */
  public String name() {
    return name;
  }

  /** Whether optimizers update this weight: created trainable and not frozen. */
  public boolean trainable() {
    return trainable && !frozen;
  }

  /**
   * Freezes or unfreezes the weight, as its layer's {@code setTrainable} does (Keras' {@code variable.trainable}
   * for the variables a layer created trainable); a weight created non-trainable (e.g. moving statistics) stays
   * non-trainable.
   */
  public void setFrozen(boolean value) {
    this.frozen = value;
  }

  /** The shape. */
  public Shape shape() {
    return leaf.shape;
  }

  /** Number of elements. */
  public int size() {
    return leaf.data.length;
  }

  /** The differentiable leaf tensor (gradients accumulate into it). */
  public Tensor value() {
    return leaf;
  }

  /** The current values as a constant tensor (no gradient recorded). */
  public Tensor constant() {
    return Tensor.wrap(leaf.shape, leaf.data);
  }

  /**
   * The live value array: for optimizers and constraints, which update weights in place. Each call counts as a
   * change of the values ({@link #version()}): write through the array a call returns, not through one kept from an
   * earlier call, or prepared copies of the weights (an inference plan's, the off-heap copy a fused training path
   * keeps for the native matrix kernel) do not see the change.
   */
  public float[] data() {
    version++;
    return leaf.data;
  }

  /**
   * A counter that changes whenever the values may have changed: at each {@link #assign} and each {@link #data()}
   * call (whose caller may write the array). What keeps a prepared copy of the values compares it with the
   * version it copied.
   */
  public long version() {
    return version;
  }

  /** The weight as a product operand kept in the native kernel's memory, made on first call (fused paths only). */
  private MirroredOperand mirror() {
    MirroredOperand m = mirror;
    if (m == null) {
      synchronized (this) {
        m = mirror;
        if (m == null) {
          m = new MirroredOperand(leaf.data, this::version);
          mirror = m;
        }
      }
    }
    return m;
  }

  /** The live gradient array accumulated by the last backward pass, or {@code null}. */
  public float[] gradData() {
    return leaf.gradBuffer();
  }

  /**
   * Makes {@code values} the gradient (kept by reference, not copied): for fused training paths that compute
   * weight gradients without the autodiff graph, before the optimizer step reads {@link #gradData()}. Reached only
   * through {@code FastPathHooks}.
   *
   * @throws IllegalArgumentException if the size differs from the weight's
   */
  private void setGradient(float[] values) {
    if (values.length != leaf.data.length) {
      throw new IllegalArgumentException("weight '" + name + "' has shape " + leaf.shape + " (" + leaf.data.length
          + " values), received a gradient of " + values.length + " values");
    }
    leaf.clearGrad();
    leaf.accumulateOwned(values);
  }

  /** Clears the accumulated gradient. */
  public void zeroGrad() {
    leaf.clearGrad();
  }

  /**
   * Replaces the values (copied), e.g. when loading weights.
   *
   * @throws IllegalArgumentException if the shape differs; the message names the weight and both shapes
   */
  public void assign(Tensor values) {
    if (!values.shape.equals(leaf.shape)) {
      throw new IllegalArgumentException("weight '" + name + "' has shape " + leaf.shape + ", received values of shape "
          + values.shape);
    }
    System.arraycopy(values.data, 0, leaf.data, 0, leaf.data.length);
    version++;
  }

  @Override
  public String toString() {
    return "Parameter[" + name + " " + leaf.shape + (trainable() ? "" : " frozen") + "]";
  }
}
