package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code SeparableConv1D} (Chollet 2017) on {@code (batch, steps, channels)} inputs ({@code (batch,
 * channels, steps)} with {@code data_format="channels_first"}): a depthwise convolution ({@code depthwise_kernel
 * (kernel_size, C, depth_multiplier)}, no bias) followed by a pointwise one ({@code pointwise_kernel
 * (1, C * depth_multiplier, filters)}) with {@code bias (filters)} and the activation.
 *
 * <p>Runs {@link SeparableConv2D}'s depthwise step ({@code DepthwiseArgs}) and pointwise 1x1 convolution on
 * {@code (batch, steps, 1, channels)} with the kernels viewed as 2-D ones of width 1. Defaults as in Keras:
 * {@code strides=1}, {@code padding="valid"} (or {@code "same"}), {@code depth_multiplier=1},
 * {@code dilation_rate=1}, no activation, bias; both kernels {@code glorot_uniform}, bias {@code zeros}.
 * Regularizers and constraints are refused.
 *
 * <pre>{@code
 * new Sequential(Input.shape(100, 8), new SeparableConv1D(16, 5), new GlobalMaxPooling1D(), new Dense(1));
 * }</pre>
 */
public final class SeparableConv1D extends Layer {
  /** Keras' {@code SeparableConv1D} config (regularizers and constraints must be null). */
  public static final LayerDescriptor<SeparableConv1D> DESCRIPTOR = LayerDescriptor.of("SeparableConv1D",
      SeparableConv1D.class, r -> {
        String name = DepthwiseArgs.frozenRefused(r, "SeparableConv1D");
        int multiplier = r.integer("depth_multiplier", 1);
        int filters = r.requiredInt("filters");
        Integer k = r.single("kernel_size", null);
        if (k == null) {
          throw new IllegalArgumentException(r.owner() + ": missing required argument `kernel_size`");
        }
        int strides = r.single("strides", 1);
        String padding = r.string("padding", Configs.VALID);
        String dataFormat = r.string("data_format", Configs.CHANNELS_LAST);
        int dilation = r.single("dilation_rate", 1);
        String activation = ConfigObjects.activation(r, "activation");
        boolean useBias = r.bool("use_bias", true);
        String init = ConfigObjects.initializer(r, "depthwise_initializer", Configs.GLOROT_UNIFORM);
        String pointInit = ConfigObjects.initializer(r, "pointwise_initializer", Configs.GLOROT_UNIFORM);
        String biasInit = ConfigObjects.initializer(r, "bias_initializer", Configs.ZEROS);
        DepthwiseArgs.nullRegularizers(r);
        DepthwiseArgs.unusedKeras2KernelKeys(r);
        r.requireNull("pointwise_regularizer", "SeparableConv1D regularizers are not supported");
        r.requireNull("pointwise_constraint", "SeparableConv1D constraints are not supported");
        return new SeparableConv1D(filters, k, strides, padding, multiplier, dataFormat, dilation, activation,
            useBias, init, pointInit, biasInit, name);
      });

  private final int filters;
  private final int kernelSize;
  private final int strides;
  private final int dilationRate;
  /** The 2-D form: kernel {@code (kernel_size, 1)}, strides {@code (strides, 1)}, dilation {@code (rate, 1)}. */
  private final DepthwiseArgs args;
  private final ActivationFunction activation;
  private final boolean useBias;
  private final Initializer depthwiseInitializer;
  private final Initializer pointwiseInitializer;
  private final Initializer biasInitializer;

  /** {@code SeparableConv1D(filters, kernel_size)} with Keras' defaults. */
  public SeparableConv1D(int filters, int kernelSize) {
    this(filters, kernelSize, 1, Configs.VALID, 1, Configs.CHANNELS_LAST, 1, null, true, Configs.GLOROT_UNIFORM,
        Configs.GLOROT_UNIFORM, Configs.ZEROS, null);
  }

