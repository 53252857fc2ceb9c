package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code DepthwiseConv2D}: each input channel convolved with its own {@code depth_multiplier} filters
 * (Chollet 2017), output channel {@code c * depth_multiplier + m}; weights {@code depthwise_kernel
 * (kh, kw, C, depth_multiplier)} and {@code bias (C * depth_multiplier)}. Defaults as in Keras: strides 1,
 * padding valid, depth_multiplier 1, channels_last, dilation 1, no activation, bias, {@code glorot_uniform} /
 * {@code zeros}; depthwise, bias and activity regularizers and depthwise and bias constraints as in Keras
 * ({@link ConvWeights}).
 */
public final class DepthwiseConv2D extends ConvLayer {
  /** Keras' {@code DepthwiseConv2D} config (a {@code trainable} of false and LoRA refused). */
  public static final LayerDescriptor<DepthwiseConv2D> DESCRIPTOR = LayerDescriptor.of("DepthwiseConv2D",
      DepthwiseConv2D.class, r -> {
        DepthwiseArgs.Read c = DepthwiseArgs.read(r, "DepthwiseConv2D", 2, false);
        return new DepthwiseConv2D(c.args(), c.activation(), c.weights(), c.name());
      });

  private final DepthwiseArgs args;
  private final ActivationFunction activation;

  /** {@code DepthwiseConv2D(kernel_size)} with Keras' defaults. */
  public DepthwiseConv2D(int kernelSize) {
    this(new int[] {kernelSize}, new int[] {1}, Configs.VALID, 1, Configs.CHANNELS_LAST, new int[] {1}, null,
        true, Configs.GLOROT_UNIFORM, Configs.ZEROS, null);
  }

  /**
   * @param kernelSize one or two positive sizes
   * @param strides one or two positive strides
   * @param padding valid or same
   * @param depthMultiplier filters per input channel, positive
   * @param dataFormat channels_last or channels_first
   * @param dilationRate one or two positive rates (not with strides above 1)
   * @param activation an activation name or {@code null} (linear)
   * @param useBias whether to add a bias
   * @param depthwiseInitializer initializer name of the depthwise kernel
   * @param biasInitializer initializer name of the bias
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException naming the argument for any invalid value
   */
  public DepthwiseConv2D(int[] kernelSize, int[] strides, String padding, int depthMultiplier, String dataFormat,
      int[] dilationRate, String activation, boolean useBias, String depthwiseInitializer, String biasInitializer,
      String name) {
    this(DepthwiseArgs.of("DepthwiseConv2D", kernelSize, strides, padding, dataFormat, dilationRate,
        depthMultiplier), activation, ConvWeights.of(List.of("depthwise"), useBias, depthwiseInitializer,
        biasInitializer), name);
  }

  private DepthwiseConv2D(DepthwiseArgs args, String activation, ConvWeights weights, String name) {
    super(name, true, weights);
    this.args = args;
    this.activation = Activations.get(activation);
  }

  @Override
  public String className() {
    return "DepthwiseConv2D";
  }

  @Override
  protected void validateInput(Shape inputShape) {
    args.validate(this, inputShape);
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    return convWeights.create(factory, Shape.of(args.channels(inputShape) * args.depthMultiplier()),
        args.depthwiseKernelShape(inputShape));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor x = args.channelsFirst() ? ConvOps.channelsLast(input) : input;
    Tensor bias = convWeights.useBias() ? context.read(weights().get(1)) : null;
    Tensor y = activation.apply(args.depthwise(x, context.read(weights().get(0)), bias));
    return convWeights.activity(args.channelsFirst() ? ConvOps.channelsFirst(y) : y, context);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return args.outputShape(inputShape, args.channels(inputShape) * args.depthMultiplier());
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    convWeights.putBase(config);
    args.addConfig(config, null, 2);
    config.put("activation", activation.name());
    convWeights.putConfig(config);
  }
}
