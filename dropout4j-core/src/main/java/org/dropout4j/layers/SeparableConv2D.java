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
 * Keras' {@code SeparableConv2D} (Chollet 2017): a depthwise convolution ({@code depthwise_kernel
 * (kh, kw, C, depth_multiplier)}, no bias) followed by a 1x1 convolution ({@code pointwise_kernel
 * (1, 1, C * depth_multiplier, filters)}) with {@code bias (filters)} and the activation. Defaults as in Keras.
 */
public final class SeparableConv2D extends Layer {
  /** Keras' {@code SeparableConv2D} config (regularizers and constraints must be null). */
  public static final LayerDescriptor<SeparableConv2D> DESCRIPTOR = LayerDescriptor.of("SeparableConv2D",
      SeparableConv2D.class, r -> {
        String name = DepthwiseArgs.frozenRefused(r, "SeparableConv2D");
        int filters = r.requiredInt("filters");
        int[] k = r.intOrPair("kernel_size", null);
        int[] strides = r.intOrPair("strides", new int[] {1});
        String padding = r.string("padding", Configs.VALID);
        int multiplier = r.integer("depth_multiplier", 1);
        String dataFormat = r.string("data_format", Configs.CHANNELS_LAST);
        int[] dilation = r.intOrPair("dilation_rate", new int[] {1});
        String activation = ConfigObjects.activation(r, "activation");
        boolean useBias = r.bool("use_bias", true);
        String init = ConfigObjects.initializer(r, "depthwise_initializer", Configs.GLOROT_UNIFORM);
        String pointInit = ConfigObjects.initializer(r, "pointwise_initializer", Configs.GLOROT_UNIFORM);
        String biasInit = ConfigObjects.initializer(r, "bias_initializer", Configs.ZEROS);
        DepthwiseArgs.nullRegularizers(r);
        DepthwiseArgs.unusedKeras2KernelKeys(r);
        r.requireNull("pointwise_regularizer", "SeparableConv2D regularizers are not supported");
        r.requireNull("pointwise_constraint", "SeparableConv2D constraints are not supported");
        return new SeparableConv2D(filters, k, strides, padding, multiplier, dataFormat, dilation, activation,
            useBias, init, pointInit, biasInit, name);
      });

  private final int filters;
  private final DepthwiseArgs args;
  private final ActivationFunction activation;
  private final boolean useBias;
  private final Initializer depthwiseInitializer;
  private final Initializer pointwiseInitializer;
  private final Initializer biasInitializer;

  /** {@code SeparableConv2D(filters, kernel_size)} with Keras' defaults. */
  public SeparableConv2D(int filters, int kernelSize) {
    this(filters, new int[] {kernelSize}, new int[] {1}, Configs.VALID, 1, Configs.CHANNELS_LAST, new int[] {1},
        null, true, Configs.GLOROT_UNIFORM, Configs.GLOROT_UNIFORM, Configs.ZEROS, null);
  }

  /**
   * @param filters output channels, positive
   * @param kernelSize one or two positive sizes
   * @param strides one or two positive strides
   * @param padding valid or same
   * @param depthMultiplier depthwise filters per input channel, positive
   * @param dataFormat channels_last or channels_first
   * @param dilationRate one or two positive rates (not with strides above 1)
   * @param activation an activation name or {@code null} (linear)
   * @param useBias whether to add a bias
   * @param depthwiseInitializer initializer name of the depthwise kernel
   * @param pointwiseInitializer initializer name of the pointwise kernel
   * @param biasInitializer initializer name of the bias
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException naming the argument for any invalid value
   */
  public SeparableConv2D(int filters, int[] kernelSize, int[] strides, String padding, int depthMultiplier,
      String dataFormat, int[] dilationRate, String activation, boolean useBias, String depthwiseInitializer,
      String pointwiseInitializer, String biasInitializer, String name) {
    super(name, true);
    if (filters <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `filters` of SeparableConv2D: expected a "
          + "positive integer, received filters=" + filters);
    }
    this.filters = filters;
    this.args = DepthwiseArgs.of("SeparableConv2D", kernelSize, strides, padding, dataFormat, dilationRate,
        depthMultiplier);
    this.activation = Activations.get(activation);
    this.useBias = useBias;
    this.depthwiseInitializer = Initializers.get(depthwiseInitializer);
    this.pointwiseInitializer = Initializers.get(pointwiseInitializer);
    this.biasInitializer = Initializers.get(biasInitializer);
  }

  @Override
  public String className() {
    return "SeparableConv2D";
  }

  @Override
  protected void validateInput(Shape inputShape) {
    args.validate(this, inputShape);
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    int mid = args.channels(inputShape) * args.depthMultiplier();
    List<Parameter> w = new ArrayList<>();
    w.add(factory.create("depthwise_kernel", args.depthwiseKernelShape(inputShape), depthwiseInitializer, true));
    w.add(factory.create("pointwise_kernel", Shape.of(1, 1, mid, filters), pointwiseInitializer, true));
    if (useBias) {
      w.add(factory.create("bias", Shape.of(filters), biasInitializer, true));
    }
    return w;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor x = args.channelsFirst() ? ConvOps.channelsLast(input) : input;
    Tensor mid = args.depthwise(x, context.read(weights().get(0)), null);
    Conv2dGeometry pointwise = Conv2dGeometry.of(mid.shape().dim(1), mid.shape().dim(2), 1, 1, 1, 1, 1, 1, false);
    Tensor bias = useBias ? context.read(weights().get(2)) : null;
    Tensor y = activation.apply(ConvOps.conv2d(mid, context.read(weights().get(1)), bias, pointwise,
        Ops.FusedActivation.LINEAR));
    return args.channelsFirst() ? ConvOps.channelsFirst(y) : y;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return args.outputShape(inputShape, filters);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("filters", filters);
    args.addConfig(config);
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
