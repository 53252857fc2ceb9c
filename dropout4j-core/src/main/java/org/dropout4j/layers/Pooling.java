package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of Keras' pooling layers ({@link MaxPooling1D}, {@link AveragePooling1D} and their 2-D and 3-D
 * siblings): {@code pool_size} (default 2 on each axis), {@code strides} (default {@code pool_size}),
 * {@code padding} ({@code valid}, the default, or {@code same}) and {@code data_format} ({@code channels_last}, the
 * default, or {@code channels_first}, moved to channels last and back) over 1, 2 or 3 spatial axes.
 *
 * <p>The windows run as 2-D poolings of {@link ConvOps}: 1-D input as {@code (batch, steps, 1, channels)}; 3-D input
 * separably, since a 3-D window is: the maximum over a box is the maximum over its depth of the maxima over its
 * height-width windows, and TensorFlow's average (over the positions inside the input only, for {@code same}) is the
 * average over the depth of the height-width averages, since the counts multiply. So 3-D pooling is a 2-D pooling
 * over height and width of every depth slice, then one over the depth with the rest of each slice as channels.
 */
abstract class Pooling extends Layer {
  /** Keras' default pool size on each axis. */
  static final int DEFAULT_POOL_SIZE = 2;
  private static final String[] EXTENT = {"", "height and width", "depth, height and width"};

  private final boolean max;
  private final int[] poolSize;
  private final int[] strides;
  private final String padding;
  private final boolean channelsFirst;

  /**
   * @param descriptor the subclass's {@code DESCRIPTOR}, which gives its Keras class name
   * @param max max pooling, else average pooling
   * @param poolSize one size for every spatial axis, or one per axis; positive
   * @param strides likewise, or {@code null} for the pool size
   * @throws IllegalArgumentException for a non-positive size or stride, or an unknown padding or data format
   */
  Pooling(String name, LayerDescriptor<?> descriptor, boolean max, int[] poolSize, int[] strides, String padding,
      String dataFormat, int spatialRank) {
    super(name, true, descriptor);
    String layer = descriptor.className();
    this.max = max;
    this.poolSize = ConvSpec.tuple(layer, "pool_size", poolSize, spatialRank, 1);
    this.strides = strides == null ? this.poolSize.clone()
        : ConvSpec.tuple(layer, "strides", strides, spatialRank, 1);
    this.padding = ConvArgs.padding(layer, padding);
    this.channelsFirst = Configs.CHANNELS_FIRST.equals(ConvArgs.dataFormat(layer, dataFormat));
    inputSpec(InputSpec.ndim(spatialRank + 2));
  }

  /**
   * The descriptor of a 1-D pooling layer: {@code pool_size} (an integer or a list of one; default 2),
   * {@code strides}, {@code padding}, {@code data_format} and the base keys, read into {@code factory}.
   */
  static <L extends Pooling> LayerDescriptor<L> descriptor1D(String className, Class<L> type,
      PoolingFactory<Integer, L> factory) {
    return LayerDescriptor.of(className, type, r -> {
      String name = r.weightlessName(className);
      Integer poolSize = r.single("pool_size", DEFAULT_POOL_SIZE);
      Integer strides = r.single("strides", null);
      String padding = r.string("padding", Configs.VALID);
      return factory.create(poolSize, strides, padding, r.string("data_format", Configs.CHANNELS_LAST), name);
    });
  }

  /**
   * The descriptor of a 2-D pooling layer: {@code pool_size} (one or two integers; default 2), {@code padding},
   * {@code strides}, {@code data_format} and the base keys, read into {@code factory}.
   */
  static <L extends Pooling> LayerDescriptor<L> descriptor2D(String className, Class<L> type,
      PoolingFactory<int[], L> factory) {
    return LayerDescriptor.of(className, type, r -> {
      String name = r.weightlessName(className);
      int[] poolSize = r.intOrPair("pool_size", new int[] {DEFAULT_POOL_SIZE});
      String padding = r.string("padding", Configs.VALID);
      int[] strides = r.intOrPair("strides", null);
      return factory.create(poolSize, strides, padding, r.string("data_format", Configs.CHANNELS_LAST), name);
    });
  }

