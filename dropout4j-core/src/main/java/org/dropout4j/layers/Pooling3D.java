package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of {@link MaxPooling3D} and {@link AveragePooling3D}: Keras' 3-D pooling arguments
 * ({@code pool_size}, {@code strides} default {@code pool_size}, {@code padding} default {@code "valid"},
 * {@code data_format} default {@code "channels_last"}), shapes and config.
 *
 * <p>A 3-D window is separable: the maximum over a box is the maximum over its depth of the maxima over its
 * height-width windows, and TensorFlow's average (over the positions inside the input only, for {@code same}) is the
 * average over the depth of the height-width averages, since the counts multiply. So the pooling runs as two 2-D
 * poolings of {@link ConvOps}: over height and width of every depth slice, then over the depth with the rest of each
 * slice as channels.
 */
abstract class Pooling3D extends Layer {
  /** Keras' default pool size on each axis. */
  static final int DEFAULT_POOL_SIZE = 2;

  /**
   * The descriptor of a 3-D pooling layer: {@code pool_size} (one or three integers; default 2), {@code strides},
   * {@code padding}, {@code data_format} and the base keys, read into {@code factory}.
   */
  static <L extends Pooling3D> LayerDescriptor<L> descriptor(String className, Class<L> type,
      PoolingFactory<int[], L> factory) {
    return LayerDescriptor.of(className, type, r -> {
      Args a = read(r, className, new int[] {DEFAULT_POOL_SIZE});
      return factory.create(a.poolSize(), a.strides(), a.padding(), a.dataFormat(), a.name());
    });
  }

  private final boolean max;
  private final int[] poolSize;
  private final int[] strides;
  private final String padding;
  private final String dataFormat;

  Pooling3D(String name, LayerDescriptor<?> descriptor, boolean max, int[] poolSize, int[] strides,
      String padding, String dataFormat) {
    super(name, true, descriptor);
    String layer = descriptor.className();
    this.max = max;
    this.poolSize = ConvSpec.tuple(layer, "pool_size", poolSize, 3, 1);
    this.strides = strides == null ? this.poolSize.clone() : ConvSpec.tuple(layer, "strides", strides, 3, 1);
    this.padding = ConvArgs.padding(layer, padding);
    this.dataFormat = ConvArgs.dataFormat(layer, dataFormat);
  }

  /** A 3-D pooling layer's config values. */
  record Args(int[] poolSize, int[] strides, String padding, String dataFormat, String name) {
  }

  /** Reads a 3-D pooling config: {@code pool_size} (default {@code fallbackPool}), strides, padding, data format. */
  static Args read(ConfigReader r, String layer, int[] fallbackPool) {
    String name = r.weightlessName(layer);
    int[] pool = ConvSpec.ints(r, "pool_size", fallbackPool);
    if (pool == null) {
      throw new IllegalArgumentException(r.owner() + ": missing required argument `pool_size`");
    }
    int[] strides = ConvSpec.ints(r, "strides", null);
    return new Args(pool, strides, r.string("padding", Configs.VALID), r.string("data_format", Configs.CHANNELS_LAST),
        name);
  }

  private boolean channelsFirst() {
    return Configs.CHANNELS_FIRST.equals(dataFormat);
  }

  private int[] ndhwc(Shape s) {
    return channelsFirst() ? new int[] {s.dim(0), s.dim(2), s.dim(3), s.dim(4), s.dim(1)} : s.toArray();
  }

  @Override
  protected final void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, 5);
    int[] o = ndhwc(computeOutputShape(inputShape));
    if (o[1] == 0 || o[2] == 0 || o[3] == 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (" + className() + ") is too small for "
          + "pool_size=" + ConvArgs.tuple(poolSize) + " with padding=\"valid\": expected depth, height and width of "
          + "at least " + ConvArgs.tuple(poolSize) + ", received input with shape " + inputShape);
    }
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    int[] d = ndhwc(inputShape);
    boolean same = ConvArgs.SAME.equals(padding);
    int[] o = new int[3];
    for (int a = 0; a < 3; a++) {
      o[a] = Conv2dGeometry.outputSize(d[a + 1], poolSize[a], strides[a], 1, same);
    }
    return channelsFirst() ? Shape.of(d[0], d[4], o[0], o[1], o[2]) : Shape.of(d[0], o[0], o[1], o[2], d[4]);
  }

  private Tensor pool(Tensor nhwc, Conv2dGeometry g) {
    return max ? ConvOps.maxPool2d(nhwc, g) : ConvOps.avgPool2d(nhwc, g);
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    Tensor x = channelsFirst() ? ConvOps.channelsLast(input) : input;
    int n = x.shape().dim(0);
    int depth = x.shape().dim(1);
    int c = x.shape().dim(4);
    boolean same = ConvArgs.SAME.equals(padding);
    Conv2dGeometry hw = Conv2dGeometry.of(x.shape().dim(2), x.shape().dim(3), poolSize[1], poolSize[2], strides[1],
        strides[2], 1, 1, same);
    Tensor planes = pool(Ops.reshape(x, n * depth, hw.inH(), hw.inW(), c), hw);
    int rest = hw.outH() * hw.outW() * c;
    Conv2dGeometry dg = Conv2dGeometry.of(depth, 1, poolSize[0], 1, strides[0], 1, 1, 1, same);
    Tensor y = pool(Ops.reshape(planes, n, depth, 1, rest), dg);
    y = Ops.reshape(y, n, dg.outH(), hw.outH(), hw.outW(), c);
    return channelsFirst() ? ConvOps.channelsFirst(y) : y;
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    config.put("pool_size", ConvArgs.list(poolSize));
    config.put("padding", padding);
    config.put("strides", ConvArgs.list(strides));
    config.put("data_format", dataFormat);
  }
}
