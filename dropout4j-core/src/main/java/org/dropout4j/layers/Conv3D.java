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
 * Keras' {@code Conv3D} on {@code (batch, depth, height, width, channels)} inputs ({@code (batch, channels, depth,
 * height, width)} with {@code data_format="channels_first"}), kernel of Keras shape
 * {@code (kd, kh, kw, in_channels, filters)}.
 *
 * <p>Computed as a sum over the kernel's depth taps of 2-D convolutions ({@link ConvOps#conv2d}, im2col + GEMM):
 * tap {@code i} convolves, for every output depth {@code od}, the input slice at depth
 * {@code od * stride - pad_front + i * dilation} (zeros outside the input; {@link AxisGather#select}) with kernel
 * slice {@code i}; the slices of all output depths go through one 2-D convolution as one batch. Padding as in Keras /
 * TensorFlow ({@code valid}, or {@code same} with the smaller half of the padding in front); defaults as in Keras:
 * {@code strides=1}, {@code padding="valid"}, {@code dilation_rate=1}, no activation, bias, kernel
 * {@code glorot_uniform}, bias {@code zeros}; kernel, bias and activity regularizers and kernel and bias
 * constraints as in Keras ({@link ConvWeights}); {@code groups > 1} is refused.
 *
 * <pre>{@code
 * new Sequential(Input.shape(16, 32, 32, 1), new Conv3D(8, 3, "relu"), new SpatialDropout3D(0.2f),
 *     new MaxPooling3D(), new GlobalAveragePooling3D(), new Dense(2, "softmax"));
 * }</pre>
 */
public final class Conv3D extends ConvLayer {
  /** Keras' {@code Conv3D} config (groups and LoRA refused). */
  public static final LayerDescriptor<Conv3D> DESCRIPTOR = LayerDescriptor.of("Conv3D", Conv3D.class, r -> {
    r.layerBase();
    String name = r.string("name", null);
    boolean trainable = r.bool("trainable", true);
    return new Conv3D(ConvSpec.read(r, "Conv3D", 3), name, trainable);
  });

  private final ConvSpec spec;

  /** {@code Conv3D(filters, kernel_size)} with no activation. */
  public Conv3D(int filters, int kernelSize) {
    this(filters, kernelSize, null);
  }

  /** {@code Conv3D(filters, kernel_size, activation=...)}. */
  public Conv3D(int filters, int kernelSize, String activation) {
    this(filters, new int[] {kernelSize}, new int[] {1}, Configs.VALID, Configs.CHANNELS_LAST, new int[] {1},
        activation, true, Configs.GLOROT_UNIFORM, Configs.ZEROS, null);
  }

  /**
   * All options.
   *
   * @param filters output channels, positive
   * @param kernelSize one size or {@code (depth, height, width)}, positive
   * @param strides one stride or three, positive (default 1)
   * @param padding {@code "valid"} (default) or {@code "same"}
   * @param dataFormat {@code "channels_last"} (default) or {@code "channels_first"}
   * @param dilationRate one rate or three, positive (default 1; not with strides above 1)
   * @param activation an activation name, or {@code null} for none
   * @param useBias whether to add a bias (default true)
   * @param kernelInitializer the kernel initializer's name (default {@code glorot_uniform})
   * @param biasInitializer the bias initializer's name (default {@code zeros})
   * @param name the layer's name, or {@code null} to let the model assign one
   * @throws IllegalArgumentException naming the argument for any invalid value
   */
  public Conv3D(int filters, int[] kernelSize, int[] strides, String padding, String dataFormat, int[] dilationRate,
      String activation, boolean useBias, String kernelInitializer, String biasInitializer, String name) {
    this(new ConvSpec("Conv3D", 3, filters, kernelSize, strides, padding, dataFormat, dilationRate, activation,
        useBias, kernelInitializer, biasInitializer), name, true);
  }

  private Conv3D(ConvSpec spec, String name, boolean trainable) {
    super(name, trainable, spec.weights);
    this.spec = spec;
  }

  @Override
  public String className() {
    return "Conv3D";
  }

  /** {@code (batch, d, h, w, channels)} of a rank-5 shape in this layer's data format. */
  private int[] ndhwc(Shape s) {
    return spec.channelsFirst() ? new int[] {s.dim(0), s.dim(2), s.dim(3), s.dim(4), s.dim(1)} : s.toArray();
  }

  @Override
  protected void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, 5);
    if (ndhwc(inputShape)[4] <= 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (Conv3D) is incompatible with the layer: "
          + "the channel axis of a " + spec.dataFormat + " input must be known and positive, received input with "
          + "shape " + inputShape);
    }
    int[] o = ndhwc(computeOutputShape(inputShape));
    if (o[1] == 0 || o[2] == 0 || o[3] == 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (Conv3D) is too small for kernel_size="
          + ConvArgs.tuple(spec.kernelSize) + " with dilation_rate=" + ConvArgs.tuple(spec.dilationRate)
          + " and padding=\"" + spec.padding + "\", received input with shape " + inputShape);
    }
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    int[] d = ndhwc(inputShape);
    int[] o = new int[3];
    for (int a = 0; a < 3; a++) {
      o[a] = Conv2dGeometry.outputSize(d[a + 1], spec.kernelSize[a], spec.strides[a], spec.dilationRate[a],
          spec.same());
    }
    return spec.channelsFirst() ? Shape.of(d[0], spec.filters, o[0], o[1], o[2])
        : Shape.of(d[0], o[0], o[1], o[2], spec.filters);
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    int[] k = spec.kernelSize;
    return convWeights.create(factory, Shape.of(spec.filters), Shape.of(k[0], k[1], k[2], ndhwc(inputShape)[4],
        spec.filters));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor x = spec.channelsFirst() ? ConvOps.channelsLast(input) : input;
    int n = x.shape().dim(0);
    int depth = x.shape().dim(1);
    int h = x.shape().dim(2);
    int w = x.shape().dim(3);
    int c = x.shape().dim(4);
    int[] k = spec.kernelSize;
    // the depth axis as a 1-D window geometry (its output size and front padding)
    Conv2dGeometry dg = Conv2dGeometry.of(depth, 1, k[0], 1, spec.strides[0], 1, spec.dilationRate[0], 1,
        spec.same());
    Conv2dGeometry g = Conv2dGeometry.of(h, w, k[1], k[2], spec.strides[1], spec.strides[2], spec.dilationRate[1],
        spec.dilationRate[2], spec.same());
    Tensor kernel = context.read(weights().get(0));
    Tensor bias = convWeights.useBias() ? context.read(weights().get(1)) : null;
    Tensor y = null;
    for (int i = 0; i < k[0]; i++) {
      int[] rows = new int[dg.outH()];
      boolean any = false;
      for (int od = 0; od < rows.length; od++) {
        int id = od * dg.strideH() - dg.padTop() + i * dg.dilationH();
        rows[od] = id >= 0 && id < depth ? id : -1;
        any |= rows[od] >= 0;
      }
      if (!any) {
        continue;
      }
      Tensor slices = Ops.reshape(AxisGather.select(x, 1, rows), n * rows.length, h, w, c);
      Tensor tap = Ops.reshape(AxisGather.select(kernel, 0, new int[] {i}), k[1], k[2], c, spec.filters);
      Tensor part = ConvOps.conv2d(slices, tap, y == null ? bias : null, g, Ops.FusedActivation.LINEAR);
      y = y == null ? part : Ops.add(y, part);
    }
    y = spec.activation.apply(Ops.reshape(y, n, dg.outH(), g.outH(), g.outW(), spec.filters));
    return convWeights.activity(spec.channelsFirst() ? ConvOps.channelsFirst(y) : y, context);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    spec.addHead(config);
    spec.addTail(config, true);
  }
}
