package org.dropout4j.layers.merging;

import org.dropout4j.layers.LayerDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.MultiInputLayer;
import org.dropout4j.tensor.MergeOps;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Concatenate(axis=-1)}: joins a list of tensors along {@code axis}; every other dimension must agree
 * (checked at graph construction).
 *
 * <pre>{@code
 * KerasTensor both = new Concatenate().apply(left, right);   // (None, 4) and (None, 6) -> (None, 10)
 * }</pre>
 */
public final class Concatenate extends MultiInputLayer {
  /** Keras' {@code Concatenate} config: {@code axis} and the base keys. */
  public static final LayerDescriptor<Concatenate> DESCRIPTOR = LayerDescriptor.of("Concatenate", Concatenate.class,
      r -> {
        String name = Merge.baseName(r);
        return new Concatenate(r.integer("axis", Concatenate.DEFAULT_AXIS), name);
      });

  /** Keras' default axis: the last. */
  public static final int DEFAULT_AXIS = -1;

  private final int axis;

  /** Concatenation along the last axis. */
  public Concatenate() {
    this(DEFAULT_AXIS, null);
  }

  /**
   * @param axis the axis to join along, negative counts from the end; not the batch axis 0
   * @param name the layer's name, or {@code null}
   * @throws IllegalArgumentException if {@code axis} is 0
   */
  public Concatenate(int axis, String name) {
    super(name, true, DESCRIPTOR);
    supportMasking(); // Keras: the concatenation carries a mask when an input does (see call)
    if (axis == 0) {
      throw new IllegalArgumentException("Invalid value for argument `axis` of Concatenate: axis 0 is the batch "
          + "axis, expected a feature axis (1.. or negative), received axis=0");
    }
    this.axis = axis;
  }

  /** The concatenation axis as given (negative counts from the end). */
  public int axis() {
    return axis;
  }

  private String label() {
    return name() != null ? name() : className();
  }

  @Override
  protected void validateInputs(List<Shape> shapes) {
    if (shapes.isEmpty()) {
      throw new IllegalArgumentException("A `Concatenate` layer (\"" + label() + "\") should be called on a list of "
          + "at least 1 input, received none");
    }
    int rank = shapes.get(0).rank();
    int ax = axis < 0 ? rank + axis : axis;
    for (Shape s : shapes) {
      if (s.rank() != rank || ax <= 0 || ax >= rank) {
        throw new IllegalArgumentException("A `Concatenate` layer (\"" + label() + "\") with axis=" + axis
            + " requires inputs of one rank with that feature axis, received input shapes " + shapes);
      }
      for (int i = 1; i < rank; i++) {
        int a = shapes.get(0).dim(i);
        int b = s.dim(i);
        if (i != ax && a != Shape.UNKNOWN && b != Shape.UNKNOWN && a != b) {
          throw new IllegalArgumentException("A `Concatenate` layer (\"" + label() + "\") requires inputs with "
              + "matching shapes except for the concatenation axis " + axis + ", received input shapes " + shapes);
        }
      }
    }
  }

  @Override
  public Shape computeOutputShape(List<Shape> shapes) {
    validateInputs(shapes);
    int rank = shapes.get(0).rank();
    int ax = axis < 0 ? rank + axis : axis;
    int[] out = shapes.get(0).toArray();
    int total = 0;
    for (Shape s : shapes) {
      for (int i = 0; i < rank; i++) {
        if (i != ax && out[i] == Shape.UNKNOWN) {
          out[i] = s.dim(i);
        }
      }
      total = total == Shape.UNKNOWN || s.dim(ax) == Shape.UNKNOWN ? Shape.UNKNOWN : total + s.dim(ax);
    }
    out[ax] = total;
    return Shape.of(out);
  }

  @Override
  public Tensor call(List<Tensor> inputs, CallContext context) {
    List<Shape> shapes = inputs.stream().map(Tensor::shape).toList();
    validateInputs(shapes);
    return MergeOps.concat(inputs, axis).withMask(concatMask(inputs));
  }

  /**
   * Keras' {@code Concatenate.compute_mask}: none if no input has a mask; else each input's mask widened to the
   * input's shape (all ones for an unmasked input), concatenated along {@code axis}, then any over the last axis.
   */
  private Tensor concatMask(List<Tensor> inputs) {
    boolean any = false;
    for (Tensor t : inputs) {
      any |= t.mask() != null;
    }
    if (!any) {
      return null;
    }
    List<Tensor> full = new ArrayList<>();
    for (Tensor t : inputs) {
      Tensor m = t.mask();
      if (m == null) {
        full.add(Tensor.full(t.shape(), 1f));
      } else if (m.rank() == t.rank() - 1) {
        int last = t.shape().dim(-1);
        float[] v = m.toArray();
        float[] w = new float[v.length * last];
        for (int i = 0; i < v.length; i++) {
          java.util.Arrays.fill(w, i * last, (i + 1) * last, v[i]);
        }
        full.add(Tensor.of(t.shape(), w));
      } else if (m.shape().equals(t.shape())) {
        full.add(m);
      } else {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (Concatenate): an input of shape " + t.shape()
            + " carries a mask of shape " + m.shape() + ", expected " + t.shape() + " without its last axis");
      }
    }
    Tensor joined = MergeOps.concat(full, axis);
    int last = joined.shape().dim(-1);
    float[] v = joined.toArray();
    float[] out = new float[v.length / last];
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < last && out[i] == 0f; j++) {
        out[i] = v[i * last + j] != 0f ? 1f : 0f;
      }
    }
    int[] d = joined.shape().toArray();
    return Tensor.of(Shape.of(java.util.Arrays.copyOf(d, d.length - 1)), out);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("axis", axis);
  }
}
