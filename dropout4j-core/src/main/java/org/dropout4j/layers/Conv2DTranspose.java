package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.AxisGather;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Conv2DTranspose} (a "deconvolution", the adjoint of a strided convolution) on
 * {@code (batch, height, width, channels)} inputs ({@code (batch, channels, height, width)} with
 * {@code data_format="channels_first"}), kernel of Keras shape {@code (kh, kw, filters, in_channels)}.
 *
 * <p>Computed as Keras' JAX backend states it: the input with {@code stride - 1} zeros between neighbours
 * ({@link AxisGather#dilate}), padded by {@code (left, right)} per axis, convolved ({@link ConvOps#conv2d}, stride 1,
 * valid, the layer's dilation) with the kernel flipped in space and its channel axes swapped. Per axis, with kernel
 * extent {@code k} (the kernel size {@code n} with dilation {@code d}: {@code (n - 1) * d + 1}) and stride {@code s}: {@code padding="valid"}: {@code left = k - 1}, {@code right = k - 1 + output_padding} where a
 * missing {@code output_padding} is {@code max(k, s) - k}, so {@code out = (in - 1) * s + max(k, s)};
 * {@code padding="same"}: a total {@code s + k - 2} (or {@code k + k % 2 - 2 + output_padding}), {@code left} its
 * larger half but at most {@code k - 1}, so {@code out = in * s} (or {@code (in - 1) * s + k % 2 + output_padding}).
 * Defaults as in Keras: {@code strides=1}, {@code padding="valid"}, {@code output_padding=None}, no activation, bias,
 * kernel {@code glorot_uniform}, bias {@code zeros}, {@code dilation_rate=1} (as in Keras, a dilation above 1 cannot
 * be combined with a stride above 1); kernel, bias and activity regularizers and kernel and bias constraints as
 * in Keras ({@link ConvWeights}).
 *
 * <pre>{@code
 * new Conv2DTranspose(16, 3, 2, "same", "relu");   // (None, 7, 7, 32) -> (None, 14, 14, 16)
 * }</pre>
 */
public final class Conv2DTranspose extends ConvLayer {
  /** Keras' {@code Conv2DTranspose} config. */
  public static final LayerDescriptor<Conv2DTranspose> DESCRIPTOR = LayerDescriptor.of("Conv2DTranspose",
      Conv2DTranspose.class, r -> {
        r.layerBase();
        String name = r.string("name", null);
        boolean trainable = r.bool("trainable", true);
        int[] outputPadding = ConvSpec.ints(r, "output_padding", null);
        return new Conv2DTranspose(ConvSpec.read(r, "Conv2DTranspose", 2), outputPadding, name, trainable);
      });

  private final ConvSpec spec;
  /** {@code null} for Keras' {@code output_padding=None}. */
  private final int[] outputPadding;

  /** {@code Conv2DTranspose(filters, kernel_size)}: stride 1, valid, no activation. */
  public Conv2DTranspose(int filters, int kernelSize) {
    this(filters, kernelSize, 1, Configs.VALID, null);
  }

  /** {@code Conv2DTranspose(filters, kernel_size, strides, padding, activation=...)}. */
  public Conv2DTranspose(int filters, int kernelSize, int strides, String padding, String activation) {
    this(filters, new int[] {kernelSize}, new int[] {strides}, padding, null, Configs.CHANNELS_LAST, activation,
        true, Configs.GLOROT_UNIFORM, Configs.ZEROS, null);
  }

  /**
   * All options.
   *
   * @param filters output channels, positive
   * @param kernelSize one size or {@code (height, width)}, positive
   * @param strides one stride or two, positive (default 1)
   * @param padding {@code "valid"} (default) or {@code "same"}
   * @param outputPadding {@code null} (Keras' default, see above) or one value or two, each in
   *     {@code [0, stride)}
   * @param dataFormat {@code "channels_last"} (default) or {@code "channels_first"}
   * @param activation an activation name, or {@code null} for none
   * @param useBias whether to add a bias (default true)
   * @param kernelInitializer the kernel initializer's name (default {@code glorot_uniform})
   * @param biasInitializer the bias initializer's name (default {@code zeros})
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException naming the argument for any invalid value
   */
  public Conv2DTranspose(int filters, int[] kernelSize, int[] strides, String padding, int[] outputPadding,
      String dataFormat, String activation, boolean useBias, String kernelInitializer, String biasInitializer,
      String name) {
    this(filters, kernelSize, strides, padding, outputPadding, dataFormat, new int[] {1}, activation, useBias,
        kernelInitializer, biasInitializer, name);
  }

  /**
   * All options with a dilation: as the constructor above, with {@code dilationRate} one value or two, positive
   * (default 1); above 1 only with strides of 1, as in Keras.
   *
   * @throws IllegalArgumentException naming the argument for any invalid value
   */
  public Conv2DTranspose(int filters, int[] kernelSize, int[] strides, String padding, int[] outputPadding,
      String dataFormat, int[] dilationRate, String activation, boolean useBias, String kernelInitializer,
      String biasInitializer, String name) {
    this(new ConvSpec("Conv2DTranspose", 2, filters, kernelSize, strides, padding, dataFormat, dilationRate,
        activation, useBias, kernelInitializer, biasInitializer), outputPadding, name, true);
  }

  private Conv2DTranspose(ConvSpec spec, int[] outputPadding, String name, boolean trainable) {
    super(name, trainable, spec.weights);
    if ((spec.strides[0] > 1 || spec.strides[1] > 1) && (spec.dilationRate[0] > 1 || spec.dilationRate[1] > 1)) {
      throw new IllegalArgumentException("Invalid arguments of Conv2DTranspose: `strides > 1` not supported in "
          + "conjunction with `dilation_rate > 1`, received strides=" + ConvArgs.tuple(spec.strides)
          + " and dilation_rate=" + ConvArgs.tuple(spec.dilationRate));
    }
    this.spec = spec;
    if (outputPadding != null) {
      int[] p = ConvSpec.tuple("Conv2DTranspose", "output_padding", outputPadding, 2, 0);
      for (int i = 0; i < 2; i++) {
        if (p[i] >= spec.strides[i]) {
          throw new IllegalArgumentException("Invalid value for argument `output_padding` of Conv2DTranspose: each "
              + "value must be strictly less than the corresponding stride, received output_padding="
              + ConvArgs.tuple(p) + " and strides=" + ConvArgs.tuple(spec.strides));
        }
      }
      this.outputPadding = p;
    } else {
      this.outputPadding = null;
    }
  }

  @Override
  public String className() {
    return "Conv2DTranspose";
  }

  /** The kernel's extent along spatial axis {@code a} with its dilation: {@code (k - 1) * d + 1}. */
  private int extent(int a) {
    return (spec.kernelSize[a] - 1) * spec.dilationRate[a] + 1;
  }

  /** {@code (left, right)} padding of the zero-dilated input along spatial axis {@code a}. */
  private int[] pads(int a) {
    int k = extent(a);
    int s = spec.strides[a];
    if (!spec.same()) {
      int op = outputPadding == null ? Math.max(k, s) - k : outputPadding[a];
      return new int[] {k - 1, k - 1 + op};
    }
    int total = outputPadding == null ? s + k - 2 : k + k % 2 - 2 + outputPadding[a];
    int left = Math.min(total / 2 + total % 2, k - 1);
    return new int[] {left, total - left};
  }

  private int outputSize(int in, int a) {
    if (in == Shape.UNKNOWN) {
      return Shape.UNKNOWN;
    }
    int[] p = pads(a);
    return (in - 1) * spec.strides[a] + 1 + p[0] + p[1] - extent(a) + 1;
  }

  @Override
  protected void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, 4);
    if (ConvArgs.nhwc(inputShape, spec.dataFormat)[3] <= 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (Conv2DTranspose) is incompatible with "
          + "the layer: the channel axis of a " + spec.dataFormat + " input must be known and positive, received "
          + "input with shape " + inputShape);
    }
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    int[] d = ConvArgs.nhwc(inputShape, spec.dataFormat);
    return ConvArgs.fromNhwc(d[0], outputSize(d[1], 0), outputSize(d[2], 1), spec.filters, spec.dataFormat);
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    int channels = ConvArgs.nhwc(inputShape, spec.dataFormat)[3];
    return convWeights.create(factory, Shape.of(spec.filters), Shape.of(spec.kernelSize[0], spec.kernelSize[1],
        spec.filters, channels));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor x = spec.channelsFirst() ? ConvOps.channelsLast(input) : input;
    int[] top = pads(0);
    int[] left = pads(1);
    x = AxisGather.dilate(AxisGather.dilate(x, 1, spec.strides[0]), 2, spec.strides[1]);
    x = AxisGather.pad(x, new int[] {0, top[0], left[0], 0}, new int[] {0, top[1], left[1], 0});
    // (kh, kw, filters, in) -> flipped (kh, kw, in, filters): the convolution whose adjoint this layer is
    Tensor k = context.read(weights().get(0));
    int kh = spec.kernelSize[0];
    int kw = spec.kernelSize[1];
    int[][] tables = {reversed(kh), reversed(kw), identity(k.shape().dim(3)), identity(spec.filters)};
    Tensor kernel = AxisGather.gather(k, new int[] {0, 1, 3, 2}, tables);
    Conv2dGeometry g = Conv2dGeometry.of(x.shape().dim(1), x.shape().dim(2), kh, kw, 1, 1, spec.dilationRate[0],
        spec.dilationRate[1], false);
    Tensor bias = convWeights.useBias() ? context.read(weights().get(1)) : null;
    Tensor y = spec.activation.apply(ConvOps.conv2d(x, kernel, bias, g, Ops.FusedActivation.LINEAR));
    return convWeights.activity(spec.channelsFirst() ? ConvOps.channelsFirst(y) : y, context);
  }

  private static int[] reversed(int n) {
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = n - 1 - i;
    }
    return t;
  }

  private static int[] identity(int n) {
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = i;
    }
    return t;
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    spec.addHead(config);
    config.put("output_padding", outputPadding == null ? null : ConvArgs.list(outputPadding));
    spec.addTail(config, false);
  }
}
