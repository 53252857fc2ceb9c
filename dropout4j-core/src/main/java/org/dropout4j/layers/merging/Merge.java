package org.dropout4j.layers.merging;

import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.ConfigReader;
import org.dropout4j.layers.MultiInputLayer;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The base of Keras' elementwise merge layers ({@link Add}, {@link Subtract}, {@link Multiply}, {@link Average},
 * {@link Maximum}, {@link Minimum}): called on a list of tensors, it folds them pairwise with the operation its subclass passes (sum, difference, product, maximum, minimum).
 *
 * <p>Shapes as in Keras' {@code Merge}: the batch sizes must agree; an input of lower rank gets axes of size 1
 * inserted after the batch axis; then every pair of non-batch dimensions must be equal or one of them 1 (NumPy
 * broadcasting), else the call fails at graph construction naming the layer and both shapes.
 */
public abstract class Merge extends MultiInputLayer {
  private final int requiredInputs;
  private final BinaryOperator<Tensor> combine;

  /**
   * @param name the layer's name or {@code null}
   * @param descriptor the subclass's {@code DESCRIPTOR}, which gives its Keras class name, e.g. {@code Add}
   * @param requiredInputs the exact number of inputs, or 0 for "at least one"
   * @param combine combines two (broadcast-compatible, equal-rank) tensors, e.g. {@code Ops::add}
   */
  protected Merge(String name, LayerDescriptor<?> descriptor, int requiredInputs, BinaryOperator<Tensor> combine) {
    super(name, true, descriptor);
    supportMasking(); // Keras: merges carry the OR of their inputs' masks (see call)
    this.requiredInputs = requiredInputs;
    this.combine = combine;
  }

  /**
   * The descriptor of a merge layer whose config holds only the base keys ({@code name}, {@code trainable},
   * {@code dtype}), built by its constructor taking the name, e.g. {@code descriptor("Add", Add.class, Add::new)}.
   */
  protected static <M extends Merge> LayerDescriptor<M> descriptor(String className, Class<M> type,
      Function<String, M> byName) {
    return LayerDescriptor.of(className, type, r -> byName.apply(baseName(r)));
  }

  /**
   * The base keys of a merge layer's config; {@code trainable} is read and has no effect (a merge has no weights);
   * returns the {@code name}.
   */
  static String baseName(ConfigReader r) {
    r.layerBase();
    r.bool("trainable", true);
    return r.string("name", null);
  }

  /** The result of folding every input; {@link Average} divides it by the count. */
  protected Tensor finish(Tensor folded, int count) {
    return folded;
  }

  @Override
  protected final void validateInputs(List<Shape> inputShapes) {
    String label = label();
    if (requiredInputs > 0 && inputShapes.size() != requiredInputs) {
      throw new IllegalArgumentException("A `" + className() + "` layer (\"" + label + "\") should be called on "
          + "exactly " + requiredInputs + " inputs, received " + inputShapes.size() + " inputs with shapes "
          + inputShapes);
    }
    if (inputShapes.isEmpty()) {
      throw new IllegalArgumentException("A merge layer (\"" + label + "\") should be called on a list of at least "
          + "1 input, received none");
    }
    outputShape(inputShapes);
  }

  private String label() {
    return name() != null ? name() : className();
  }

  private Shape outputShape(List<Shape> shapes) {
    int rank = 0;
    for (Shape s : shapes) {
      if (s.rank() < 1) {
        throw new IllegalArgumentException("Layer \"" + label() + "\" (" + className() + ") needs inputs with a batch "
            + "axis, received shapes " + shapes);
      }
      rank = Math.max(rank, s.rank());
    }
    int[] out = padded(shapes.get(0), rank).toArray();
    for (Shape s : shapes) {
      int[] d = padded(s, rank).toArray();
      for (int i = 0; i < rank; i++) {
        int a = out[i];
        int b = d[i];
        if (a == Shape.UNKNOWN || b == Shape.UNKNOWN) {
          out[i] = a == 1 ? b : b == 1 ? a : Shape.UNKNOWN;
        } else if (a == 1 && i > 0) {
          out[i] = b;
        } else if (b != a && !(b == 1 && i > 0)) {
          throw new IllegalArgumentException("Layer \"" + label() + "\" (" + className() + "): inputs have "
              + "incompatible shapes " + shapes + " (dimension " + i + ": " + a + " vs " + b + ")");
        }
      }
    }
    return Shape.of(out);
  }

  /** {@code s} with axes of size 1 inserted after the batch axis up to {@code rank}. */
  private static Shape padded(Shape s, int rank) {
    if (s.rank() == rank) {
      return s;
    }
    int[] d = new int[rank];
    d[0] = s.dim(0);
    int extra = rank - s.rank();
    for (int i = 1; i < rank; i++) {
      d[i] = i <= extra ? 1 : s.dim(i - extra);
    }
    return Shape.of(d);
  }

  @Override
  public final Shape computeOutputShape(List<Shape> inputShapes) {
    validateInputs(inputShapes);
    return outputShape(inputShapes);
  }

  @Override
  public final Tensor call(List<Tensor> inputs, CallContext context) {
    List<Shape> shapes = inputs.stream().map(Tensor::shape).toList();
    Shape out = computeOutputShape(shapes);
    Tensor acc = null;
    for (Tensor t : inputs) {
      Tensor x = t.rank() == out.rank() ? t : Ops.reshape(t, padded(t.shape(), out.rank()).toArray());
      acc = acc == null ? x : combine.apply(acc, x);
    }
    return finish(acc, inputs.size()).withMask(orMask(inputs));
  }

  /** Keras' {@code Merge.compute_mask}: none if any input has none, else the logical OR of the inputs' masks. */
  private Tensor orMask(List<Tensor> inputs) {
    float[] or = null;
    Shape shape = null;
    for (Tensor t : inputs) {
      Tensor m = t.mask();
      if (m == null) {
        return null;
      }
      if (or == null) {
        or = m.toArray();
        shape = m.shape();
      } else if (!m.shape().equals(shape)) {
        throw new IllegalArgumentException("Layer \"" + label() + "\" (" + className() + "): the inputs' masks have "
            + "different shapes " + shape + " and " + m.shape());
      } else {
        for (int i = 0; i < or.length; i++) {
          or[i] = or[i] != 0f || m.get(i) != 0f ? 1f : 0f;
        }
      }
    }
    return or == null ? null : Tensor.of(shape, or);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
  }
}
