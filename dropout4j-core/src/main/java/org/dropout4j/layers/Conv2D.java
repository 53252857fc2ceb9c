package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.internal.Guards;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Conv2D}: {@code output = activation(conv2d(input, kernel) + bias)}, a 2-D cross-correlation with a
 * kernel of shape {@code (kernel_h, kernel_w, in_channels, filters)} and a bias of shape {@code (filters,)}, the
 * Keras weight layouts. Runs as im2col + GEMM ({@link ConvOps#conv2d}).
 *
 * <p>Defaults as in Keras: {@code strides=(1, 1)}, {@code padding="valid"}, {@code data_format="channels_last"}
 * (input {@code (batch, height, width, channels)}), {@code dilation_rate=(1, 1)}, no activation, {@code use_bias=true},
 * kernel {@code glorot_uniform}, bias {@code zeros}. Output size per spatial axis: {@code valid}:
 * {@code floor((in - (k - 1) * d - 1) / s) + 1}; {@code same}: {@code ceil(in / s)}. As in Keras, strides above 1
 * cannot be combined with a dilation rate above 1. With {@code groups=g} (default 1) the kernel is
 * {@code (kernel_h, kernel_w, in_channels / g, filters)} and filter run {@code i} of {@code g} sees channel run
 * {@code i} only (Keras' grouped convolution).
 *
 * <pre>{@code
 * new Conv2D(32, 3, "relu");                       // 320 weights on (28, 28, 1) inputs
 * Conv2D.builder(64, 3).strides(2).padding("same").activation("relu").build();
 * }</pre>
 */
public final class Conv2D extends KernelLayer {
  /** Keras' {@code Conv2D} config; LoRA is refused. */
  public static final LayerDescriptor<Conv2D> DESCRIPTOR = LayerDescriptor.of("Conv2D", Conv2D.class, r -> {
    int filters = r.requiredInt("filters");
    int[] k = r.intOrPair("kernel_size", null);
    if (k == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `kernel_size`");
    }
    Builder b = k.length == 1 ? builder(filters, k[0]) : builder(filters, k[0], k[1]);
    b.readBase(r);
    b.strides(r.intOrPair("strides", new int[] {1}));
    b.padding(r.string("padding", Configs.VALID));
    b.dataFormat(r.string("data_format", Configs.CHANNELS_LAST));
    b.dilationRate(r.intOrPair("dilation_rate", new int[] {1}));
    b.groups(r.integer("groups", 1));
    b.readKernelBias(r);
    r.requireNull("lora_rank", "LoRA is not supported");
    r.requireNull("lora_alpha", "LoRA is not supported");
    return b.build();
  });

  private final int filters;
  private final int[] kernelSize;
  private final int[] strides;
  private final String padding;
  private final String dataFormat;
  private final int[] dilationRate;
  private final int groups;

  private final Ops.FusedActivation fused;

  /** {@code Conv2D(filters, kernel_size)} with no activation. */
  public Conv2D(int filters, int kernelSize) {
    this(builder(filters, kernelSize));
  }

  /** {@code Conv2D(filters, kernel_size, activation=...)}. */
  public Conv2D(int filters, int kernelSize, String activation) {
    this(builder(filters, kernelSize).activation(activation));
  }

  private Conv2D(Builder b) {
    super(b, DESCRIPTOR);
    Guards.positive(b.filters, "Conv2D", "filters");
    this.filters = b.filters;
    this.kernelSize = ConvArgs.pair("Conv2D", "kernel_size", b.kernelSize);
    this.strides = ConvArgs.pair("Conv2D", "strides", b.strides);
    this.padding = ConvArgs.padding("Conv2D", b.padding);
    this.dataFormat = ConvArgs.dataFormat("Conv2D", b.dataFormat);
    this.dilationRate = ConvArgs.pair("Conv2D", "dilation_rate", b.dilationRate);
    this.groups = ConvArgs.groups("Conv2D", b.groups, b.filters);
    if ((strides[0] > 1 || strides[1] > 1) && (dilationRate[0] > 1 || dilationRate[1] > 1)) {
      throw new IllegalArgumentException("Invalid arguments of Conv2D: `strides > 1` not supported in conjunction "
          + "with `dilation_rate > 1`, received strides=" + ConvArgs.tuple(strides) + " and dilation_rate="
          + ConvArgs.tuple(dilationRate));
    }
    this.fused = Ops.FusedActivation.forName(activation.name());
  }

  /** A builder for the full option set; {@code kernelSize} is used for both spatial axes. */
  public static Builder builder(int filters, int kernelSize) {
    return new Builder(filters, new int[] {kernelSize});
  }

  /** A builder with a {@code (height, width)} kernel size. */
  public static Builder builder(int filters, int kernelHeight, int kernelWidth) {
    return new Builder(filters, new int[] {kernelHeight, kernelWidth});
  }

  /** Number of output channels. */
  public int filters() {
    return filters;
  }

  @Override
  protected void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, 4);
    int[] d = ConvArgs.nhwc(inputShape, dataFormat);
    if (d[3] <= 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (Conv2D) is incompatible with the "
          + "layer: the channel axis of a " + dataFormat + " input must be known and positive, received input with "
          + "shape " + inputShape);
    }
    Shape out = computeOutputShape(inputShape);
    int[] o = ConvArgs.nhwc(out, dataFormat);
    if (o[1] == 0 || o[2] == 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (Conv2D) is too small for kernel_size="
          + ConvArgs.tuple(kernelSize) + " with dilation_rate=" + ConvArgs.tuple(dilationRate) + " and padding=\""
          + padding + "\": expected height and width of at least (" + ((kernelSize[0] - 1) * dilationRate[0] + 1)
          + ", " + ((kernelSize[1] - 1) * dilationRate[1] + 1) + "), received input with shape " + inputShape);
    }
    ConvArgs.requireGroupedChannels(this, d[3], groups, inputShape);
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    int channels = ConvArgs.nhwc(inputShape, dataFormat)[3];
    return kb.createWeights(factory, Shape.of(kernelSize[0], kernelSize[1], channels / groups, filters),
        Shape.of(filters));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    boolean first = Configs.CHANNELS_FIRST.equals(dataFormat);
    Tensor x = first ? ConvOps.channelsLast(input) : input;
    Conv2dGeometry g = geometry(x);
    Tensor kernel = context.read(weights().get(0));
    Tensor bias = bias(context);
    Tensor y = ConvArgs.groupedConv2d(x, kernel, bias, g, groups,
        fused != null ? fused : Ops.FusedActivation.LINEAR);
    if (fused == null) {
      y = activation.apply(y);
    }
    return kb.withActivityPenalty(first ? ConvOps.channelsFirst(y) : y, context);
  }

  /**
   * This layer and a following {@link MaxPooling2D} as one op, when the pool's windows tile this layer's output,
   * both are {@code channels_last} and the activation is one the convolution applies itself (see
   * {@link ConvOps#conv2dMaxPool2d}): the values and gradients of the two layers run one after the other, to the
   * bit; {@code null} when they do not fuse. For the execution planner only (through {@code FastPathHooks}).
   */
  Tensor callWithPool(MaxPooling2D pool, Tensor input, CallContext context) {
    if (fused == null || groups > 1 || Configs.CHANNELS_FIRST.equals(dataFormat)
        || kb.activityRegularizer != null) {
      return null;
    }
    if (!pool.channelsLast()) {
      return null;
    }
    Conv2dGeometry g = geometry(input);
    Conv2dGeometry poolGeometry = pool.geometry(g.outH(), g.outW());
    if (!ConvOps.poolTiles(poolGeometry)) {
      return null;
    }
    Tensor kernel = context.read(weights().get(0));
    Tensor bias = bias(context);
    return ConvOps.conv2dMaxPool2d(input, kernel, bias, g, fused, poolGeometry);
  }

  /** The convolution windows over an NHWC input. */
  private Conv2dGeometry geometry(Tensor nhwc) {
    return Conv2dGeometry.of(nhwc.shape().dim(1), nhwc.shape().dim(2), kernelSize[0], kernelSize[1], strides[0],
        strides[1], dilationRate[0], dilationRate[1], ConvArgs.SAME.equals(padding));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    int[] d = ConvArgs.nhwc(inputShape, dataFormat);
    boolean same = ConvArgs.SAME.equals(padding);
    int h = Conv2dGeometry.outputSize(d[1], kernelSize[0], strides[0], dilationRate[0], same);
    int w = Conv2dGeometry.outputSize(d[2], kernelSize[1], strides[1], dilationRate[1], same);
    return ConvArgs.fromNhwc(d[0], h, w, filters, dataFormat);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    kb.putActivityBase(config); // Keras 3: a set one stays with the base keys
    ConvArgs.putConvKeys(config, filters, kernelSize, strides, padding, dataFormat, dilationRate, groups);
    putActivationAndWeightKeys(config, true);
  }

  /** Options of {@link Conv2D}, with Keras' defaults: the {@link KernelLayerBuilder} options and the geometry. */
  public static final class Builder extends ConvLayerBuilder<Builder> {
    private final int[] kernelSize;
    private int[] strides = {1, 1};
    private int[] dilationRate = {1, 1};

    private Builder(int filters, int[] kernelSize) {
      super(filters);
      this.kernelSize = kernelSize;
    }

    /** Strides: one value for both axes or {@code (height, width)}; positive (default 1). */
    public Builder strides(int... value) {
      this.strides = value.clone();
      return this;
    }

    /** Dilation: one value for both axes or {@code (height, width)}; positive (default 1). */
    public Builder dilationRate(int... value) {
      this.dilationRate = value.clone();
      return this;
    }

    /**
     * The layer.
     *
     * @throws IllegalArgumentException for a non-positive filter count, kernel size, stride or dilation, an unknown
     *     padding, data format or activation, or strides above 1 together with a dilation above 1
     */
    public Conv2D build() {
      return new Conv2D(this);
    }
  }
}
