package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dropout4j.internal.Guards;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Rescaling(scale, offset=0.0)}: {@code x * scale + offset}, the preprocessing step image models start
 * with ({@code Rescaling(1/255)} maps pixels to [0, 1], {@code Rescaling(1/127.5, offset=-1)} to [-1, 1]). Each of
 * {@code scale} and {@code offset} is one number, or one number per channel of the last axis (channels_last, as
 * Keras broadcasts a 1-D array). The same in training and inference; no weights; a mask passes unchanged.
 *
 * <pre>{@code
 * new Sequential(Input.shape(28, 28, 1), new Rescaling(1f / 255), new Conv2D(8, 3), new Flatten(), new Dense(10));
 * }</pre>
 */
public final class Rescaling extends Layer {
  /** Keras' {@code Rescaling} config: {@code scale}, {@code offset} (numbers, lists or 1-D NumPy arrays). */
  public static final LayerDescriptor<Rescaling> DESCRIPTOR = LayerDescriptor.of("Rescaling", Rescaling.class,
      r -> {
        String name = r.weightlessName("Rescaling");
        if (r.raw("scale") == null) {
          throw r.invalid("scale", "a number or a list of numbers (one per channel)", null);
        }
        float[] scale = factors(r, "scale");
        float[] offset = r.raw("offset") == null ? new float[] {Rescaling.DEFAULT_OFFSET} : factors(r, "offset");
        return new Rescaling(scale, offset, name);
      });

  /** Default {@code offset}. */
  public static final float DEFAULT_OFFSET = 0f;

  private final float[] scale;
  private final float[] offset;

  /** {@code Rescaling(scale)}, offset 0. */
  public Rescaling(float scale) {
    this(new float[] {scale}, new float[] {DEFAULT_OFFSET}, null);
  }

  /** {@code Rescaling(scale, offset)}. */
  public Rescaling(float scale, float offset) {
    this(new float[] {scale}, new float[] {offset}, null);
  }

  /**
   * @param scale one factor, or one per channel of the last axis; finite
   * @param offset one offset, or one per channel of the last axis; finite
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException if either is empty or holds a value that is not finite
   */
  public Rescaling(float[] scale, float[] offset, String name) {
    super(name, true, DESCRIPTOR);
    supportMasking(); // Keras: supports_masking = True (elementwise)
    this.scale = checked(scale, "scale");
    this.offset = checked(offset, "offset");
  }

  private static float[] checked(float[] values, String argument) {
    Guards.argument(values.length > 0, "Rescaling", argument, "one number or one per channel", "[]");
    for (float v : values) {
      Guards.argument(Float.isFinite(v), "Rescaling", argument, "finite numbers", Arrays.toString(values));
    }
    return values.clone();
  }

  /** A number, a list of numbers or Keras' serialized 1-D NumPy array ({@code {"class_name": "__numpy__"}}). */
  private static float[] factors(ConfigReader r, String key) {
    Object v = r.raw(key);
    if (v instanceof Map<?, ?> m && "__numpy__".equals(m.get("class_name")) && m.get("config") instanceof Map<?, ?> c) {
      v = c.get("value");
    }
    List<Object> items = new ArrayList<>();
    if (v instanceof List<?> list) {
      items.addAll(list);
    } else {
      items.add(v);
    }
    float[] out = new float[items.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(items.get(i) instanceof Number n)) {
        throw r.invalid(key, "a number, or a flat list of numbers (one per channel of the last axis)", r.raw(key));
      }
      out[i] = n.floatValue();
    }
    return out;
  }

  /** The factors: one, or one per channel. */
  public float[] scale() {
    return scale.clone();
  }

  /** The offsets: one, or one per channel. */
  public float[] offset() {
    return offset.clone();
  }

  @Override
  protected void validateInput(Shape inputShape) {
    super.validateInput(inputShape);
    int channels = inputShape.rank() == 0 ? 1 : inputShape.dim(-1);
    for (float[] f : List.of(scale, offset)) {
      if (f.length > 1 && (inputShape.rank() < 2 || channels != f.length && channels != Shape.UNKNOWN)) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (Rescaling): " + f.length + " per-channel "
            + (f == scale ? "scale" : "offset") + " values need an input whose last axis has " + f.length
            + " channels, received input shape " + inputShape);
      }
    }
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return Ops.add(Ops.mul(input, factorTensor(scale)), factorTensor(offset));
  }

  private static Tensor factorTensor(float[] f) {
    return f.length == 1 ? Tensor.scalar(f[0]) : Tensor.of(Shape.of(f.length), f);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("scale", serialized(scale));
    config.put("offset", serialized(offset));
  }

  private static Object serialized(float[] f) {
    if (f.length == 1) {
      return Configs.number(f[0]);
    }
    List<Double> out = new ArrayList<>();
    for (float v : f) {
      out.add(Configs.number(v));
    }
    return out;
  }
}
