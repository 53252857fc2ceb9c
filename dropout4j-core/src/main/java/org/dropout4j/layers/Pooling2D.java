package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of {@link MaxPooling2D} and {@link AveragePooling2D}: Keras' 2-D pooling arguments
 * ({@code pool_size} default {@code (2, 2)}, {@code strides} default {@code pool_size}, {@code padding} default
 * {@code "valid"}, {@code data_format} default {@code "channels_last"}), shapes and config; subclasses give the
 * reduction.
 */
abstract class Pooling2D extends Layer {
  /** Keras' default pool size. */
  static final int DEFAULT_POOL_SIZE = 2;

  /**
   * The descriptor of a 2-D pooling layer: {@code pool_size} (one or two integers; default 2), {@code padding},
   * {@code strides}, {@code data_format} and the base keys, read into {@code factory}.
   */
  static <L extends Pooling2D> LayerDescriptor<L> descriptor(String className, Class<L> type,
      PoolingFactory<int[], L> factory) {
    return LayerDescriptor.of(className, type, r -> {
      String name = r.weightlessName(className);
      int[] poolSize = r.intOrPair("pool_size", new int[] {DEFAULT_POOL_SIZE});
      String padding = r.string("padding", Configs.VALID);
      int[] strides = r.intOrPair("strides", null);
      return factory.create(poolSize, strides, padding, r.string("data_format", Configs.CHANNELS_LAST), name);
    });
  }

  private final boolean max;
  private final int[] poolSize;
  private final int[] strides;
  private final String padding;
  private final String dataFormat;

  /**
   * @param layer the Keras class name
   * @param max max pooling, else average pooling
   * @param strides {@code null} for the pool size
   */
  Pooling2D(String name, LayerDescriptor<?> descriptor, boolean max, int[] poolSize, int[] strides,
      String padding, String dataFormat) {
    super(name, true, descriptor);
    String layer = descriptor.className();
    this.max = max;
    this.poolSize = ConvArgs.pair(layer, "pool_size", poolSize);
    this.strides = strides == null ? this.poolSize.clone() : ConvArgs.pair(layer, "strides", strides);
    this.padding = ConvArgs.padding(layer, padding);
    this.dataFormat = ConvArgs.dataFormat(layer, dataFormat);
  }

  /** The pooling of NHWC input for the geometry. */
  private Tensor pool(Tensor x, Conv2dGeometry g) {
    return max ? ConvOps.maxPool2d(x, g) : ConvOps.avgPool2d(x, g);
  }

  @Override
  protected final void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, 4);
    int[] o = ConvArgs.nhwc(computeOutputShape(inputShape), dataFormat);
    if (o[1] == 0 || o[2] == 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (" + className() + ") is too small for "
          + "pool_size=" + ConvArgs.tuple(poolSize) + " with padding=\"valid\": expected height and width of at "
          + "least " + ConvArgs.tuple(poolSize) + ", received input with shape " + inputShape);
    }
  }

  /** Whether inputs are NHWC ({@code channels_last}). */
  final boolean channelsLast() {
    return !Configs.CHANNELS_FIRST.equals(dataFormat);
  }

  /** The pooling windows over an NHWC input of {@code height x width}. */
  final Conv2dGeometry geometry(int height, int width) {
    return Conv2dGeometry.of(height, width, poolSize[0], poolSize[1], strides[0], strides[1], 1, 1,
        ConvArgs.SAME.equals(padding));
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    boolean first = !channelsLast();
    Tensor x = first ? ConvOps.channelsLast(input) : input;
    Tensor y = pool(x, geometry(x.shape().dim(1), x.shape().dim(2)));
    return first ? ConvOps.channelsFirst(y) : y;
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    int[] d = ConvArgs.nhwc(inputShape, dataFormat);
    boolean same = ConvArgs.SAME.equals(padding);
    int h = Conv2dGeometry.outputSize(d[1], poolSize[0], strides[0], 1, same);
    int w = Conv2dGeometry.outputSize(d[2], poolSize[1], strides[1], 1, same);
    return ConvArgs.fromNhwc(d[0], h, w, d[3], dataFormat);
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    config.put("pool_size", ConvArgs.list(poolSize));
    config.put("padding", padding);
    config.put("strides", ConvArgs.list(strides));
    config.put("data_format", dataFormat);
  }
}
