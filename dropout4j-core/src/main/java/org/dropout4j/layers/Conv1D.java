package org.dropout4j.layers;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.internal.Guards;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Conv1D} on {@code (batch, steps, channels)} inputs ({@code data_format="channels_last"}, the
 * default) or {@code (batch, channels, steps)} ({@code Configs.CHANNELS_FIRST}) with a kernel of Keras shape
 * {@code (kernel_size, in_channels, filters)}.
 *
 * <p>Runs the 2-D convolution of {@link ConvOps} on {@code (batch, steps, 1, channels)} with the kernel viewed as
 * {@code (kernel_size, 1, in, filters)}. Padding {@code valid}, {@code same} (as Keras / TensorFlow) or
 * {@code causal}: {@code (kernel_size - 1) * dilation_rate} zeros before the first step, so output step {@code t}
 * sees only input steps {@code <= t}, and {@code steps_out = ceil(steps / strides)}. Defaults as in Keras:
 * {@code strides=1}, {@code padding="valid"}, {@code dilation_rate=1}, no activation, bias, kernel
 * {@code glorot_uniform}, bias {@code zeros}, no kernel/bias regularizers or constraints (as Dense's),
 * {@code groups=1} (with {@code groups=g} the kernel is {@code (kernel_size, in_channels / g, filters)} and filter
 * run {@code i} of {@code g} sees channel run {@code i} only).
 *
 * <pre>{@code
 * new Sequential(Input.shape(100, 8), Conv1D.builder(16, 3).padding("causal").activation("relu").build(),
 *     new GlobalAveragePooling1D(), new Dense(1, "sigmoid"));
 * }</pre>
 */
public final class Conv1D extends KernelLayer {
  /** Keras' {@code Conv1D} config; LoRA is refused. */
  public static final LayerDescriptor<Conv1D> DESCRIPTOR = LayerDescriptor.of("Conv1D", Conv1D.class, r -> {
    int filters = r.requiredInt("filters");
    Integer k = r.single("kernel_size", null);
    if (k == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `kernel_size`");
    }
    Builder b = builder(filters, k);
    b.readBase(r);
    b.strides(r.single("strides", 1));
    b.padding(r.string("padding", Configs.VALID));
    b.dataFormat(r.string("data_format", Configs.CHANNELS_LAST));
    b.dilationRate(r.single("dilation_rate", 1));
    b.groups(r.integer("groups", 1));
    b.readKernelBias(r);
    r.requireNull("lora_rank", "LoRA is not supported");
    r.requireNull("lora_alpha", "LoRA is not supported");
    return b.build();
  });

  static final String CAUSAL = "causal";

  private final int filters;
  private final int kernelSize;
  private final int strides;
  private final String padding;
  private final int dilationRate;
  private final int groups;
  private final boolean channelsFirst;

  /** {@code Conv1D(filters, kernel_size)} with no activation. */
  public Conv1D(int filters, int kernelSize) {
    this(builder(filters, kernelSize));
  }

  /** {@code Conv1D(filters, kernel_size, activation=...)}. */
  public Conv1D(int filters, int kernelSize, String activation) {
    this(builder(filters, kernelSize).activation(activation));
  }

  private Conv1D(Builder b) {
    super(b, DESCRIPTOR);
    this.filters = Guards.positive(b.filters, "Conv1D", "filters");
    this.kernelSize = Guards.positive(b.kernelSize, "Conv1D", "kernel_size");
    this.strides = Guards.positive(b.strides, "Conv1D", "strides");
    this.dilationRate = Guards.positive(b.dilationRate, "Conv1D", "dilation_rate");
    this.groups = ConvArgs.groups("Conv1D", b.groups, this.filters);
    String p = b.padding == null ? null : b.padding.toLowerCase(Locale.ROOT);
    if (!Configs.VALID.equals(p) && !ConvArgs.SAME.equals(p) && !CAUSAL.equals(p)) {
      throw new IllegalArgumentException("Invalid value for argument `padding` of Conv1D: expected one of "
          + "{\"valid\", \"same\", \"causal\"}, received padding=" + b.padding);
    }
    this.padding = p;
    if (!Configs.CHANNELS_LAST.equals(b.dataFormat) && !Configs.CHANNELS_FIRST.equals(b.dataFormat)) {
      throw new IllegalArgumentException("Invalid value for argument `data_format` of Conv1D: expected one of "
          + "{\"channels_last\", \"channels_first\"}, received data_format=" + b.dataFormat);
    }
    this.channelsFirst = Configs.CHANNELS_FIRST.equals(b.dataFormat);
    if (strides > 1 && dilationRate > 1) {
      throw new IllegalArgumentException("Invalid arguments of Conv1D: `strides > 1` not supported in conjunction "
          + "with `dilation_rate > 1`, received strides=" + strides + " and dilation_rate=" + dilationRate);
    }
  }

  /** A builder for the full option set. */
  public static Builder builder(int filters, int kernelSize) {
    return new Builder(filters, kernelSize);
  }

  @Override
  protected void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, 3);
    if (inputShape.dim(channelAxis()) <= 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (Conv1D) is incompatible with the "
          + "layer: the channel axis must be known and positive, received input with shape " + inputShape);
    }
    if (computeOutputShape(inputShape).dim(1) == 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (Conv1D) is too small for kernel_size="
          + kernelSize + " with dilation_rate=" + dilationRate + " and padding=\"" + padding + "\": expected at "
          + "least " + ((kernelSize - 1) * dilationRate + 1) + " steps, received input with shape " + inputShape);
    }
    ConvArgs.requireGroupedChannels(this, inputShape.dim(channelAxis()), groups, inputShape);
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    return kb.createWeights(factory, Shape.of(kernelSize, inputShape.dim(channelAxis()) / groups, filters),
        Shape.of(filters));
  }

  /** The 2-D geometry of a {@code steps x 1} input. */
  static Conv2dGeometry geometry(int steps, int window, int stride, int dilation, String padding) {
    if (CAUSAL.equals(padding)) {
      int pad = (window - 1) * dilation;
      return new Conv2dGeometry(steps, 1, window, 1, stride, 1, dilation, 1, (steps + stride - 1) / stride, 1, pad,
          0);
    }
    return Conv2dGeometry.of(steps, 1, window, 1, stride, 1, dilation, 1, ConvArgs.SAME.equals(padding));
  }

  private int channelAxis() {
    return channelsFirst ? 1 : 2;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    if (channelsFirst) {
      return ConvOps.channelsFirst(forwardChannelsLast(ConvOps.channelsLast(input), context));
    }
    return forwardChannelsLast(input, context);
  }

  private Tensor forwardChannelsLast(Tensor input, CallContext context) {
    int n = input.shape().dim(0);
    int steps = input.shape().dim(1);
    int channels = input.shape().dim(2);
    Conv2dGeometry g = geometry(steps, kernelSize, strides, dilationRate, padding);
    Tensor x = Ops.reshape(input, n, steps, 1, channels);
    Tensor kernel = Ops.reshape(context.read(weights().get(0)), kernelSize, 1, channels / groups, filters);
    Tensor bias = bias(context);
    Tensor y = ConvArgs.groupedConv2d(x, kernel, bias, g, groups, Ops.FusedActivation.LINEAR);
    return kb.withActivityPenalty(activation.apply(Ops.reshape(y, n, g.outH(), filters)), context);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    int steps = inputShape.dim(channelsFirst ? 2 : 1);
    int out = steps == Shape.UNKNOWN ? Shape.UNKNOWN
        : CAUSAL.equals(padding) ? (steps + strides - 1) / strides
        : Conv2dGeometry.outputSize(steps, kernelSize, strides, dilationRate, ConvArgs.SAME.equals(padding));
    return channelsFirst ? Shape.of(inputShape.dim(0), filters, out) : Shape.of(inputShape.dim(0), out, filters);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    kb.putActivityBase(config); // Keras 3: a set one stays with the base keys
    ConvArgs.putConvKeys(config, filters, new int[] {kernelSize}, new int[] {strides}, padding,
        channelsFirst ? Configs.CHANNELS_FIRST : Configs.CHANNELS_LAST, new int[] {dilationRate}, groups);
    putActivationAndWeightKeys(config, true);
  }

  /** Options of {@link Conv1D}, with Keras' defaults: the {@link KernelLayerBuilder} options and the geometry. */
  public static final class Builder extends ConvLayerBuilder<Builder> {
    private final int kernelSize;
    private int strides = 1;
    private int dilationRate = 1;

    private Builder(int filters, int kernelSize) {
      super(filters);
      this.kernelSize = kernelSize;
    }

    /** Stride, positive (default 1). */
    public Builder strides(int value) {
      this.strides = value;
      return this;
    }

    /** Dilation, positive (default 1); only with {@code strides=1}. */
    public Builder dilationRate(int value) {
      this.dilationRate = value;
      return this;
    }

    /** The layer. */
    public Conv1D build() {
      return new Conv1D(this);
    }
  }
}