  /**
   * The descriptor of a 3-D pooling layer: {@code pool_size} (one or three integers; default 2, as Keras 2; Keras 3
   * writes it), {@code strides}, {@code padding}, {@code data_format} and the base keys, read into {@code factory}.
   */
  static <L extends Pooling> LayerDescriptor<L> descriptor3D(String className, Class<L> type,
      PoolingFactory<int[], L> factory) {
    return LayerDescriptor.of(className, type, r -> {
      String name = r.weightlessName(className);
      int[] poolSize = ConvSpec.ints(r, "pool_size", new int[] {DEFAULT_POOL_SIZE});
      int[] strides = ConvSpec.ints(r, "strides", null);
      String padding = r.string("padding", Configs.VALID);
      return factory.create(poolSize, strides, padding, r.string("data_format", Configs.CHANNELS_LAST), name);
    });
  }

  /** Whether inputs are channels last. */
  final boolean channelsLast() {
    return !channelsFirst;
  }

  /** The pooling windows over a channels-last input of {@code height x width} (2-D pooling). */
  final Conv2dGeometry geometry(int height, int width) {
    return Conv2dGeometry.of(height, width, poolSize[0], poolSize[1], strides[0], strides[1], 1, 1,
        ConvArgs.SAME.equals(padding));
  }

  @Override
  protected final void validateInput(Shape inputShape) {
    super.validateInput(inputShape);
    int[] out = computeOutputShape(inputShape).toArray();
    for (int a = 0; a < poolSize.length; a++) {
      if (out[firstSpatialAxis() + a] == 0) {
        String size = poolSize.length == 1 ? String.valueOf(poolSize[0]) : ConvArgs.tuple(poolSize);
        throw new IllegalArgumentException("Input of layer \"" + name() + "\" (" + className() + ") is too small "
            + "for pool_size=" + size + " with padding=\"valid\": expected " + (poolSize.length == 1 ? "at least "
            + size + " steps" : EXTENT[poolSize.length - 1] + " of at least " + size) + ", received input with shape "
            + inputShape);
      }
    }
  }

  private int firstSpatialAxis() {
    return channelsFirst ? 2 : 1;
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    int[] d = inputShape.toArray();
    for (int a = 0; a < poolSize.length; a++) {
      int axis = firstSpatialAxis() + a;
      d[axis] = Conv2dGeometry.outputSize(d[axis], poolSize[a], strides[a], 1, ConvArgs.SAME.equals(padding));
    }
    return Shape.of(d);
  }

  private Tensor pool(Tensor nhwc, Conv2dGeometry g) {
    return max ? ConvOps.maxPool2d(nhwc, g) : ConvOps.avgPool2d(nhwc, g);
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    Tensor x = channelsFirst ? ConvOps.channelsLast(input) : input;
    int[] d = x.shape().toArray();
    int n = d[0];
    int c = d[d.length - 1];
    Tensor y;
    if (poolSize.length == 2) {
      y = pool(x, geometry(d[1], d[2]));
    } else if (poolSize.length == 1) {
      Conv2dGeometry g = Conv2dGeometry.of(d[1], 1, poolSize[0], 1, strides[0], 1, 1, 1,
          ConvArgs.SAME.equals(padding));
      y = Ops.reshape(pool(Ops.reshape(x, n, d[1], 1, c), g), n, g.outH(), c);
    } else {
      boolean same = ConvArgs.SAME.equals(padding);
      Conv2dGeometry hw = Conv2dGeometry.of(d[2], d[3], poolSize[1], poolSize[2], strides[1], strides[2], 1, 1, same);
      Tensor planes = pool(Ops.reshape(x, n * d[1], hw.inH(), hw.inW(), c), hw);
      Conv2dGeometry dg = Conv2dGeometry.of(d[1], 1, poolSize[0], 1, strides[0], 1, 1, 1, same);
      y = pool(Ops.reshape(planes, n, d[1], 1, hw.outH() * hw.outW() * c), dg);
      y = Ops.reshape(y, n, dg.outH(), hw.outH(), hw.outW(), c);
    }
    return channelsFirst ? ConvOps.channelsFirst(y) : y;
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    config.put("pool_size", ConvArgs.list(poolSize));
    config.put("padding", padding);
    config.put("strides", ConvArgs.list(strides));
    config.put("data_format", channelsFirst ? Configs.CHANNELS_FIRST : Configs.CHANNELS_LAST);
  }
}
