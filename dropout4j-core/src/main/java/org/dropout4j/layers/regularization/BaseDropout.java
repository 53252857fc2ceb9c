package org.dropout4j.layers.regularization;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.DropoutFamily;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.LayerDescriptor;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The base of the dropout family: a {@code rate} (probability to drop, in {@code [0, 1)}), an optional
 * {@code seed}, identity at inference, and noise drawn only in training mode and in Monte Carlo dropout passes
 * ({@link DropoutFamily#drawsNoise(CallContext)}).
 *
 * <p>Variants that take Keras' {@code noise_shape} argument (Dropout, AlphaDropout) pass it to the constructor and
 * get its validation, resolution and config key here; others override {@link #noiseShape(Shape)} (which axes share
 * one mask decision; spatial dropout keeps only batch and channel axes) and, for non-Bernoulli noise,
 * {@link #applyNoise(Tensor, Shape, float, RngKey)}.
 */
public abstract class BaseDropout extends Layer implements DropoutFamily {
  private final float rate;
  private final Long seed;
  private final boolean takesNoiseShape;
  private final Integer[] noiseShape;

  /**
   * @param name the layer's name or {@code null}
   * @param rate probability to drop, {@code 0 <= rate < 1}
   * @param seed the layer's own seed, or {@code null} to draw from the model's random stream
   * @param descriptor the variant's {@code DESCRIPTOR}, which gives its Keras class name
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)} or NaN
   */
  protected BaseDropout(String name, float rate, Long seed, LayerDescriptor<?> descriptor) {
    this(name, rate, seed, false, null, descriptor);
  }

  /**
   * A variant with Keras' {@code noise_shape} argument: the mask's shape, {@code null} entries taking the input's
   * size, an entry of 1 sharing one decision along that axis; {@code null} for the input's shape. It is written to
   * the config as {@code noise_shape} after {@code seed}.
   *
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)} or NaN
   */
  protected BaseDropout(String name, float rate, Long seed, List<Integer> noiseShape,
      LayerDescriptor<?> descriptor) {
    this(name, rate, seed, true, noiseShape == null ? null : noiseShape.toArray(new Integer[0]), descriptor);
  }

  private BaseDropout(String name, float rate, Long seed, boolean takesNoiseShape, Integer[] noiseShape,
      LayerDescriptor<?> descriptor) {
    super(name, true, descriptor);
    supportMasking(); // Keras: the dropout family passes a mask unchanged
    Noise.checkRate(rate);
    this.rate = rate;
    this.seed = seed;
    this.takesNoiseShape = takesNoiseShape;
    this.noiseShape = noiseShape;
  }

  /** The probability to drop a unit. */
  @Override
  public final float rate() {
    return rate;
  }

  /**
   * Keras' {@code noise_shape} argument as given ({@code null} entries take the input's size), or {@code null} when
   * it was not given or the variant has no such argument.
   */
  public final List<Integer> noiseShape() {
    return noiseShape == null ? null : java.util.Collections.unmodifiableList(Arrays.asList(noiseShape));
  }

  /** The layer's own seed, or {@code null}. */
  @Override
  public final Long seed() {
    return seed;
  }

  /** Yes: the rate in a training pass is the context's ({@link CallContext#dropoutRate(String, float)}). */
  @Override
  public final boolean schedulable() {
    return true;
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    float r = context.dropoutRate(name(), rate); // a DropoutRateScheduler's override in training
    if (!drawsNoise(context) || r == 0f) {
      return input;
    }
    Shape noise = noiseShape(input.shape());
    int copies = stackedCopies(context, input.shape());
    if (sharedAlongBatch()) { // one mask per sample over all inputs, however a Monte Carlo run splits them
      RngKey shared = context.sharedNoiseKey(seed);
      return copies > 1 ? perCopy(input, noise, r, copies, shared) : applyNoise(input, noise, r, shared);
    }
    if (copies > 1 && noise.dim(0) == 1) { // a batch of one row per copy
      return perCopy(input, noise, r, copies, context.noiseKey(seed));
    }
    return applyNoise(input, noise, r, context.noiseKey(seed));
  }

  /**
   * A mask shared along the batch, in a Monte Carlo pass whose batch stacks {@code copies} samples: views the input
   * as {@code (copies, batch / copies, ...)} so each sample draws its own shared mask.
   */
  private Tensor perCopy(Tensor input, Shape noise, float r, int copies, RngKey key) {
    int[] in = input.shape().toArray();
    int[] split = new int[in.length + 1];
    int[] splitNoise = new int[in.length + 1];
    split[0] = copies;
    splitNoise[0] = copies;
    split[1] = in[0] / copies;
    splitNoise[1] = 1;
    for (int i = 1; i < in.length; i++) {
      split[i + 1] = in[i];
      splitNoise[i + 1] = noise.dim(i);
    }
    return Ops.reshape(applyNoise(Ops.reshape(input, split), Shape.of(splitNoise), r, key), in);
  }

  /** Whether {@code noise_shape} shares the mask along the batch (1 on axis 0). */
  private boolean sharedAlongBatch() {
    return noiseShape != null && noiseShape.length > 0 && Integer.valueOf(1).equals(noiseShape[0]);
  }

  /** Checks the input spec's rank, then a given {@code noise_shape} against the input's rank. */
  @Override
  protected void validateInput(Shape inputShape) {
    super.validateInput(inputShape);
    if (noiseShape != null && noiseShape.length != inputShape.rank()) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className() + "): noise_shape "
          + Arrays.toString(noiseShape) + " has rank " + noiseShape.length + ", input shape " + inputShape
          + " has rank " + inputShape.rank());
    }
  }

  /**
   * The shape of the mask for an input shape: the resolved {@code noise_shape} if one was given, else the input
   * shape (one decision per element).
   */
  protected Shape noiseShape(Shape inputShape) {
    return noiseShape == null ? inputShape : Noise.resolveNoiseShape(noiseShape, inputShape, name());
  }

  /**
   * Applies the noise in training mode. The default is inverted Bernoulli dropout.
   *
   * @param rate the rate in effect: {@link #rate()} unless a scheduler overrides it for this training pass
   */
  protected Tensor applyNoise(Tensor input, Shape noiseShape, float rate, RngKey key) {
    return Noise.dropout(input, rate, noiseShape, key);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("rate", Configs.number(rate));
    config.put("seed", seed);
    if (takesNoiseShape) {
      config.put("noise_shape", noiseShape == null ? null : Arrays.asList(noiseShape));
    }
  }
}
