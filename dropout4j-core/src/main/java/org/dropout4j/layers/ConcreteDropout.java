package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.internal.Guards;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Concrete dropout: dropout on the input of a {@link Dense} layer whose probability {@code p} is learned by
 * gradient descent (Gal, Hron, Kendall, "Concrete Dropout", NeurIPS 2017).
 *
 * <p><b>Mask.</b> The Bernoulli mask is replaced by its Concrete (relaxed Bernoulli) relaxation, differentiable in
 * {@code p}: with {@code u ~ U(0, 1)} per input element and temperature {@code t},
 * <pre>
 *   z = 1 - sigmoid((log p - log(1 - p) + log u - log(1 - u)) / t),     x' = x * z / (1 - p),
 * </pre>
 * then {@code output = dense(x')}. The trainable weight is {@code p_logit = log p - log(1 - p)} (so
 * {@code p = sigmoid(p_logit)}, and the first two logs of the formula are {@code p_logit} itself); {@code log u} and
 * {@code log(1 - u)} take {@code + 1e-7} as in the paper's code. Noise is drawn in training and in Monte Carlo passes
 * ({@link DropoutFamily#drawsNoise(CallContext)}); at inference the input passes unchanged (the {@code 1 / (1 - p)} scaling
 * makes that the expectation).
 *
 * <p><b>Regularizer</b> (the paper's eq. 3 with its code's constants), added to the loss:
 * <pre>
 *   weight_regularizer * sum(kernel^2) / (1 - p)  +  dropout_regularizer * input_dim * (p log p + (1 - p) log(1 - p))
 * </pre>
 * The second term is minus the entropy of the Bernoulli(p) mask per input unit; it pulls {@code p} towards 0.5 while
 * the first and the data fit pull it down. Both regularizers are divided by the data-set size {@code N} because the
 * model's loss is a mean over samples: for a prior length-scale {@code l} (and model precision {@code tau}),
 * {@code weight_regularizer = l^2 / (tau N)} and {@code dropout_regularizer = 2 / (tau N)} —
 * {@link #weightRegularizerFor(double, int)} and {@link #dropoutRegularizerFor(int)} compute them with
 * {@code tau = 1}, as the paper's examples do. With more data the regularizer weakens and the learned {@code p}
 * decreases (the paper's figure 4). As in the paper's Keras code only the kernel (not the bias) enters
 * {@code sum(kernel^2)}; the wrapped layer's own regularizers and constraints still apply.
 *
 * <p>Defaults (the paper's code): {@code init_min = init_max = 0.1} (the initial {@code p} is drawn uniformly between
 * their logits), {@code temperature = 0.1}. The learned {@code p} is {@link #p()}; {@code fit} records it per epoch
 * as {@code <layer name>/p} ({@link #epochLogs()}) and {@code summary()} lists it.
 *
 * <pre>{@code
 * int n = x.shape().dim(0);
 * new Sequential(Input.shape(1), new Dense(64, "relu"),
 *     new ConcreteDropout(new Dense(64, "relu"), ConcreteDropout.weightRegularizerFor(1e-2, n),
 *         ConcreteDropout.dropoutRegularizerFor(n)),
 *     new Dense(1));
 * }</pre>
 */
public final class ConcreteDropout extends DenseWrapper implements DropoutFamily {
  /** The config: the base keys, {@code layer} (the Dense config) and the arguments of the full constructor. */
  public static final LayerDescriptor<ConcreteDropout> DESCRIPTOR = LayerDescriptor.of("ConcreteDropout",
      ConcreteDropout.class, r -> {
        Wrapped w = readWrapped(r);
        float weightRegularizer = r.requiredNumber("weight_regularizer");
        float dropoutRegularizer = r.requiredNumber("dropout_regularizer");
        float initMin = r.number("init_min", ConcreteDropout.DEFAULT_INIT_MIN);
        float initMax = r.number("init_max", ConcreteDropout.DEFAULT_INIT_MAX);
        float temperature = r.number("temperature", ConcreteDropout.DEFAULT_TEMPERATURE);
        return new ConcreteDropout(w.inner(), weightRegularizer, dropoutRegularizer, initMin, initMax, temperature,
            r.optionalLong("seed"), w.name());
      });

  /** Default lower bound of the initial {@code p}. */
  public static final float DEFAULT_INIT_MIN = 0.1f;
  /** Default upper bound of the initial {@code p}. */
  public static final float DEFAULT_INIT_MAX = 0.1f;
  /** Default temperature of the Concrete relaxation. */
  public static final float DEFAULT_TEMPERATURE = 0.1f;
  private static final double EPS = 1e-7;

  private final float weightRegularizer;
  private final float dropoutRegularizer;
  private final float initMin;
  private final float initMax;
  private final float temperature;
  private final Long seed;

  /**
   * {@code ConcreteDropout(layer, weightRegularizer, dropoutRegularizer)} with the default initial {@code p} (0.1)
   * and temperature (0.1).
   *
   * @throws IllegalArgumentException as {@link #ConcreteDropout(Dense, float, float, float, float, float, Long,
   *     String)}
   */
  public ConcreteDropout(Dense layer, float weightRegularizer, float dropoutRegularizer) {
    this(layer, weightRegularizer, dropoutRegularizer, DEFAULT_INIT_MIN, DEFAULT_INIT_MAX, DEFAULT_TEMPERATURE, null,
        null);
  }

  /**
   * @param layer the Dense layer whose input is dropped (not yet built)
   * @param weightRegularizer {@code l^2 / N}, finite and {@code >= 0}
   * @param dropoutRegularizer {@code 2 / N}, finite and {@code >= 0}
   * @param initMin lower bound of the initial {@code p}, in {@code (0, 1)}
   * @param initMax upper bound of the initial {@code p}, in {@code [initMin, 1)}
   * @param temperature of the relaxation, finite and {@code > 0} (smaller is closer to Bernoulli)
   * @param seed the layer's own seed, or {@code null} to draw from the model's random stream
   * @param name the layer's name, or {@code null}
   * @throws IllegalArgumentException for a value outside its range (the message names the argument), or a built
   *     {@code layer}
   */
  public ConcreteDropout(Dense layer, float weightRegularizer, float dropoutRegularizer, float initMin,
      float initMax, float temperature, Long seed, String name) {
    super(name, layer, DESCRIPTOR);
    checkNonNegative("weight_regularizer", weightRegularizer);
    checkNonNegative("dropout_regularizer", dropoutRegularizer);
    if (!(initMin > 0f && initMin < 1f)) {
      throw new IllegalArgumentException("Invalid value for argument `init_min` of ConcreteDropout: expected a "
          + "float in (0, 1), received init_min=" + initMin);
    }
    if (!(initMax >= initMin && initMax < 1f)) {
      throw new IllegalArgumentException("Invalid value for argument `init_max` of ConcreteDropout: expected a "
          + "float in [init_min, 1), received init_max=" + initMax + " with init_min=" + initMin);
    }
    if (!(temperature > 0f) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("Invalid value for argument `temperature` of ConcreteDropout: expected a "
          + "finite float > 0, received temperature=" + temperature);
    }
    this.weightRegularizer = weightRegularizer;
    this.dropoutRegularizer = dropoutRegularizer;
    this.initMin = initMin;
    this.initMax = initMax;
    this.temperature = temperature;
    this.seed = seed;
  }

  private static void checkNonNegative(String arg, float v) {
    Guards.argument(v >= 0f && !Float.isInfinite(v), "ConcreteDropout", arg, "a finite float >= 0", v);
  }

  /**
   * The paper's {@code weight_regularizer = l^2 / N} for a prior length-scale {@code l} and {@code N} samples.
   *
   * @throws IllegalArgumentException if {@code n < 1} or {@code lengthScale} is negative or not finite
   */
  public static float weightRegularizerFor(double lengthScale, int n) {
    if (n < 1 || !(lengthScale >= 0) || Double.isInfinite(lengthScale)) {
      throw new IllegalArgumentException("weightRegularizerFor needs lengthScale >= 0 and n >= 1, received "
          + "lengthScale=" + lengthScale + ", n=" + n);
    }
    return (float) (lengthScale * lengthScale / n);
  }

  /**
   * The paper's {@code dropout_regularizer = 2 / N} for {@code N} samples.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static float dropoutRegularizerFor(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("dropoutRegularizerFor needs n >= 1, received n=" + n);
    }
    return 2f / n;
  }

  @Override
  List<Parameter> extraWeights(Shape inputShape, WeightFactory factory) {
    return List.of(factory.create("p_logit", Shape.of(1), logitUniform(), true));
  }

  private Parameter pLogit() {
    List<Parameter> w = weights();
    return w.get(w.size() - 1);
  }

  /**
   * The current dropout probability {@code p = sigmoid(p_logit)}.
   *
   * @throws IllegalStateException before the layer is built
   */
  public double p() {
    if (!built()) {
      throw new IllegalStateException("ConcreteDropout \"" + name() + "\" has no p before it is built (fit, build or "
          + "call the model first)");
    }
    double l = pLogit().data()[0];
    return 1.0 / (1.0 + Math.exp(-l));
  }

  /**
   * The learned dropout probability {@link #p()}, as a float: ConcreteDropout is a member of the dropout family
   * whose rate is learned, so no scheduler sets it ({@link #schedulable()} is false).
   *
   * @throws IllegalStateException before the layer is built
   */
  @Override
  public float rate() {
    return (float) p();
  }

  /** The layer's own seed, or {@code null} to draw from the model's random stream. */
  @Override
  public Long seed() {
    return seed;
  }

  @Override
  public Map<String, Double> epochLogs() {
    return built() ? Map.of("p", p()) : Map.of();
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor x = input;
    if (drawsNoise(context)) {
      Tensor logit = context.read(pLogit());
      Tensor keep = Ops.rsubScalar(1f, Ops.sigmoid(Ops.mulScalar(Ops.add(logisticNoise(input.shape(),
          context.noiseKey(seed)), logit), 1f / temperature)));
      x = Ops.div(Ops.mul(input, keep), Ops.rsubScalar(1f, Ops.sigmoid(logit)));
    }
    return inner.call(x, context);
  }

  /** {@code log(u + eps) - log(1 - u + eps)} for {@code u ~ U(0, 1)}: logistic noise, a constant of the step. */
  private static Tensor logisticNoise(Shape shape, RngKey key) {
    float[] u = new float[shape.size()];
    key.fillUniform(u);
    for (int i = 0; i < u.length; i++) {
      u[i] = (float) (Math.log(u[i] + EPS) - Math.log(1.0 - u[i] + EPS));
    }
    return Tensor.of(shape, u);
  }

  @Override
  public List<Tensor> regularizationLosses(CallContext context) {
    List<Tensor> losses = new ArrayList<>(super.regularizationLosses(context));
    Tensor logit = context.read(pLogit());
    Tensor p = Ops.sigmoid(logit);
    Tensor oneMinusP = Ops.rsubScalar(1f, p);
    Tensor weightTerm = Ops.mulScalar(Ops.div(Ops.sum(Ops.square(kernel(context))), oneMinusP), weightRegularizer);
    // p log p + (1 - p) log(1 - p), with log p = -softplus(-logit) and log(1 - p) = -softplus(logit)
    Tensor negEntropy = Ops.neg(Ops.add(Ops.mul(p, Ops.softplus(Ops.neg(logit))),
        Ops.mul(oneMinusP, Ops.softplus(logit))));
    int inputDim = inputShape().dim(-1);
    losses.add(Ops.sum(Ops.add(weightTerm, Ops.mulScalar(negEntropy, dropoutRegularizer * inputDim))));
    return losses;
  }

  /** {@code p_logit}'s initializer: uniform between {@code logit(init_min)} and {@code logit(init_max)}. */
  private Initializer logitUniform() {
    return Initializers.randomUniform(Math.log(initMin) - Math.log1p(-initMin),
        Math.log(initMax) - Math.log1p(-initMax));
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    super.addConfig(config);
    config.put("weight_regularizer", Configs.number(weightRegularizer));
    config.put("dropout_regularizer", Configs.number(dropoutRegularizer));
    config.put("init_min", Configs.number(initMin));
    config.put("init_max", Configs.number(initMax));
    config.put("temperature", Configs.number(temperature));
    config.put("seed", seed);
  }
}
