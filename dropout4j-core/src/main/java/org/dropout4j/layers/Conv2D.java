package org.dropout4j.layers;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.layers.regularizers.Regularizer;
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
 * cannot be combined with a dilation rate above 1.
 *
 * <pre>{@code
 * new Conv2D(32, 3, "relu");                       // 320 weights on (28, 28, 1) inputs
 * Conv2D.builder(64, 3).strides(2).padding("same").activation("relu").build();
 * }</pre>
 */
public final class Conv2D extends Layer {
  /** Keras' {@code Conv2D} config; {@code groups > 1}, activity regularizers and LoRA are refused. */
  public static final LayerDescriptor<Conv2D> DESCRIPTOR = LayerDescriptor.of("Conv2D", Conv2D.class, r -> {
    int filters = r.requiredInt("filters");
    int[] k = r.intOrPair("kernel_size", null);
    if (k == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `kernel_size`");
    }
    Builder b = k.length == 1 ? builder(filters, k[0]) : builder(filters, k[0], k[1]);
    r.layerBase();
    b.name(r.string("name", null)).trainable(r.bool("trainable", true));
    b.strides(r.intOrPair("strides", new int[] {1}));
    b.padding(r.string("padding", Configs.VALID));
    b.dataFormat(r.string("data_format", Configs.CHANNELS_LAST));
    b.dilationRate(r.intOrPair("dilation_rate", new int[] {1}));
    ConvArgs.requireOneGroup(r);
    b.activation(ConfigObjects.activation(r, "activation"));
    b.useBias(r.bool("use_bias", true));
    b.kernelInitializer(ConfigObjects.initializer(r, "kernel_initializer", Configs.GLOROT_UNIFORM));
    b.biasInitializer(ConfigObjects.initializer(r, "bias_initializer", Configs.ZEROS));
    b.kernelRegularizer(ConfigObjects.regularizer(r, "kernel_regularizer"));
    b.biasRegularizer(ConfigObjects.regularizer(r, "bias_regularizer"));
    r.requireNull("activity_regularizer", "Conv2D has no activity regularizer in dropout4j");
    b.kernelConstraint(ConfigObjects.constraint(r, "kernel_constraint"));
    b.biasConstraint(ConfigObjects.constraint(r, "bias_constraint"));
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
  private final ActivationFunction activation;

  private final Ops.FusedActivation fused;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private final Regularizer kernelRegularizer;
  private final Regularizer biasRegularizer;
  private final Constraint kernelConstraint;
  private final Constraint biasConstraint;

  /** {@code Conv2D(filters, kernel_size)} with no activation. */
  public Conv2D(int filters, int kernelSize) {
    this(builder(filters, kernelSize));
  }

  /** {@code Conv2D(filters, kernel_size, activation=...)}. */
  public Conv2D(int filters, int kernelSize, String activation) {
    this(builder(filters, kernelSize).activation(activation));
  }

  private Conv2D(Builder b) {
    super(b.name, b.trainable);
    if (b.filters <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `filters` of Conv2D: expected a positive "
          + "integer, received filters=" + b.filters);
    }
    this.filters = b.filters;
    this.kernelSize = ConvArgs.pair("Conv2D", "kernel_size", b.kernelSize);
    this.strides = ConvArgs.pair("Conv2D", "strides", b.strides);
    this.padding = ConvArgs.padding("Conv2D", b.padding);
    this.dataFormat = ConvArgs.dataFormat("Conv2D", b.dataFormat);
    this.dilationRate = ConvArgs.pair("Conv2D", "dilation_rate", b.dilationRate);
    if ((strides[0] > 1 || strides[1] > 1) && (dilationRate[0] > 1 || dilationRate[1] > 1)) {
      throw new IllegalArgumentException("Invalid arguments of Conv2D: `strides > 1` not supported in conjunction "
          + "with `dilation_rate > 1`, received strides=" + ConvArgs.tuple(strides) + " and dilation_rate="
          + ConvArgs.tuple(dilationRate));
    }
    this.activation = Activations.get(b.activation);
    this.fused = Ops.FusedActivation.forName(activation.name());
    this.useBias = b.useBias;
    this.kernelInitializer = Initializers.get(b.kernelInitializer);
    this.biasInitializer = Initializers.get(b.biasInitializer);
    this.kernelRegularizer = b.kernelRegularizer;
    this.biasRegularizer = b.biasRegularizer;
    this.kernelConstraint = b.kernelConstraint;
    this.biasConstraint = b.biasConstraint;
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
  public String className() {
    return "Conv2D";
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
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    int channels = ConvArgs.nhwc(inputShape, dataFormat)[3];
    List<Parameter> w = new ArrayList<>();
    w.add(factory.create("kernel", Shape.of(kernelSize[0], kernelSize[1], channels, filters), kernelInitializer,
        true));
    if (useBias) {
      w.add(factory.create("bias", Shape.of(filters), biasInitializer, true));
    }
    return w;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    boolean first = Configs.CHANNELS_FIRST.equals(dataFormat);
    Tensor x = first ? ConvOps.channelsLast(input) : input;
    Conv2dGeometry g = geometry(x);
    Tensor kernel = context.read(weights().get(0));
    Tensor bias = useBias ? context.read(weights().get(1)) : null;
    Tensor y = ConvOps.conv2d(x, kernel, bias, g, fused != null ? fused : Ops.FusedActivation.LINEAR);
    if (fused == null) {
      y = activation.apply(y);
    }
    return first ? ConvOps.channelsFirst(y) : y;
  }

  /**
   * This layer and a following {@link MaxPooling2D} as one op, when the pool's windows tile this layer's output,
   * both are {@code channels_last} and the activation is one the convolution applies itself (see
   * {@link ConvOps#conv2dMaxPool2d}): the values and gradients of the two layers run one after the other, to the
   * bit; {@code null} when they do not fuse. For the execution planner only (through {@code FastPathHooks}).
   */
  Tensor callWithPool(MaxPooling2D pool, Tensor input, CallContext context) {
    if (fused == null || Configs.CHANNELS_FIRST.equals(dataFormat)) {
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
    Tensor bias = useBias ? context.read(weights().get(1)) : null;
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
  public List<Tensor> regularizationLosses(CallContext context) {
    List<Tensor> losses = new ArrayList<>();
    if (kernelRegularizer != null) {
      losses.add(kernelRegularizer.penalty(context.read(weights().get(0))));
    }
    if (biasRegularizer != null && useBias) {
      losses.add(biasRegularizer.penalty(context.read(weights().get(1))));
    }
    return losses;
  }

  @Override
  public void applyConstraints() {
    if (kernelConstraint != null) {
      Parameter k = weights().get(0);
      kernelConstraint.apply(k.data(), k.shape());
    }
    if (biasConstraint != null && useBias) {
      Parameter b = weights().get(1);
      biasConstraint.apply(b.data(), b.shape());
    }
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("filters", filters);
    config.put("kernel_size", ConvArgs.list(kernelSize));
    config.put("strides", ConvArgs.list(strides));
    config.put("padding", padding);
    config.put("data_format", dataFormat);
    config.put("dilation_rate", ConvArgs.list(dilationRate));
    config.put("groups", 1);
    config.put("activation", activation.name());
    config.put("use_bias", useBias);
    config.put("kernel_initializer", Configs.envelope(kernelInitializer.className(), kernelInitializer.getConfig()));
    config.put("bias_initializer", Configs.envelope(biasInitializer.className(), biasInitializer.getConfig()));
    config.put("kernel_regularizer", kernelRegularizer == null ? null
        : Configs.envelope(kernelRegularizer.className(), kernelRegularizer.getConfig()));
    config.put("bias_regularizer", biasRegularizer == null ? null
        : Configs.envelope(biasRegularizer.className(), biasRegularizer.getConfig()));
    config.put("activity_regularizer", null);
    config.put("kernel_constraint", kernelConstraint == null ? null
        : Configs.envelope(kernelConstraint.className(), kernelConstraint.getConfig()));
    config.put("bias_constraint", biasConstraint == null ? null
        : Configs.envelope(biasConstraint.className(), biasConstraint.getConfig()));
  }

  /** Options of {@link Conv2D}, with Keras' defaults. */
  public static final class Builder {
    private final int filters;
    private final int[] kernelSize;
    private String name;
    private boolean trainable = true;
    private int[] strides = {1, 1};
    private String padding = Configs.VALID;
    private String dataFormat = Configs.CHANNELS_LAST;
    private int[] dilationRate = {1, 1};
    private String activation = Activation.LINEAR;
    private boolean useBias = true;
    private String kernelInitializer = Configs.GLOROT_UNIFORM;
    private String biasInitializer = Configs.ZEROS;
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Constraint kernelConstraint;
    private Constraint biasConstraint;

    private Builder(int filters, int[] kernelSize) {
      this.filters = filters;
      this.kernelSize = kernelSize;
    }

    /** The layer's name (default: assigned by the model, e.g. {@code conv2d_1}). */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** Whether the weights are trained (default true). */
    public Builder trainable(boolean value) {
      this.trainable = value;
      return this;
    }

    /** Strides: one value for both axes or {@code (height, width)}; positive (default 1). */
    public Builder strides(int... value) {
      this.strides = value.clone();
      return this;
    }

    /** {@code "valid"} (default) or {@code "same"}. */
    public Builder padding(String value) {
      this.padding = value;
      return this;
    }

    /** {@code "channels_last"} (default) or {@code "channels_first"}. */
    public Builder dataFormat(String value) {
      this.dataFormat = value;
      return this;
    }

    /** Dilation: one value for both axes or {@code (height, width)}; positive (default 1). */
    public Builder dilationRate(int... value) {
      this.dilationRate = value.clone();
      return this;
    }

    /** The activation's Keras name (default {@code linear}). */
    public Builder activation(String value) {
      this.activation = value;
      return this;
    }

    /** Whether to add a bias (default true). */
    public Builder useBias(boolean value) {
      this.useBias = value;
      return this;
    }

    /** The kernel initializer's Keras name (default {@code glorot_uniform}). */
    public Builder kernelInitializer(String value) {
      this.kernelInitializer = value;
      return this;
    }

    /** The bias initializer's Keras name (default {@code zeros}). */
    public Builder biasInitializer(String value) {
      this.biasInitializer = value;
      return this;
    }

    /** A penalty on the kernel (default none). */
    public Builder kernelRegularizer(Regularizer value) {
      this.kernelRegularizer = value;
      return this;
    }

    /** A penalty on the bias (default none). */
    public Builder biasRegularizer(Regularizer value) {
      this.biasRegularizer = value;
      return this;
    }

    /** A constraint on the kernel, e.g. {@code new MaxNorm(3)} (default none). */
    public Builder kernelConstraint(Constraint value) {
      this.kernelConstraint = value;
      return this;
    }

    /** A constraint on the bias (default none). */
    public Builder biasConstraint(Constraint value) {
      this.biasConstraint = value;
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

  /** Registers {@link #DESCRIPTOR} with {@link LayerCatalog} (a {@link java.util.ServiceLoader} provider). */
  @AutoService(LayerProvider.class)
  public static final class Provider implements LayerProvider {
    @Override
    public LayerDescriptor<?> descriptor() {
      return DESCRIPTOR;
    }
  }
}
