package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Conv2dGeometry;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of {@link MaxPooling1D} and {@link AveragePooling1D}: Keras' {@code pool_size} (default 2),
 * {@code strides} (default {@code pool_size}), {@code padding} ({@code valid} or {@code same}) on
 * {@code (batch, steps, channels)} inputs ({@code (batch, channels, steps)} with {@code data_format="channels_first"},
 * moved to channels last and back), run as the 2-D pooling on {@code (batch, steps, 1, channels)}.
 */
abstract class Pooling1D extends Layer {
  static final int DEFAULT_POOL_SIZE = 2;

  /**
   * The descriptor of a 1-D pooling layer: {@code pool_size} (an integer or a list of one; default 2),
   * {@code strides}, {@code padding}, {@code data_format} and the base keys, read into {@code factory}.
   */
  static <L extends Pooling1D> LayerDescriptor<L> descriptor(String className, Class<L> type,
      PoolingFactory<Integer, L> factory) {
    return LayerDescriptor.of(className, type, r -> {
      String name = r.weightlessName(className);
      Integer poolSize = r.single("pool_size", DEFAULT_POOL_SIZE);
      Integer strides = r.single("strides", null);
      String padding = r.string("padding", Configs.VALID);
      return factory.create(poolSize, strides, padding, r.string("data_format", Configs.CHANNELS_LAST), name);
    });
  }

  private final boolean max;
  private final int poolSize;
  private final int strides;
  private final String padding;
  private final boolean channelsFirst;

  Pooling1D(String name, LayerDescriptor<?> descriptor, boolean max, int poolSize, Integer strides,
      String padding, String dataFormat) {
    super(name, true, descriptor);
    String layer = descriptor.className();
    this.max = max;
    this.poolSize = ConvArgs.pair(layer, "pool_size", new int[] {poolSize})[0];
    this.strides = strides == null ? this.poolSize : ConvArgs.pair(layer, "strides", new int[] {strides})[0];
    this.padding = ConvArgs.padding(layer, padding);
    this.channelsFirst = Configs.CHANNELS_FIRST.equals(ConvArgs.dataFormat(layer, dataFormat));
  }

  private Tensor pool(Tensor x, Conv2dGeometry g) {
    return max ? ConvOps.maxPool2d(x, g) : ConvOps.avgPool2d(x, g);
  }

  @Override
  protected final void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, 3);
    if (computeOutputShape(inputShape).dim(channelsFirst ? 2 : 1) == 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (" + className() + ") is too small for "
          + "pool_size=" + poolSize + " with padding=\"valid\": expected at least " + poolSize + " steps, received "
          + "input with shape " + inputShape);
    }
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    Tensor x = channelsFirst ? ConvOps.channelsLast(input) : input;
    int n = x.shape().dim(0);
    int steps = x.shape().dim(1);
    int c = x.shape().dim(2);
    Conv2dGeometry g = Conv2dGeometry.of(steps, 1, poolSize, 1, strides, 1, 1, 1, ConvArgs.SAME.equals(padding));
    Tensor y = Ops.reshape(pool(Ops.reshape(x, n, steps, 1, c), g), n, g.outH(), c);
    return channelsFirst ? ConvOps.channelsFirst(y) : y;
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    int stepAxis = channelsFirst ? 2 : 1;
    int out = Conv2dGeometry.outputSize(inputShape.dim(stepAxis), poolSize, strides, 1,
        ConvArgs.SAME.equals(padding));
    return channelsFirst ? Shape.of(inputShape.dim(0), inputShape.dim(1), out)
        : Shape.of(inputShape.dim(0), out, inputShape.dim(2));
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    config.put("pool_size", List.of(poolSize));
    config.put("padding", padding);
    config.put("strides", List.of(strides));
    config.put("data_format", channelsFirst ? Configs.CHANNELS_FIRST : Configs.CHANNELS_LAST);
  }
}
