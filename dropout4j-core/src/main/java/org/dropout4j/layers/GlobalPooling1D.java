package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of {@link GlobalAveragePooling1D} and {@link GlobalMaxPooling1D}: pools
 * {@code (batch, steps, channels)} over the steps to {@code (batch, channels)}, or {@code (batch, 1, channels)} with
 * {@code keepdims}. With a mask on the input ({@link Tensor#mask()}, {@code (batch, steps)}) the average is over
 * the kept steps only, as in Keras; the max ignores the mask, as Keras' {@code GlobalMaxPooling1D} does. The output
 * carries no mask.
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
    Tensor mask = input.mask();
    Tensor y = max || mask == null ? ConvOps.globalPool(input, max) : maskedMean(input, mask);
    return keepdims ? Ops.reshape(y, y.shape().dim(0), 1, y.shape().dim(1)) : y;
  }

  /**
   * Keras' masked mean: the sum over the kept steps divided by their number (NaN for a sample with no kept step,
   * as in Keras). GlobalMaxPooling1D ignores the mask, as Keras' does.
   */
  private Tensor maskedMean(Tensor input, Tensor mask) {
    int batch = input.shape().dim(0);
    int steps = input.shape().dim(1);
    if (mask.rank() != 2 || mask.shape().dim(0) != batch || mask.shape().dim(1) != steps) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className + "): the input's mask must have "
          + "shape (batch, steps) = (" + batch + ", " + steps + "), received a mask with shape " + mask.shape());
    }
    Tensor m = Ops.reshape(mask, batch, steps, 1);
    return Ops.div(Ops.sum(Ops.mul(input, m), 1, false), Ops.sum(m, 1, false));
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
