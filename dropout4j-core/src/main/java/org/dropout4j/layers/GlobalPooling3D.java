package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of {@link GlobalAveragePooling3D} and {@link GlobalMaxPooling3D}: reduces the three spatial axes
 * of a rank-5 input ({@link ConvOps#globalPool}), giving {@code (batch, channels)}, or {@code (batch, 1, 1, 1,
 * channels)} with {@code keepdims} (Keras' defaults: {@code data_format="channels_last"}, {@code keepdims=False}).
 */
abstract class GlobalPooling3D extends Layer {
  private final String className;
  private final boolean max;
  private final String dataFormat;
  private final boolean keepdims;

  GlobalPooling3D(String layer, boolean max, String dataFormat, boolean keepdims, String name) {
    super(name, true);
    this.className = layer;
    this.max = max;
    this.dataFormat = ConvArgs.dataFormat(layer, dataFormat);
    this.keepdims = keepdims;
  }

  private boolean channelsFirst() {
    return Configs.CHANNELS_FIRST.equals(dataFormat);
  }

  @Override
  public final String className() {
    return className;
  }

  @Override
  protected final void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, 5);
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    Tensor y = ConvOps.globalPool(channelsFirst() ? ConvOps.channelsLast(input) : input, max);
    if (!keepdims) {
      return y;
    }
    int n = y.shape().dim(0);
    int c = y.shape().dim(1);
    return channelsFirst() ? Ops.reshape(y, n, c, 1, 1, 1) : Ops.reshape(y, n, 1, 1, 1, c);
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    int n = inputShape.dim(0);
    int c = inputShape.dim(channelsFirst() ? 1 : 4);
    if (!keepdims) {
      return Shape.of(n, c);
    }
    return channelsFirst() ? Shape.of(n, c, 1, 1, 1) : Shape.of(n, 1, 1, 1, c);
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    config.put("data_format", dataFormat);
    config.put("keepdims", keepdims);
  }
}
