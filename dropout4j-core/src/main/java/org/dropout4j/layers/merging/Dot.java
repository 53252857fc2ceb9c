package org.dropout4j.layers.merging;

import org.dropout4j.layers.LayerDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.MultiInputLayer;
import org.dropout4j.tensor.MergeOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Dot(axes, normalize=False)}: the per-sample dot product of two tensors along {@code axes} (Keras'
 * {@code batch_dot}). For two {@code (None, d)} inputs and {@code axes=1} the output is {@code (None, 1)}; for
 * {@code (None, n, d)} and {@code (None, m, d)} with {@code axes=2} it is {@code (None, n, m)}. With
 * {@code normalize=true} each input is first L2-normalized along its axis, {@code x / max(||x||, 1e-7)}, so the
 * output is the cosine similarity.
 *
 * <pre>{@code
 * KerasTensor cos = new Dot(1, true).apply(a, b);
 * }</pre>
 */
public final class Dot extends MultiInputLayer {
  /** Keras' {@code Dot} config: {@code axes} (one integer or two), {@code normalize} and the base keys. */
  public static final LayerDescriptor<Dot> DESCRIPTOR = LayerDescriptor.of("Dot", Dot.class, r -> {
    String name = Merge.baseName(r);
    Object axes = r.raw("axes");
    int[] a;
    if (axes instanceof Number) {
      a = new int[] {r.integer("axes", 0)};
    } else {
      List<Integer> d = axes instanceof List ? r.dims("axes") : null;
      if (d == null || d.size() != 2 || d.contains(null)) {
        throw r.invalid("axes", "an integer or a list of 2 integers", axes);
      }
      a = new int[] {d.get(0), d.get(1)};
    }
    return new Dot(a, r.bool("normalize", false), name);
  });

  /** Keras' {@code backend.epsilon()}, the smallest norm {@code normalize} divides by. */
  public static final float NORM_EPSILON = 1e-7f;

  private final int[] axes;
  private final boolean normalize;

  /**
   * One axis for both inputs.
   *
   * @param axes the contracted axis of both inputs (negative counts from the end; not the batch axis)
   * @param normalize whether to L2-normalize both inputs along the axis first (cosine similarity)
   */
  public Dot(int axes, boolean normalize) {
    this(new int[] {axes}, normalize, null);
  }

  /**
   * @param axes one axis for both inputs, or one axis per input (negative counts from the end)
   * @param normalize whether to L2-normalize the inputs along their axes first
   * @param name the layer's name, or {@code null}
   * @throws IllegalArgumentException if {@code axes} has neither 1 nor 2 entries, or an entry is 0 (the batch)
   */
  public Dot(int[] axes, boolean normalize, String name) {
    super(name, true, DESCRIPTOR);
    if (axes.length != 1 && axes.length != 2) {
      throw new IllegalArgumentException("Invalid value for argument `axes` of Dot: expected an integer or a list "
          + "of 2 integers, received axes=" + java.util.Arrays.toString(axes));
    }
    for (int a : axes) {
      if (a == 0) {
        throw new IllegalArgumentException("Invalid value for argument `axes` of Dot: axis 0 is the batch axis, "
            + "received axes=" + java.util.Arrays.toString(axes));
      }
    }
    this.axes = axes.clone();
    this.normalize = normalize;
  }

  /** The axes as given: one for both inputs or one per input. */
  public int[] axes() {
    return axes.clone();
  }

  /** Whether the inputs are L2-normalized first. */
  public boolean normalize() {
    return normalize;
  }

  /** The non-negative axis of input {@code i} of rank {@code rank}. */
  private int axisOf(int i, int rank) {
    int a = axes.length == 1 ? axes[0] : axes[i];
    return a < 0 ? a + rank : a;
  }

  private String label() {
    return name() != null ? name() : className();
  }

  @Override
  protected void validateInputs(List<Shape> shapes) {
    if (shapes.size() != 2) {
      throw new IllegalArgumentException("A `Dot` layer (\"" + label() + "\") should be called on a list of 2 "
          + "inputs, received " + shapes.size() + " inputs with shapes " + shapes);
    }
    Shape s1 = shapes.get(0);
    Shape s2 = shapes.get(1);
    int a1 = axisOf(0, s1.rank());
    int a2 = axisOf(1, s2.rank());
    if (s1.rank() < 2 || s2.rank() < 2 || a1 < 1 || a1 >= s1.rank() || a2 < 1 || a2 >= s2.rank()) {
      throw new IllegalArgumentException("A `Dot` layer (\"" + label() + "\") with axes="
          + java.util.Arrays.toString(axes) + " needs inputs of rank >= 2 with those feature axes, received input "
          + "shapes " + s1 + ", " + s2);
    }
    int d1 = s1.dim(a1);
    int d2 = s2.dim(a2);
    if (d1 != Shape.UNKNOWN && d2 != Shape.UNKNOWN && d1 != d2) {
      throw new IllegalArgumentException("Layer \"" + label() + "\" (Dot): incompatible input shapes: axis values "
          + d1 + " (at axis " + a1 + ") != " + d2 + " (at axis " + a2 + "). Full input shapes: " + s1 + ", " + s2);
    }
  }

  @Override
  public Shape computeOutputShape(List<Shape> shapes) {
    validateInputs(shapes);
    Shape s1 = shapes.get(0);
    Shape s2 = shapes.get(1);
    List<Integer> out = new ArrayList<>();
    int a1 = axisOf(0, s1.rank());
    int a2 = axisOf(1, s2.rank());
    for (int i = 0; i < s1.rank(); i++) {
      if (i != a1) {
        out.add(s1.dim(i));
      }
    }
    for (int i = 1; i < s2.rank(); i++) {
      if (i != a2) {
        out.add(s2.dim(i));
      }
    }
    if (out.size() == 1) {
      out.add(1);
    }
    return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
  }

  @Override
  public Tensor call(List<Tensor> inputs, CallContext context) {
    List<Shape> shapes = inputs.stream().map(Tensor::shape).toList();
    validateInputs(shapes);
    Tensor x1 = inputs.get(0);
    Tensor x2 = inputs.get(1);
    int a1 = axisOf(0, x1.rank());
    int a2 = axisOf(1, x2.rank());
    if (normalize) {
      x1 = l2Normalize(x1, a1);
      x2 = l2Normalize(x2, a2);
    }
    return MergeOps.batchDot(x1, x2, a1, a2);
  }

  /** {@code x / max(||x||, epsilon)} along {@code axis}. */
  private static Tensor l2Normalize(Tensor x, int axis) {
    Tensor sq = Ops.sum(Ops.square(x), axis, true);
    Tensor norm = Ops.sqrt(Ops.clip(sq, NORM_EPSILON * NORM_EPSILON, Float.MAX_VALUE));
    return Ops.div(x, norm);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("axes", axes.length == 1 ? (Object) axes[0] : List.of(axes[0], axes[1]));
    config.put("normalize", normalize);
  }
}
