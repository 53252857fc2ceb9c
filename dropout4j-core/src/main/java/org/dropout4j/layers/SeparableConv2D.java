package org.dropout4j.layers;

import org.dropout4j.internal.Guards;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code SeparableConv2D} (Chollet 2017): a depthwise convolution ({@code depthwise_kernel
 * (kh, kw, C, depth_multiplier)}, no bias) followed by a 1x1 convolution ({@code pointwise_kernel
 * (1, 1, C * depth_multiplier, filters)}) with {@code bias (filters)} and the activation. Defaults as in Keras;
 * depthwise, pointwise, bias and activity regularizers and the three constraints as in Keras ({@link ConvWeights}).
 */
public final class SeparableConv2D extends ConvLayer {
  /** Keras' {@code SeparableConv2D} config (a {@code trainable} of false and LoRA refused). */
  public static final LayerDescriptor<SeparableConv2D> DESCRIPTOR = LayerDescriptor.of("SeparableConv2D",
      SeparableConv2D.class, r -> {
        DepthwiseArgs.Read c = DepthwiseArgs.read(r, "SeparableConv2D", 2, true);
        return new SeparableConv2D(c.filters(), c.args(), c.activation(), c.weights(), c.name());
      });

  private final int filters;
  private final DepthwiseArgs args;
  private final ActivationFunction activation;

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
    this(filters, DepthwiseArgs.of("SeparableConv2D", kernelSize, strides, padding, dataFormat, dilationRate,
        depthMultiplier), activation, ConvWeights.separable(useBias, depthwiseInitializer, pointwiseInitializer,
        biasInitializer), name);
  }

  private SeparableConv2D(int filters, DepthwiseArgs args, String activation, ConvWeights weights, String name) {
    super(name, true, weights);
    this.filters = Guards.positive(filters, "SeparableConv2D", "filters");
    this.args = args;
    this.activation = Activations.get(activation);
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
    return convWeights.create(factory, Shape.of(filters), args.depthwiseKernelShape(inputShape),
        Shape.of(1, 1, mid, filters));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor x = args.channelsFirst() ? ConvOps.channelsLast(input) : input;
    Tensor bias = convWeights.useBias() ? context.read(weights().get(2)) : null;
    Tensor y = activation.apply(args.separable(x, context.read(weights().get(0)), context.read(weights().get(1)),
        bias));
    return convWeights.activity(args.channelsFirst() ? ConvOps.channelsFirst(y) : y, context);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return args.outputShape(inputShape, filters);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    convWeights.putBase(config);
    args.addConfig(config, filters, 2);
    config.put("activation", activation.name());
    convWeights.putConfig(config);
  }
}
