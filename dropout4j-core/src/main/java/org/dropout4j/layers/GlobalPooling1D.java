package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of {@link GlobalAveragePooling1D} and {@link GlobalMaxPooling1D}: pools
 * {@code (batch, steps, channels)} over the steps to {@code (batch, channels)}, or {@code (batch, 1, channels)} with
 * {@code keepdims}.
 */
abstract class GlobalPooling1D extends Layer {
  private final String className;
  private final boolean max;
  private final boolean keepdims;

  GlobalPooling1D(String layer, boolean max, String dataFormat, boolean keepdims, String name) {
    super(name, true);
    this.className = layer;
    this.max = max;
    Pooling1D.requireChannelsLast(layer, dataFormat);
    this.keepdims = keepdims;
  }

  @Override
  public final String className() {
    return className;
  }

  @Override
  protected final void validateInput(Shape inputShape) {
    ConvArgs.requireRank(this, inputShape, 3);
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    Tensor y = ConvOps.globalPool(input, max);
    return keepdims ? Ops.reshape(y, y.shape().dim(0), 1, y.shape().dim(1)) : y;
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    return keepdims ? Shape.of(inputShape.dim(0), 1, inputShape.dim(2)) : Shape.of(inputShape.dim(0),
        inputShape.dim(2));
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    config.put("data_format", Configs.CHANNELS_LAST);
    config.put("keepdims", keepdims);
  }
}
