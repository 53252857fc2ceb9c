package org.dropout4j.layers;

import java.util.Map;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of {@link GlobalAveragePooling1D} and {@link GlobalMaxPooling1D}: pools
 * {@code (batch, steps, channels)} over the steps to {@code (batch, channels)}, or {@code (batch, 1, channels)} with
 * {@code keepdims} ({@code (batch, channels, steps)} to {@code (batch, channels)} or {@code (batch, channels, 1)}
 * with {@code data_format="channels_first"}). With a mask on the input ({@link Tensor#mask()}, {@code (batch, steps)}) the average is over
 * the kept steps only, as in Keras; the max ignores the mask, as Keras' {@code GlobalMaxPooling1D} does. The output
 * carries no mask.
 */
abstract class GlobalPooling1D extends Layer {
  private final String className;
  private final boolean max;
  private final boolean keepdims;
  private final boolean channelsFirst;

  GlobalPooling1D(String layer, boolean max, String dataFormat, boolean keepdims, String name) {
    super(name, true);
    this.className = layer;
    this.max = max;
    this.channelsFirst = Configs.CHANNELS_FIRST.equals(ConvArgs.dataFormat(layer, dataFormat));
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
    Tensor x = channelsFirst ? ConvOps.channelsLast(input) : input;
    Tensor y = max || mask == null ? ConvOps.globalPool(x, max) : maskedMean(x, mask);
    if (!keepdims) {
      return y;
    }
    return channelsFirst ? Ops.reshape(y, y.shape().dim(0), y.shape().dim(1), 1)
        : Ops.reshape(y, y.shape().dim(0), 1, y.shape().dim(1));
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
    int c = inputShape.dim(channelsFirst ? 1 : 2);
    if (!keepdims) {
      return Shape.of(inputShape.dim(0), c);
    }
    return channelsFirst ? Shape.of(inputShape.dim(0), c, 1) : Shape.of(inputShape.dim(0), 1, c);
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    config.put("data_format", channelsFirst ? Configs.CHANNELS_FIRST : Configs.CHANNELS_LAST);
    config.put("keepdims", keepdims);
  }
}