  /**
   * @param filters output channels, positive
   * @param kernelSize the window length, positive
   * @param strides the step between windows, positive
   * @param padding {@code "valid"} or {@code "same"}
   * @param depthMultiplier depthwise filters per input channel, positive
   * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
   * @param dilationRate the spacing of the window's taps, positive (not with strides above 1)
   * @param activation an activation name or {@code null} (linear)
   * @param useBias whether to add a bias
   * @param depthwiseInitializer initializer name of the depthwise kernel
   * @param pointwiseInitializer initializer name of the pointwise kernel
   * @param biasInitializer initializer name of the bias
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException naming the argument for any invalid value
   */
  public SeparableConv1D(int filters, int kernelSize, int strides, String padding, int depthMultiplier,
      String dataFormat, int dilationRate, String activation, boolean useBias, String depthwiseInitializer,
      String pointwiseInitializer, String biasInitializer, String name) {
    super(name, true);
    if (filters <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `filters` of SeparableConv1D: expected a "
          + "positive integer, received filters=" + filters);
    }
    this.filters = filters;
    this.kernelSize = ConvSpec.tuple("SeparableConv1D", "kernel_size", new int[] {kernelSize}, 1, 1)[0];
    this.strides = ConvSpec.tuple("SeparableConv1D", "strides", new int[] {strides}, 1, 1)[0];
    this.dilationRate = ConvSpec.tuple("SeparableConv1D", "dilation_rate", new int[] {dilationRate}, 1, 1)[0];
    this.args = DepthwiseArgs.of("SeparableConv1D", new int[] {kernelSize, 1}, new int[] {strides, 1}, padding,
        dataFormat, new int[] {dilationRate, 1}, depthMultiplier);
    this.activation = Activations.get(activation);
    this.useBias = useBias;
    this.depthwiseInitializer = Initializers.get(depthwiseInitializer);
    this.pointwiseInitializer = Initializers.get(pointwiseInitializer);
    this.biasInitializer = Initializers.get(biasInitializer);
  }

  @Override
  public String className() {
    return "SeparableConv1D";
  }

  /** The input as the 2-D layout {@link DepthwiseArgs} reads: {@code (batch, steps, 1, C)} or its channels_first. */
  private Shape as2d(Shape s) {
    return args.channelsFirst() ? Shape.of(s.dim(0), s.dim(1), s.dim(2), 1) : Shape.of(s.dim(0), s.dim(1), 1,
        s.dim(2));
  }

  private int channels(Shape inputShape) {
    return inputShape.dim(args.channelsFirst() ? 1 : 2);
  }

  @Override
  protected void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, 3);
    args.validate(this, as2d(inputShape));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    Shape out = args.outputShape(as2d(inputShape), filters);
    return args.channelsFirst() ? Shape.of(out.dim(0), out.dim(1), out.dim(2))
        : Shape.of(out.dim(0), out.dim(1), out.dim(3));
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    int c = channels(inputShape);
    int mid = c * args.depthMultiplier();
    List<Parameter> w = new ArrayList<>();
    w.add(factory.create("depthwise_kernel", Shape.of(kernelSize, c, args.depthMultiplier()), depthwiseInitializer,
        true));
    w.add(factory.create("pointwise_kernel", Shape.of(1, mid, filters), pointwiseInitializer, true));
    if (useBias) {
      w.add(factory.create("bias", Shape.of(filters), biasInitializer, true));
    }
    return w;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor x = args.channelsFirst() ? ConvOps.channelsLast(input) : input;
    int n = x.shape().dim(0);
    int c = x.shape().dim(2);
    Tensor x4 = Ops.reshape(x, n, x.shape().dim(1), 1, c);
    Tensor depthwise = Ops.reshape(context.read(weights().get(0)), kernelSize, 1, c, args.depthMultiplier());
    Tensor mid = args.depthwise(x4, depthwise, null);
    int midChannels = c * args.depthMultiplier();
    Tensor pointwise = Ops.reshape(context.read(weights().get(1)), 1, 1, midChannels, filters);
    Conv2dGeometry g = Conv2dGeometry.of(mid.shape().dim(1), 1, 1, 1, 1, 1, 1, 1, false);
    Tensor bias = useBias ? context.read(weights().get(2)) : null;
    Tensor y = ConvOps.conv2d(mid, pointwise, bias, g, Ops.FusedActivation.LINEAR);
    y = activation.apply(Ops.reshape(y, n, mid.shape().dim(1), filters));
    return args.channelsFirst() ? ConvOps.channelsFirst(y) : y;
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("depth_multiplier", args.depthMultiplier());
    config.put("filters", filters);
    config.put("kernel_size", List.of(kernelSize));
    config.put("strides", List.of(strides));
    config.put("padding", args.padding());
    config.put("data_format", args.dataFormat());
    config.put("dilation_rate", List.of(dilationRate));
    config.put("activation", activation.name());
    config.put("use_bias", useBias);
    config.put("depthwise_initializer", Configs.envelope(depthwiseInitializer.className(),
        depthwiseInitializer.getConfig()));
    config.put("pointwise_initializer", Configs.envelope(pointwiseInitializer.className(),
        pointwiseInitializer.getConfig()));
    config.put("bias_initializer", Configs.envelope(biasInitializer.className(), biasInitializer.getConfig()));
    config.put("depthwise_regularizer", null);
    config.put("pointwise_regularizer", null);
    config.put("bias_regularizer", null);
    config.put("activity_regularizer", null);
    config.put("depthwise_constraint", null);
    config.put("pointwise_constraint", null);
    config.put("bias_constraint", null);
  }
}
