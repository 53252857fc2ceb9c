package org.dropout4j.layers;

import org.dropout4j.internal.Guards;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;
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
 * <p>Runs {@link SeparableConv2D}'s separable step ({@code DepthwiseArgs}) on {@code (batch, steps, 1, channels)}
 * with the kernels viewed as 2-D ones of width 1. Defaults as in Keras: {@code strides=1}, {@code padding="valid"}
 * (or {@code "same"}), {@code depth_multiplier=1}, {@code dilation_rate=1}, no activation, bias; both kernels
 * {@code glorot_uniform}, bias {@code zeros}; depthwise, pointwise, bias and activity regularizers and the three
 * constraints as in Keras ({@link ConvWeights}).
 *
 * <pre>{@code
 * new Sequential(Input.shape(100, 8), new SeparableConv1D(16, 5), new GlobalMaxPooling1D(), new Dense(1));
 * }</pre>
 */
public final class SeparableConv1D extends ConvLayer {
  /** Keras' {@code SeparableConv1D} config (a {@code trainable} of false and LoRA refused). */
  public static final LayerDescriptor<SeparableConv1D> DESCRIPTOR = LayerDescriptor.of("SeparableConv1D",
      SeparableConv1D.class, r -> {
        DepthwiseArgs.Read c = DepthwiseArgs.read(r, "SeparableConv1D", 1, true);
        return new SeparableConv1D(c.filters(), c.args(), c.activation(), c.weights(), c.name());
      });

  private final int filters;
  /** The 2-D form: kernel {@code (kernel_size, 1)}, strides {@code (strides, 1)}, dilation {@code (rate, 1)}. */
  private final DepthwiseArgs args;
  private final ActivationFunction activation;

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
    this(filters, DepthwiseArgs.of1d("SeparableConv1D", kernelSize, strides, padding, dataFormat, dilationRate,
        depthMultiplier), activation, ConvWeights.separable(useBias, depthwiseInitializer, pointwiseInitializer,
        biasInitializer), name);
  }

  private SeparableConv1D(int filters, DepthwiseArgs args, String activation, ConvWeights weights, String name) {
    super(name, true, weights);
    this.filters = Guards.positive(filters, "SeparableConv1D", "filters");
    this.args = args;
    this.activation = Activations.get(activation);
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
    int c = args.channels(as2d(inputShape));
    return convWeights.create(factory, Shape.of(filters), Shape.of(args.kernelSize()[0], c, args.depthMultiplier()),
        Shape.of(1, c * args.depthMultiplier(), filters));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor x = args.channelsFirst() ? ConvOps.channelsLast(input) : input;
    int n = x.shape().dim(0);
    int c = x.shape().dim(2);
    Tensor x4 = Ops.reshape(x, n, x.shape().dim(1), 1, c);
    Tensor depthwise = Ops.reshape(context.read(weights().get(0)), args.kernelSize()[0], 1, c,
        args.depthMultiplier());
    Tensor pointwise = Ops.reshape(context.read(weights().get(1)), 1, 1, c * args.depthMultiplier(), filters);
    Tensor bias = convWeights.useBias() ? context.read(weights().get(2)) : null;
    Tensor y = args.separable(x4, depthwise, pointwise, bias);
    y = activation.apply(Ops.reshape(y, n, y.shape().dim(1), filters));
    return convWeights.activity(args.channelsFirst() ? ConvOps.channelsFirst(y) : y, context);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    convWeights.putBase(config);
    args.addConfig(config, filters, 1);
    config.put("activation", activation.name());
    convWeights.putConfig(config);
  }
}
