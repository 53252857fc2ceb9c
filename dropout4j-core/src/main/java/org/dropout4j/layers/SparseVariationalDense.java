package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * A dense layer trained with sparse variational dropout, which learns a dropout rate per weight and prunes the
 * weights whose rate goes to 1 (Molchanov, Ashukha, Vetrov, "Variational Dropout Sparsifies Deep Neural Networks",
 * ICML 2017).
 *
 * <p><b>Weights.</b> Each weight is Gaussian, {@code w ~ N(theta, sigma^2)}, with trainable {@code theta} (the
 * {@code kernel}) and {@code log_sigma2}; its multiplicative-noise variance is
 * {@code alpha = sigma^2 / theta^2}, i.e. {@code log_alpha = log_sigma2 - log(theta^2 + 1e-8)}, clipped to
 * {@code [-10, 10]}. Gaussian dropout with {@code alpha} corresponds to Bernoulli dropout with
 * {@code rate = alpha / (1 + alpha)}.
 *
 * <p><b>Training</b> (and Monte Carlo passes) uses the local reparameterization trick: the pre-activations are drawn
 * directly, {@code mean = x · theta + bias}, {@code var = x^2 · (alpha * theta^2)},
 * {@code out = activation(mean + sqrt(var + 1e-8) * eps)} with {@code eps ~ N(0, 1)} of shape {@code (batch, units)}.
 *
 * <p><b>Regularizer:</b> the paper's approximation of the KL divergence to the log-uniform prior (eq. 14), summed over
 * the weights and divided by the data-set size {@code N} (the loss is a mean over samples, the ELBO's KL is per data
 * set):
 * <pre>
 *   -KL(log_alpha) ≈ k1 * sigmoid(k2 + k3 * log_alpha) - 0.5 * log1p(exp(-log_alpha)) - k1,
 *   k1 = 0.63576, k2 = 1.87320, k3 = 1.48695;        loss += sum(KL) / N.
 * </pre>
 * It decreases monotonically in {@code log_alpha}, pushing every weight that the data do not need towards
 * {@code alpha -> infinity}.
 *
 * <p><b>Inference</b> is deterministic with the pruned means: weights with {@code log_alpha > threshold}
 * (default 3, i.e. dropout rate above 0.95) are set to 0; {@link #sparsity()} is the pruned fraction, recorded by
 * {@code fit} per epoch as {@code <layer name>/sparsity}.
 *
 * <p>Defaults: {@code activation = linear}, {@code use_bias = true}, kernel {@code glorot_uniform}, bias
 * {@code zeros}, {@code log_sigma2} initialised to {@value #DEFAULT_LOG_SIGMA2_INIT} (almost deterministic weights at
 * the start, as the paper's code), {@code threshold =} {@value #DEFAULT_THRESHOLD}. Inputs are 2-D
 * {@code (batch, features)}.
 *
 * <pre>{@code
 * int n = x.shape().dim(0);
 * new Sequential(Input.shape(2), new SparseVariationalDense(100, "relu", n), new SparseVariationalDense(1, "sigmoid", n));
 * }</pre>
 */
public final class SparseVariationalDense extends Layer {
  /** The config: the base keys and the arguments of the full constructor (the layer cannot be frozen). */
  public static final LayerDescriptor<SparseVariationalDense> DESCRIPTOR = LayerDescriptor.of(
      "SparseVariationalDense", SparseVariationalDense.class, r -> {
        r.layerBase();
        String name = r.string("name", null);
        if (!r.bool("trainable", true)) {
          throw r.invalid("trainable", "true (SparseVariationalDense cannot be frozen)", false);
        }
        int units = r.requiredInt("units");
        String activation = ConfigObjects.activation(r, "activation");
        boolean useBias = r.bool("use_bias", true);
        String kernelInitializer = ConfigObjects.initializer(r, "kernel_initializer", Configs.GLOROT_UNIFORM);
        String biasInitializer = ConfigObjects.initializer(r, "bias_initializer", Configs.ZEROS);
        float logSigma2Init = r.number("log_sigma2_init", SparseVariationalDense.DEFAULT_LOG_SIGMA2_INIT);
        float threshold = r.number("threshold", SparseVariationalDense.DEFAULT_THRESHOLD);
        int dataSize = r.requiredInt("data_size");
        return new SparseVariationalDense(units, activation, useBias, kernelInitializer, biasInitializer,
            logSigma2Init, threshold, dataSize, r.optionalLong("seed"), name);
      });

  /** Initial {@code log_sigma2} of every weight. */
  public static final float DEFAULT_LOG_SIGMA2_INIT = -10f;
  /** Weights with {@code log_alpha} above this are pruned at inference. */
  public static final float DEFAULT_THRESHOLD = 3f;
  static final double K1 = 0.63576;
  static final double K2 = 1.87320;
  static final double K3 = 1.48695;
  private static final float LOG_ALPHA_MIN = -10f;
  private static final float LOG_ALPHA_MAX = 10f;

  private final int units;
  private final ActivationFunction activation;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private final float logSigma2Init;
  private final float threshold;
  private final int dataSize;
  private final Long seed;

  /**
   * {@code SparseVariationalDense(units, activation, dataSize)} with the other defaults.
   *
   * @throws IllegalArgumentException as the full constructor
   */
  public SparseVariationalDense(int units, String activation, int dataSize) {
    this(units, activation, true, Configs.GLOROT_UNIFORM, Configs.ZEROS, DEFAULT_LOG_SIGMA2_INIT, DEFAULT_THRESHOLD, dataSize,
        null, null);
  }

  /**
   * @param units number of outputs, {@code >= 1}
   * @param activation the activation's Keras name
   * @param useBias whether to add a (deterministic) bias
   * @param kernelInitializer the initializer of {@code theta}, by Keras name
   * @param biasInitializer the bias initializer, by Keras name
   * @param logSigma2Init the initial {@code log_sigma2}, finite
   * @param threshold prune weights with {@code log_alpha} above this at inference, finite
   * @param dataSize the number of training samples {@code N} that scales the KL term, {@code >= 1}
   * @param seed the layer's own seed for {@code eps}, or {@code null} to draw from the model's random stream
   * @param name the layer's name, or {@code null}
   * @throws IllegalArgumentException for a value outside its range (the message names the argument) or an unknown
   *     activation/initializer name
   */
  public SparseVariationalDense(int units, String activation, boolean useBias, String kernelInitializer,
      String biasInitializer, float logSigma2Init, float threshold, int dataSize, Long seed, String name) {
    super(name, true, DESCRIPTOR);
    if (units <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `units` of SparseVariationalDense: expected a "
          + "positive integer, received units=" + units);
    }
    if (dataSize <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `data_size` of SparseVariationalDense: expected "
          + "the number of training samples (an integer >= 1), received data_size=" + dataSize);
    }
    if (!Float.isFinite(logSigma2Init) || !Float.isFinite(threshold)) {
      throw new IllegalArgumentException("Invalid value for argument `log_sigma2_init` or `threshold` of "
          + "SparseVariationalDense: expected finite floats, received log_sigma2_init=" + logSigma2Init
          + ", threshold=" + threshold);
    }
    this.units = units;
    this.activation = Activations.get(activation);
    this.useBias = useBias;
    this.kernelInitializer = Initializers.get(kernelInitializer);
    this.biasInitializer = Initializers.get(biasInitializer);
    this.logSigma2Init = logSigma2Init;
    this.threshold = threshold;
    this.dataSize = dataSize;
    this.seed = seed;
  }

  @Override
  protected void validateInput(Shape inputShape) {
    if (inputShape.rank() != 2 || inputShape.dim(-1) <= 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (SparseVariationalDense) is incompatible "
          + "with the layer: expected an input of shape (batch, features) with known features, received input with "
          + "shape " + inputShape);
    }
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    Shape k = Shape.of(inputShape.dim(-1), units);
    Parameter kernel = factory.create("kernel", k, kernelInitializer, true);
    WeightBudget.reserve(name() + "/log_sigma2", k);
    Parameter logSigma2 = new Parameter(name() + "/log_sigma2", Tensor.full(k, logSigma2Init), true);
    logSigma2.setFrozen(!trainable());
    return useBias ? List.of(kernel, logSigma2, factory.create("bias", Shape.of(units), biasInitializer, true))
        : List.of(kernel, logSigma2);
  }

  /** {@code clip(log_sigma2 - log(theta^2 + 1e-8), -10, 10)}, differentiable. */
  private static Tensor logAlpha(Tensor theta, Tensor logSigma2) {
    return Ops.clip(Ops.sub(logSigma2, Ops.log(Ops.addScalar(Ops.square(theta), 1e-8f))), LOG_ALPHA_MIN,
        LOG_ALPHA_MAX);
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Tensor theta = context.read(weights().get(0));
    Tensor bias = useBias ? context.read(weights().get(2)) : null;
    Tensor z;
    if (context.dropoutActive()) {
      Tensor alphaTheta2 = Ops.mul(Ops.exp(logAlpha(theta, context.read(weights().get(1)))), Ops.square(theta));
      Tensor mean = Ops.dense(input, theta, bias, Ops.FusedActivation.LINEAR);
      Tensor var = Ops.matmul(Ops.square(input), alphaTheta2);
      Tensor eps = Noise.normal(mean.shape(), 0f, 1f, context.noiseKey(seed));
      z = Ops.add(mean, Ops.mul(Ops.sqrt(Ops.addScalar(var, 1e-8f)), eps));
    } else {
      z = Ops.dense(input, prunedKernel(), bias, Ops.FusedActivation.LINEAR);
    }
    return activation.apply(z);
  }

  /**
   * The kernel inference uses: the means {@code theta} with the weights whose {@code log_alpha} exceeds the
   * threshold set to 0 (a constant, shape {@code (input_dim, units)}). A plain Dense layer with this kernel and the
   * bias computes what this layer computes at inference (how the TF.js export represents it).
   *
   * @throws IllegalStateException before the layer is built
   */
  public Tensor prunedKernel() {
    if (!built()) {
      throw new IllegalStateException("SparseVariationalDense \"" + name() + "\" has no weights before it is built");
    }
    float[] theta = weights().get(0).data();
    float[] ls2 = weights().get(1).data();
    float[] w = new float[theta.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = logAlpha(theta[i], ls2[i]) > threshold ? 0f : theta[i];
    }
    return Tensor.of(weights().get(0).shape(), w);
  }

  private static double logAlpha(float theta, float logSigma2) {
    double la = logSigma2 - Math.log((double) theta * theta + 1e-8);
    return Math.max(LOG_ALPHA_MIN, Math.min(LOG_ALPHA_MAX, la));
  }

  /**
   * The fraction of weights pruned at inference ({@code log_alpha > threshold}), in {@code [0, 1]}.
   *
   * @throws IllegalStateException before the layer is built
   */
  public double sparsity() {
    if (!built()) {
      throw new IllegalStateException("SparseVariationalDense \"" + name() + "\" has no weights before it is built");
    }
    float[] theta = weights().get(0).data();
    float[] ls2 = weights().get(1).data();
    int pruned = 0;
    for (int i = 0; i < theta.length; i++) {
      pruned += logAlpha(theta[i], ls2[i]) > threshold ? 1 : 0;
    }
    return pruned / (double) theta.length;
  }

  @Override
  public Map<String, Double> epochLogs() {
    return built() ? Map.of("sparsity", sparsity()) : Map.of();
  }

  /** The paper's approximation of {@code -KL} for one {@code log_alpha} (eq. 14), in double precision. */
  static double negKl(double logAlpha) {
    return K1 / (1 + Math.exp(-(K2 + K3 * logAlpha))) - 0.5 * Math.log1p(Math.exp(-logAlpha)) - K1;
  }

  /** {@code sum(KL) / N} over the weights: the regularization loss. */
  @Override
  public List<Tensor> regularizationLosses(CallContext context) {
    Tensor la = logAlpha(context.read(weights().get(0)), context.read(weights().get(1)));
    Tensor negKl = Ops.addScalar(Ops.sub(Ops.mulScalar(Ops.sigmoid(Ops.addScalar(Ops.mulScalar(la, (float) K3),
        (float) K2)), (float) K1), Ops.mulScalar(Ops.softplus(Ops.neg(la)), 0.5f)), (float) -K1);
    return List.of(Ops.mulScalar(Ops.sum(negKl), -1f / dataSize));
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return Shape.of(inputShape.dim(0), units);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("units", units);
    config.put("activation", activation.name());
    config.put("use_bias", useBias);
    config.put("kernel_initializer", Configs.envelope(kernelInitializer));
    config.put("bias_initializer", Configs.envelope(biasInitializer));
    config.put("log_sigma2_init", Configs.number(logSigma2Init));
    config.put("threshold", Configs.number(threshold));
    config.put("data_size", dataSize);
    config.put("seed", seed);
  }
}
