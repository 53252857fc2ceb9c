package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.AxisGather;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of {@link ZeroPadding1D}, {@link ZeroPadding2D}, {@link Cropping1D} and {@link Cropping2D}: a
 * {@code (before, after)} amount per spatial axis, added as zeros or cut away ({@link AxisGather#pad}, where a crop
 * is a negative pad), the spatial axes following {@code data_format}.
 */
abstract class PadCrop extends Layer {
  private final String key;
  private final boolean crop;
  private final int[][] amounts;
  /** {@code null} for a layer without the argument (Keras' Cropping1D). */
  private final String dataFormat;

  /**
   * @param descriptor the subclass's {@code DESCRIPTOR}, which gives its Keras class name
   * @param key {@code "padding"} or {@code "cropping"}
   * @param amounts one {@code (before, after)} pair per spatial axis, each {@code >= 0}
   * @param dataFormat the data format, or {@code null} for a layer that has none (always channels_last)
   */
  PadCrop(String name, LayerDescriptor<?> descriptor, String key, boolean crop, int[][] amounts, String dataFormat) {
    super(name, true, descriptor);
    String className = descriptor.className();
    this.key = key;
    this.crop = crop;
    this.amounts = new int[amounts.length][];
    for (int i = 0; i < amounts.length; i++) {
      if (amounts[i].length != 2 || amounts[i][0] < 0 || amounts[i][1] < 0) {
        throw new IllegalArgumentException("Invalid value for argument `" + key + "` of " + className
            + ": expected non-negative integers, received " + key + "=" + describe(amounts));
      }
      this.amounts[i] = amounts[i].clone();
    }
    this.dataFormat = dataFormat == null ? null : ConvArgs.dataFormat(className, dataFormat);
  }

  /**
   * Keras' forms of the argument for {@code axes} spatial axes: an integer (both sides of every axis), a list of
   * {@code axes} integers (both sides of each axis; for one axis: {@code [before, after]}) or of {@code axes} pairs.
   */
  static int[][] read(ConfigReader r, String key, int axes, int[][] fallback) {
    Object v = r.raw(key);
    if (v == null) {
      return fallback;
    }
    String expected = axes == 1 ? "an integer or a list of 2 integers"
        : "an integer, a list of " + axes + " integers or a list of " + axes + " pairs of integers";
    if (v instanceof Number n) {
      int p = integral(r, key, expected, n, v);
      int[][] out = new int[axes][];
      for (int i = 0; i < axes; i++) {
        out[i] = new int[] {p, p};
      }
      return out;
    }
    if (!(v instanceof List<?> list)) {
      throw r.invalid(key, expected, v);
    }
    if (axes == 1) {
      if (list.size() != 2 || !(list.get(0) instanceof Number a) || !(list.get(1) instanceof Number b)) {
        throw r.invalid(key, expected, v);
      }
      return new int[][] {{integral(r, key, expected, a, v), integral(r, key, expected, b, v)}};
    }
    if (list.size() != axes) {
      throw r.invalid(key, expected, v);
    }
    int[][] out = new int[axes][];
    for (int i = 0; i < axes; i++) {
      Object e = list.get(i);
      if (e instanceof Number n) {
        int p = integral(r, key, expected, n, v);
        out[i] = new int[] {p, p};
      } else if (e instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Number a
          && pair.get(1) instanceof Number b) {
        out[i] = new int[] {integral(r, key, expected, a, v), integral(r, key, expected, b, v)};
      } else {
        throw r.invalid(key, expected, v);
      }
    }
    return out;
  }

  private static int integral(ConfigReader r, String key, String expected, Number n, Object v) {
    double d = n.doubleValue();
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw r.invalid(key, expected, v);
    }
    return (int) d;
  }

  private static String describe(int[][] amounts) {
    List<String> parts = new ArrayList<>();
    for (int[] a : amounts) {
      parts.add(ConvArgs.tuple(a));
    }
    return amounts.length == 1 ? parts.get(0) : "(" + String.join(", ", parts) + ")";
  }

  /** The first spatial axis of the input. */
  private int firstSpatialAxis() {
    return Configs.CHANNELS_FIRST.equals(dataFormat) ? 2 : 1;
  }

  @Override
  protected final void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, amounts.length + 2);
    int first = firstSpatialAxis();
    for (int i = 0; i < amounts.length; i++) {
      int d = inputShape.dim(first + i);
      if (crop && d != Shape.UNKNOWN && amounts[i][0] + amounts[i][1] >= d) {
        throw new IllegalArgumentException("Input of layer \"" + name() + "\" (" + className() + ") is too small for "
            + "cropping=" + describe(amounts) + ": each spatial size must be larger than its total cropping, "
            + "received input with shape " + inputShape);
      }
    }
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    int[] d = inputShape.toArray();
    int first = firstSpatialAxis();
    for (int i = 0; i < amounts.length; i++) {
      int a = first + i;
      if (d[a] != Shape.UNKNOWN) {
        d[a] += (crop ? -1 : 1) * (amounts[i][0] + amounts[i][1]);
      }
    }
    return Shape.of(d);
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    int[] before = new int[input.rank()];
    int[] after = new int[input.rank()];
    int first = firstSpatialAxis();
    int sign = crop ? -1 : 1;
    for (int i = 0; i < amounts.length; i++) {
      before[first + i] = sign * amounts[i][0];
      after[first + i] = sign * amounts[i][1];
    }
    return AxisGather.pad(input, before, after);
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    if (amounts.length == 1) {
      config.put(key, ConvArgs.list(amounts[0]));
    } else {
      List<Object> pairs = new ArrayList<>();
      for (int[] a : amounts) {
        pairs.add(ConvArgs.list(a));
      }
      config.put(key, pairs);
    }
    if (dataFormat != null) {
      config.put("data_format", dataFormat);
    }
  }
}
