package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Reshape(target_shape)}: the same values with the per-sample shape {@code target_shape} (the batch
 * axis is kept); one entry may be {@code -1} and is inferred. No copy.
 *
 * <pre>{@code
 * new Reshape(28, 28, 1);   // (None, 784) -> (None, 28, 28, 1)
 * }</pre>
 */
public final class Reshape extends Layer {
  /** Keras' {@code Reshape} config: {@code target_shape} and the base keys. */
  public static final LayerDescriptor<Reshape> DESCRIPTOR = LayerDescriptor.of("Reshape", Reshape.class, r -> {
    String name = r.weightlessName("Reshape");
    return new Reshape(r.requiredInts("target_shape", "a list of positive sizes and at most one -1"), name);
  });

  private final int[] targetShape;

  /**
   * @param targetShape the per-sample output shape: positive sizes and at most one {@code -1}
   * @throws IllegalArgumentException for other values
   */
  public Reshape(int... targetShape) {
    this(targetShape, null);
  }

  /** With a name ({@code null} to let the model assign one). */
  public Reshape(int[] targetShape, String name) {
    super(name, true, DESCRIPTOR);
    int unknown = 0;
    for (int d : targetShape) {
      if (d == -1) {
        unknown++;
      } else if (d <= 0) {
        unknown = 2;
      }
    }
    if (unknown > 1) {
      throw new IllegalArgumentException("Invalid value for argument `target_shape` of Reshape: expected positive "
          + "sizes and at most one -1, received target_shape=" + ConvArgs.tuple(targetShape));
    }
    this.targetShape = targetShape.clone();
  }

  @Override
  protected void validateInput(Shape inputShape) {
    computeOutputShape(inputShape);
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    int[] d = new int[targetShape.length + 1];
    d[0] = input.shape().dim(0);
    int[] resolved = computeOutputShape(input.shape()).toArray();
    System.arraycopy(resolved, 1, d, 1, targetShape.length);
    return Ops.reshape(input, d);
  }

  /**
   * @throws IllegalArgumentException if the per-sample sizes do not match; the message names both shapes
   */
  @Override
  public Shape computeOutputShape(Shape inputShape) {
    long in = 1;
    boolean known = true;
    for (int i = 1; i < inputShape.rank(); i++) {
      if (inputShape.dim(i) == Shape.UNKNOWN) {
        known = false;
      } else {
        in *= inputShape.dim(i);
      }
    }
    long target = 1;
    int unknownAt = -1;
    for (int i = 0; i < targetShape.length; i++) {
      if (targetShape[i] == -1) {
        unknownAt = i;
      } else {
        target *= targetShape[i];
      }
    }
    int[] out = new int[targetShape.length + 1];
    out[0] = inputShape.rank() > 0 ? inputShape.dim(0) : Shape.UNKNOWN;
    System.arraycopy(targetShape, 0, out, 1, targetShape.length);
    if (known) {
      boolean ok = unknownAt >= 0 ? in % target == 0 : in == target;
      if (!ok) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (Reshape) cannot reshape an input of shape "
            + inputShape + " (" + in + " values per sample) to target_shape=" + ConvArgs.tuple(targetShape));
      }
      if (unknownAt >= 0) {
        out[unknownAt + 1] = (int) (in / target);
      }
    }
    return Shape.of(out);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    List<Integer> t = new ArrayList<>();
    for (int d : targetShape) {
      t.add(d);
    }
    config.put("target_shape", t);
  }
}
