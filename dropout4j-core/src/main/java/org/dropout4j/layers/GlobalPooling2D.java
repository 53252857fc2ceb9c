package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of {@link GlobalAveragePooling2D} and {@link GlobalMaxPooling2D}: reduces the two spatial axes of
 * a rank-4 input, giving {@code (batch, channels)}, or {@code (batch, 1, 1, channels)} with {@code keepdims}
 * (Keras' defaults: {@code data_format="channels_last"}, {@code keepdims=False}).
 */
abstract class GlobalPooling2D extends Layer {
  private final String dataFormat;
  private final String className;
  private final boolean max;
  private final boolean keepdims;

  GlobalPooling2D(String layer, boolean max, String dataFormat, boolean keepdims, String name) {
    super(name, true);
    this.className = layer;
    this.max = max;
    this.dataFormat = ConvArgs.dataFormat(layer, dataFormat);
    this.keepdims = keepdims;
  }

  @Override
  public final String className() {
    return className;
  }

  @Override
  protected final void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, 4);
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    boolean first = Configs.CHANNELS_FIRST.equals(dataFormat);
    Tensor y = ConvOps.globalPool(first ? ConvOps.channelsLast(input) : input, max);
    if (!keepdims) {
      return y;
    }
    int n = y.shape().dim(0);
    int c = y.shape().dim(1);
    return first ? Ops.reshape(y, n, c, 1, 1) : Ops.reshape(y, n, 1, 1, c);
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    int[] d = ConvArgs.nhwc(inputShape, dataFormat);
    return keepdims ? ConvArgs.fromNhwc(d[0], 1, 1, d[3], dataFormat) : Shape.of(d[0], d[3]);
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    config.put("data_format", dataFormat);
    config.put("keepdims", keepdims);
  }
}
