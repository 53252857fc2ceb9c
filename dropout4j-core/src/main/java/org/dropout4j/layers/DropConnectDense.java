package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * DropConnect: a {@link Dense} layer whose <em>weights</em>, not activations, are dropped in training
 * (Wan, Zeiler, Zhang, LeCun, Fergus, "Regularization of Neural Networks using DropConnect", ICML 2013).
 *
 * <p>In training, {@code output = activation(x · (kernel ⊙ M / (1 - rate)) + bias)} with {@code M} a Bernoulli
 * mask of the kernel's shape, each entry kept with probability {@code 1 - rate}; the {@code 1 / (1 - rate)} scaling
 * (as inverted dropout) makes {@code E[kernel ⊙ M / (1 - rate)] = kernel}, so inference uses the full weights
 * unchanged. The bias is not masked. <b>One mask per batch:</b> every sample of a batch sees the same masked kernel
 * (the paper draws one per sample; sharing it keeps the layer a single matrix product, and successive batches
 * still draw independent masks). In a Monte Carlo dropout pass ({@link CallContext#dropoutActive()}) the layer
 * masks too, with one independent mask per stacked sample.
 *
 * <p>All of Dense's options (activation, initializers, regularizers, constraints, activity regularizer) come from
 * the wrapped layer. Config: the base keys, {@code layer} (the Dense config), {@code rate}, {@code seed}.
 *
 * <pre>{@code
 * new Sequential(Input.shape(784), new DropConnectDense(800, "relu", 0.5f), new Dense(10, "softmax"));
 * new DropConnectDense(Dense.builder(64).activation("tanh").kernelConstraint(new MaxNorm(3)).build(), 0.3f, 7L, null);
 * }</pre>
 */
public final class DropConnectDense extends DenseWrapper implements DropoutFamily {
  /** The config: the base keys, {@code layer} (the Dense config), {@code rate}, {@code seed}. */
  public static final LayerDescriptor<DropConnectDense> DESCRIPTOR = LayerDescriptor.of("DropConnectDense",
      DropConnectDense.class, r -> {
        Wrapped w = readWrapped(r);
        float rate = r.requiredNumber("rate");
        return new DropConnectDense(w.inner(), rate, r.optionalLong("seed"), w.name());
      });

  private final float rate;
  private final Long seed;

  /**
   * {@code DropConnectDense(Dense(units, activation), rate)}.
   *
   * @param rate probability to drop each weight, in {@code [0, 1)}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}, or {@code units} is not positive
   */
  public DropConnectDense(int units, String activation, float rate) {
    this(new Dense(units, activation), rate, null, null);
  }

  /**
   * @param layer the Dense layer whose kernel is masked (not yet built)
   * @param rate probability to drop each weight, in {@code [0, 1)}
   * @param seed the layer's own seed, or {@code null} to draw from the model's random stream
   * @param name the layer's name, or {@code null}
   * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)} or {@code layer} is already built
   */
  public DropConnectDense(Dense layer, float rate, Long seed, String name) {
    super(name, layer, DESCRIPTOR);
    supportMasking(); // As Dense: each step of a sequence is transformed on its own, so a mask passes unchanged
    Noise.checkRate(rate);
    this.rate = rate;
    this.seed = seed;
  }

  /** The probability to drop a weight. */
  /** The layer's own seed, or {@code null}. */
  @Override
  public Long seed() {
    return seed;
  }

  @Override
  public float rate() {
    return rate;
  }

  @Override
  List<Parameter> extraWeights(Shape inputShape, WeightFactory factory) {
    return List.of();
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor kernel = kernel(context);
    Tensor bias = bias(context);
    if (!drawsNoise(context) || rate == 0f) {
      return inner.run(input, kernel, bias, context);
    }
    RngKey key = context.sharedNoiseKey(seed); // a weight mask is shared along the batch
    int copies = stackedCopies(context, input.shape());
    if (copies == 1) {
      return inner.run(input, Noise.dropout(kernel, rate, kernel.shape(), key), bias, context);
    }
    return perCopy(input, kernel, bias, copies, key, context);
  }

  /** A Monte Carlo pass of {@code copies} stacked samples: one mask per sample (no gradients are recorded). */
  private Tensor perCopy(Tensor input, Tensor kernel, Tensor bias, int copies, RngKey key, CallContext context) {
    int per = input.shape().dim(0) / copies;
    Shape outShape = computeOutputShape(input.shape());
    float[] out = new float[outShape.size()];
    int chunk = out.length / copies;
    for (int s = 0; s < copies; s++) {
      Tensor masked = Noise.dropout(kernel, rate, kernel.shape(), key.fold(s));
      float[] part = inner.run(Ops.sliceRows(input, s * per, (s + 1) * per), masked, bias, context).toArray();
      System.arraycopy(part, 0, out, s * chunk, chunk);
    }
    return Tensor.of(outShape, out);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    super.addConfig(config);
    config.put("rate", Configs.number(rate));
    config.put("seed", seed);
  }
}
