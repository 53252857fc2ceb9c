package org.dropout4j.layers;

import java.util.Locale;
import java.util.Map;
import org.dropout4j.tensor.AxisGather;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code UpSampling2D}: a {@code (batch, height, width, channels)} input ({@code (batch, channels, height,
 * width)} with {@code data_format="channels_first"}) enlarged {@code size} times per spatial axis. Defaults as in
 * Keras: {@code size=(2, 2)}, {@code data_format="channels_last"}, {@code interpolation="nearest"}.
 *
 * <p>{@code nearest} repeats each row and column ({@code ops.repeat}, as Keras 3 does); {@code bilinear} is
 * TensorFlow's {@code resize_bilinear} with half-pixel centres, which Keras 3's {@code ops.image.resize} runs
 * ({@link AxisGather#resizeLinear} along the width, then the height). Keras' other interpolations
 * ({@code bicubic}, {@code lanczos3}, {@code lanczos5}, {@code area}) are refused by name.
 *
 * <pre>{@code
 * new UpSampling2D();                                                      // (None, 7, 7, 16) -> (None, 14, 14, 16)
 * new UpSampling2D(new int[] {2, 3}, "channels_last", "bilinear", null);
 * }</pre>
 */
public final class UpSampling2D extends Layer {
  /** Keras' default {@code size} on each axis. */
  public static final int DEFAULT_SIZE = 2;
  /** Keras' default interpolation. */
  public static final String NEAREST = "nearest";
  /** Bilinear interpolation. */
  public static final String BILINEAR = "bilinear";

  /** Keras' {@code UpSampling2D} config: {@code size}, {@code data_format}, {@code interpolation}. */
  public static final LayerDescriptor<UpSampling2D> DESCRIPTOR = LayerDescriptor.of("UpSampling2D",
      UpSampling2D.class, r -> {
        String name = r.weightlessName("UpSampling2D");
        int[] size = r.intOrPair("size", new int[] {DEFAULT_SIZE});
        String dataFormat = r.string("data_format", Configs.CHANNELS_LAST);
        return new UpSampling2D(size, dataFormat, r.string("interpolation", NEAREST), name);
      });

  private final int[] size;
  private final String dataFormat;
  private final String interpolation;

  /** {@code UpSampling2D()}: nearest, twice as high and wide. */
  public UpSampling2D() {
    this(DEFAULT_SIZE);
  }

  /** {@code UpSampling2D(size)}: nearest, {@code size} times as high and wide. */
  public UpSampling2D(int size) {
    this(new int[] {size}, Configs.CHANNELS_LAST, NEAREST, null);
  }

  /**
   * All options.
   *
   * @param size one factor or {@code (height, width)}, positive
   * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
   * @param interpolation {@code "nearest"} or {@code "bilinear"} (case-insensitive, as in Keras)
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException for a non-positive factor, an unknown data format, or an interpolation other
   *     than nearest and bilinear
   */
  public UpSampling2D(int[] size, String dataFormat, String interpolation, String name) {
    super(name, true, DESCRIPTOR);
    inputSpec(InputSpec.ndim(4));
    this.size = ConvArgs.pair("UpSampling2D", "size", size);
    this.dataFormat = ConvArgs.dataFormat("UpSampling2D", dataFormat);
    String i = interpolation == null ? null : interpolation.toLowerCase(Locale.ROOT);
    if (!NEAREST.equals(i) && !BILINEAR.equals(i)) {
      throw new IllegalArgumentException("Invalid value for argument `interpolation` of UpSampling2D: dropout4j "
          + "implements \"nearest\" and \"bilinear\", received interpolation=" + interpolation
          + (i != null && java.util.List.of("bicubic", "lanczos3", "lanczos5", "area").contains(i)
              ? " (a Keras interpolation dropout4j does not implement)" : ""));
    }
    this.interpolation = i;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    int[] d = ConvArgs.nhwc(inputShape, dataFormat);
    return ConvArgs.fromNhwc(d[0], times(d[1], size[0]), times(d[2], size[1]), d[3], dataFormat);
  }

  private static int times(int d, int factor) {
    return d == Shape.UNKNOWN ? Shape.UNKNOWN : d * factor;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    int h = Configs.CHANNELS_FIRST.equals(dataFormat) ? 2 : 1;
    if (NEAREST.equals(interpolation)) {
      return AxisGather.repeat(AxisGather.repeat(input, h, size[0]), h + 1, size[1]);
    }
    Tensor wide = AxisGather.resizeLinear(input, h + 1, input.shape().dim(h + 1) * size[1]);
    return AxisGather.resizeLinear(wide, h, input.shape().dim(h) * size[0]);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("size", ConvArgs.list(size));
    config.put("data_format", dataFormat);
    config.put("interpolation", interpolation);
  }
}
