package org.dropout4j.layers.activations;

import java.util.List;
import org.dropout4j.layers.LayerDescriptor;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.ActivationOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Softmax} layer: {@code exp(x) / sum(exp(x))} along {@code axis} (default -1, the last).
 *
 * <p>Masks as in Keras 3: the layer passes a mask on to its output, and a mask on its input must broadcast to the
 * input aligned at the last axes (each mask axis 1 or the input's size, no more axes than the input); masked
 * positions are left out of the softmax and output 0 (also where a whole row is masked). A sequence mask
 * {@code (batch, T)} on {@code (batch, T, features)} does not broadcast that way, and Keras 3.15 refuses it ("The
 * mask must be broadcastable to inputs"); so does this layer, naming itself and both shapes.
 *
 * <p>Keras' explicit {@code Softmax(axis)(x, mask=m)} is a call on two inputs, {@code [x, m]}: {@code m} masks as
 * above (nonzero or {@code > 0.5} keeps a position), and it is the output's mask, as Keras attaches it.
 *
 * <pre>{@code
 * KerasTensor p = new Softmax().apply(scores, allowed);   // Keras: Softmax()(scores, mask=allowed)
 * }</pre>
 */
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

  /**
   * One input, or {@code [x, mask]} with a mask that broadcasts to {@code x} aligned at the last axes.
   *
   * @throws IllegalArgumentException naming the layer and both shapes otherwise
   */
  @Override
  protected void validateInputs(List<Shape> shapes) {
    if (shapes.size() != 2) {
      super.validateInputs(shapes);
      return;
    }
    validateInput(shapes.get(0));
    broadcastable(shapes.get(1), shapes.get(0));
  }

  @Override
  public Tensor call(List<Tensor> inputs, CallContext context) {
    if (inputs.size() != 2) {
      return super.call(inputs, context);
    }
    validateInputs(List.of(inputs.get(0).shape(), inputs.get(1).shape()));
    return masked(inputs.get(0), inputs.get(1)).withMask(inputs.get(1));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return masked(input, input.mask());
  }

  private Tensor masked(Tensor input, Tensor mask) {
    if (mask == null) {
      return ActivationOps.softmax(input, axis);
    }
    Tensor keep = Tensor.of(input.shape(), broadcast(mask, input.shape()));
    float[] hidden = keep.toArray();
    for (int i = 0; i < hidden.length; i++) {
      hidden[i] = hidden[i] == 0f ? MASKED : 0f;
    }
    Tensor x = Ops.add(Ops.mul(input, keep), Tensor.of(input.shape(), hidden)); // Keras: where(mask, x, -1e9)
    return Ops.mul(ActivationOps.softmax(x, axis), keep);
  }

  /** Keras' large negative number for masked float32 logits. */
  private static final float MASKED = -1e9f;

  /** The mask broadcast to {@code shape} aligned at the last axes, as 1 (kept) or 0 (masked) per element. */
  private float[] broadcast(Tensor mask, Shape shape) {
    broadcastable(mask.shape(), shape);
    int rank = shape.rank();
    int m = mask.rank();
    float[] values = mask.toArray();
    float[] out = new float[shape.size()];
    int[] index = new int[rank];
    for (int e = 0; e < out.length; e++) {
      int at = 0;
      for (int i = 0; i < m; i++) {
        int d = mask.shape().dim(i);
        at = at * d + (d == 1 ? 0 : index[rank - m + i]);
      }
      out[e] = values[at] > 0.5f ? 1f : 0f;
      for (int i = rank - 1; i >= 0 && ++index[i] == shape.dim(i); i--) {
        index[i] = 0;
      }
    }
    return out;
  }

  /** Refuses a mask that does not broadcast to the input, naming the layer and both shapes. */
  private void broadcastable(Shape mask, Shape shape) {
    int rank = shape.rank();
    int m = mask.rank();
    boolean ok = m <= rank;
    for (int i = 1; ok && i <= m; i++) {
      int d = mask.dim(m - i);
      ok = d == 1 || d == shape.dim(rank - i) || d == Shape.UNKNOWN || shape.dim(rank - i) == Shape.UNKNOWN;
    }
    if (!ok) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Softmax): the mask must be broadcastable to the "
          + "inputs, each mask axis 1 or the size of the input axis it aligns with from the last (as Keras 3 "
          + "requires), received inputs of shape " + shape + " and a mask of shape " + mask);
    }
  }

  /** Keras: the mask passes on to the output. */
  @Override
  protected boolean supportsMasking() {
    return true;
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("axis", axis);
  }
}
