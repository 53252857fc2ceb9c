package org.dropout4j.layers;

import java.util.Arrays;
import java.util.Map;
import org.dropout4j.tensor.ConvOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared part of Keras' global pooling layers ({@link GlobalAveragePooling1D}, {@link GlobalMaxPooling1D} and
 * their 2-D and 3-D siblings): reduces the 1, 2 or 3 spatial axes of a {@code (batch, spatial..., channels)} input
 * ({@code (batch, channels, spatial...)} with {@code data_format="channels_first"}) to {@code (batch, channels)}, or
 * keeps them with size 1 with {@code keepdims} (Keras' defaults: {@code data_format="channels_last"},
 * {@code keepdims=False}).
 *
 * <p>With a mask on a 1-D input ({@link Tensor#mask()}, {@code (batch, steps)}) the average is over the kept steps
 * only, as in Keras (NaN for a sample with no kept step); the max ignores the mask, as Keras' does. The output
 * carries no mask.
 */
abstract class GlobalPooling extends Layer {
  private final int spatialRank;
  private final boolean max;
  private final boolean channelsFirst;
  private final boolean keepdims;

  /** A subclass's public constructor: {@code (data_format, keepdims, name)}. */
  interface Factory<L extends GlobalPooling> {
    L create(String dataFormat, boolean keepdims, String name);
  }

  /**
   * The descriptor of a global pooling layer: its config holds {@code data_format}, {@code keepdims} and the base
   * keys, read into {@code factory}, e.g. {@code descriptor("GlobalMaxPooling2D", GlobalMaxPooling2D.class,
   * GlobalMaxPooling2D::new)}.
   */
  static <L extends GlobalPooling> LayerDescriptor<L> descriptor(String className, Class<L> type,
      Factory<L> factory) {
    return LayerDescriptor.of(className, type, r -> {
      String name = r.weightlessName(className);
      String dataFormat = r.string("data_format", Configs.CHANNELS_LAST);
      return factory.create(dataFormat, r.bool("keepdims", false), name);
    });
  }

  /**
   * @param descriptor the subclass's {@code DESCRIPTOR}, which gives its Keras class name
   * @param spatialRank the number of spatial axes: 1, 2 or 3
   * @param max max pooling, else average pooling
   * @throws IllegalArgumentException for a data format other than {@code channels_last} or {@code channels_first}
   */
  GlobalPooling(String name, LayerDescriptor<?> descriptor, int spatialRank, boolean max, String dataFormat,
      boolean keepdims) {
    super(name, true, descriptor);
    inputSpec(InputSpec.ndim(spatialRank + 2));
    this.spatialRank = spatialRank;
    this.max = max;
    this.channelsFirst = Configs.CHANNELS_FIRST.equals(ConvArgs.dataFormat(descriptor.className(), dataFormat));
    this.keepdims = keepdims;
  }

  /** GlobalAveragePooling1D takes Keras' {@code mask} call argument (its mean skips masked steps); the others not. */
  @Override
  protected final boolean takesMaskArgument() {
    return spatialRank == 1 && !max;
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    Tensor mask = input.mask();
    Tensor x = channelsFirst ? ConvOps.channelsLast(input) : input;
    boolean masked = spatialRank == 1 && !max && mask != null;
    Tensor y = masked ? maskedMean(x, mask) : ConvOps.globalPool(x, max);
    return keepdims ? Ops.reshape(y, kept(y.shape().dim(0), y.shape().dim(1))) : y;
  }

  /** The output dimensions with {@code keepdims}: the spatial axes with size 1 and the channels. */
  private int[] kept(int batch, int channels) {
    int[] d = new int[spatialRank + 2];
    Arrays.fill(d, 1);
    d[0] = batch;
    d[channelsFirst ? 1 : spatialRank + 1] = channels;
    return d;
  }

  /**
   * Keras' masked mean: the sum over the kept steps divided by their number (NaN for a sample with no kept step,
   * as in Keras).
   */
  private Tensor maskedMean(Tensor input, Tensor mask) {
    int batch = input.shape().dim(0);
    int steps = input.shape().dim(1);
    if (mask.rank() != 2 || mask.shape().dim(0) != batch || mask.shape().dim(1) != steps) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className() + "): the input's mask must "
          + "have shape (batch, steps) = (" + batch + ", " + steps + "), received a mask with shape " + mask.shape());
    }
    Tensor m = Ops.reshape(mask, batch, steps, 1);
    return Ops.div(Ops.sum(Ops.mul(input, m), 1, false), Ops.sum(m, 1, false));
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    int n = inputShape.dim(0);
    int c = inputShape.dim(channelsFirst ? 1 : spatialRank + 1);
    return keepdims ? Shape.of(kept(n, c)) : Shape.of(n, c);
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    config.put("data_format", channelsFirst ? Configs.CHANNELS_FIRST : Configs.CHANNELS_LAST);
    config.put("keepdims", keepdims);
  }
}
