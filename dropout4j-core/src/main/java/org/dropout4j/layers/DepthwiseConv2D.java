package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code DepthwiseConv2D}: each input channel convolved with its own {@code depth_multiplier} filters
 * (Chollet 2017), output channel {@code c * depth_multiplier + m}; weights {@code depthwise_kernel
 * (kh, kw, C, depth_multiplier)} and {@code bias (C * depth_multiplier)}. Defaults as in Keras: strides 1,
 * padding valid, depth_multiplier 1, channels_last, dilation 1, no activation, bias, {@code glorot_uniform} /
 * {@code zeros}.
 */
public final class DepthwiseConv2D extends Layer {
  /** Keras' {@code DepthwiseConv2D} config (regularizers and constraints must be null). */
  public static final LayerDescriptor<DepthwiseConv2D> DESCRIPTOR = LayerDescriptor.of("DepthwiseConv2D",
      DepthwiseConv2D.class, r -> {
        String name = DepthwiseArgs.frozenRefused(r, "DepthwiseConv2D");
        int[] k = r.intOrPair("kernel_size", null);
        int[] strides = r.intOrPair("strides", new int[] {1});
        String padding = r.string("padding", Configs.VALID);
        int multiplier = r.integer("depth_multiplier", 1);
        String dataFormat = r.string("data_format", Configs.CHANNELS_LAST);
        int[] dilation = r.intOrPair("dilation_rate", new int[] {1});
        String activation = ConfigObjects.activation(r, "activation");
        boolean useBias = r.bool("use_bias", true);
        String init = ConfigObjects.initializer(r, "depthwise_initializer", Configs.GLOROT_UNIFORM);
        String biasInit = ConfigObjects.initializer(r, "bias_initializer", Configs.ZEROS);
        DepthwiseArgs.nullRegularizers(r);
        return new DepthwiseConv2D(k, strides, padding, multiplier, dataFormat, dilation, activation, useBias, init,
            biasInit, name);
      });

  private final DepthwiseArgs args;
  private final ActivationFunction activation;
  private final boolean useBias;
  private final Initializer depthwiseInitializer;
  private final Initializer biasInitializer;

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
    super(name, true);
    this.args = DepthwiseArgs.of("DepthwiseConv2D", kernelSize, strides, padding, dataFormat, dilationRate,
        depthMultiplier);
    this.activation = Activations.get(activation);
    this.useBias = useBias;
    this.depthwiseInitializer = Initializers.get(depthwiseInitializer);
    this.biasInitializer = Initializers.get(biasInitializer);
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
    List<Parameter> w = new ArrayList<>();
    w.add(factory.create("depthwise_kernel", args.depthwiseKernelShape(inputShape), depthwiseInitializer, true));
    if (useBias) {
      w.add(factory.create("bias", Shape.of(args.channels(inputShape) * args.depthMultiplier()), biasInitializer,
          true));
    }
    return w;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor x = args.channelsFirst() ? ConvOps.channelsLast(input) : input;
    Tensor bias = useBias ? context.read(weights().get(1)) : null;
    Tensor y = activation.apply(args.depthwise(x, context.read(weights().get(0)), bias));
    return args.channelsFirst() ? ConvOps.channelsFirst(y) : y;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return args.outputShape(inputShape, args.channels(inputShape) * args.depthMultiplier());
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    args.addConfig(config);
    config.put("activation", activation.name());
    config.put("use_bias", useBias);
    config.put("depthwise_initializer", Configs.envelope(depthwiseInitializer.className(),
        depthwiseInitializer.getConfig()));
    config.put("bias_initializer", Configs.envelope(biasInitializer.className(), biasInitializer.getConfig()));
    config.put("depthwise_regularizer", null);
    config.put("bias_regularizer", null);
    config.put("activity_regularizer", null);
    config.put("depthwise_constraint", null);
    config.put("bias_constraint", null);
  }
}
