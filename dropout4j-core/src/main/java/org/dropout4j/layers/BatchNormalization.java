package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.tensor.AxisGather;
import org.dropout4j.tensor.BatchNormOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code BatchNormalization} over one feature axis, by default the last (Ioffe &amp; Szegedy 2015):
 * {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta}.
 *
 * <p>In training ({@link CallContext#training()} and the layer trainable) {@code mean}/{@code variance} are the
 * batch statistics over every axis but the channel axis (biased variance) and the moving statistics are updated as
 * Keras 3 does: {@code moving = moving * momentum + batch * (1 - momentum)}, with the same biased batch variance
 * ({@code keras/src/layers/normalization/batch_normalization.py} uses {@code ops.moments}). Otherwise — at
 * inference and in Monte Carlo dropout passes, where {@code training()} is false — the moving statistics are used
 * and left unchanged.
 *
 * <p>Weights in Keras order: {@code gamma} (if {@code scale}), {@code beta} (if {@code center}), then the
 * non-trainable {@code moving_mean} and {@code moving_variance}. Defaults: {@code axis=-1}, {@code momentum=0.99},
 * {@code epsilon=1e-3}, {@code center=scale=true}. Any single non-batch axis can be the feature axis ({@code axis=1}
 * for channels_first images; negative values count from the end; Keras 2's one-element list {@code [3]} is read as
 * {@code 3}): the input is permuted so that axis comes last ({@link AxisGather#permute}), normalized and permuted
 * back.
 *
 * <p>Masks as in Keras 3: the layer passes a mask on to its output; a mask must have one axis less than the input
 * (it covers the leading axes, e.g. {@code (batch, T)} on {@code (batch, T, channels)}), and in training the batch
 * statistics are taken over the kept positions only: {@code mean = sum(m * x) / (sum(m) + 1e-7)},
 * {@code variance = sum(m * (x - mean)^2) / (sum(m) + 1e-7)} per channel (Keras' {@code backend.epsilon()}); the
 * moving statistics are updated from those. Masked positions are still normalized, as in Keras.
 *
 * <pre>{@code
 * new Sequential(Input.shape(28, 28, 1), new Conv2D(32, 3), new BatchNormalization(), new Activation("relu"));
 * }</pre>
 */
public final class BatchNormalization extends Layer {
  /** The default initializer of {@code gamma} and {@code moving_variance}. */

  /** Keras' {@code BatchNormalization} config; initializers other than Keras' defaults are refused. */
  public static final LayerDescriptor<BatchNormalization> DESCRIPTOR = LayerDescriptor.of("BatchNormalization",
      BatchNormalization.class, BatchNormalization::fromConfig);

  private static BatchNormalization fromConfig(ConfigReader r) {
    r.layerBase();
    String name = r.string("name", null);
    boolean trainable = r.bool("trainable", true);
    Object raw = r.raw("axis");
    Object one = raw instanceof List<?> list && list.size() == 1 ? list.get(0) : raw;
    if (raw != null && !(one instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
      throw r.invalid("axis", "an integer or a list of one integer (one feature axis)", raw);
    }
    int axis = raw == null ? AXIS : ((Number) one).intValue();
    float momentum = r.number("momentum", DEFAULT_MOMENTUM);
    float epsilon = r.number("epsilon", DEFAULT_EPSILON);
    boolean center = r.bool("center", true);
    boolean scale = r.bool("scale", true);
    ConfigObjects.requireInitializer(r, "beta_initializer", Configs.ZEROS);
    ConfigObjects.requireInitializer(r, "gamma_initializer", Configs.ONES);
    ConfigObjects.requireInitializer(r, "moving_mean_initializer", Configs.ZEROS);
    ConfigObjects.requireInitializer(r, "moving_variance_initializer", Configs.ONES);
    GammaBetaRules rules = GammaBetaRules.read(r);
    r.requireFalse("synchronized");
    r.requireFalse("renorm");
    r.requireNull("renorm_clipping", "batch renormalization is not supported");
    r.ignore("renorm_momentum");
    return new BatchNormalization(axis, momentum, epsilon, center, scale, name, trainable, rules);
  }

  /** Keras' default {@code momentum}. */
  public static final float DEFAULT_MOMENTUM = 0.99f;
  /** Keras' default {@code epsilon}. */
  public static final float DEFAULT_EPSILON = 1e-3f;
  /** Keras' default {@code axis}: the last. */
  public static final int AXIS = -1;

  private final int axis;
  private final float momentum;
  private final float epsilon;
  private final boolean center;
  private final boolean scale;
  private final GammaBetaRules rules;
  private final WeightRules weightRules;

  /** {@code BatchNormalization()} with Keras' defaults. */
  public BatchNormalization() {
    this(DEFAULT_MOMENTUM, DEFAULT_EPSILON, true, true, null, true);
  }

  /**
   * As {@link #BatchNormalization(int, float, float, boolean, boolean, String, boolean)} with {@code axis=-1}.
   *
   * @throws IllegalArgumentException if {@code momentum} or {@code epsilon} is out of range
   */
  public BatchNormalization(float momentum, float epsilon, boolean center, boolean scale, String name,
      boolean trainable) {
    this(AXIS, momentum, epsilon, center, scale, name, trainable);
  }

  /**
   * @param axis the feature axis (default -1, the last; 1 for channels_first images); negative counts from the end,
   *     0 (the batch axis) is refused when the layer is built
   * @param momentum momentum of the moving statistics, in {@code [0, 1]}, default 0.99
   * @param epsilon added to the variance, finite and {@code > 0}, default 1e-3
   * @param center whether to add the learned offset {@code beta}
   * @param scale whether to multiply by the learned scale {@code gamma}
   * @param name the layer's name or {@code null}
   * @param trainable whether the weights are trained; a frozen layer also uses its moving statistics in training
   * @throws IllegalArgumentException if {@code momentum} or {@code epsilon} is out of range
   */
  public BatchNormalization(int axis, float momentum, float epsilon, boolean center, boolean scale, String name,
      boolean trainable) {
    this(axis, momentum, epsilon, center, scale, name, trainable, GammaBetaRules.NONE);
  }

  /**
   * As {@link #BatchNormalization(int, float, float, boolean, boolean, String, boolean)} with Keras' regularizers and
   * constraints of gamma and beta.
   *
   * @param rules {@code gamma/beta_regularizer} and {@code gamma/beta_constraint} ({@link GammaBetaRules#NONE} or
   *     {@code null}: none)
   */
  public BatchNormalization(int axis, float momentum, float epsilon, boolean center, boolean scale, String name,
      boolean trainable, GammaBetaRules rules) {
    super(name, trainable, DESCRIPTOR);
    this.rules = rules == null ? GammaBetaRules.NONE : rules;
    this.weightRules = this.rules.weightRules();
    supportMasking(); // Keras: the mask passes on to the output
    if (axis == 0) {
      throw new IllegalArgumentException("Invalid value for argument `axis` of BatchNormalization: expected a "
          + "feature axis, not the batch axis 0, received axis=0");
    }
    this.axis = axis;
    if (!(momentum >= 0f && momentum <= 1f)) {
      throw new IllegalArgumentException("Invalid value for argument `momentum` of BatchNormalization: expected a "
          + "float between 0 and 1, received momentum=" + momentum);
    }
    if (!(epsilon > 0f) || Float.isInfinite(epsilon)) {
      throw new IllegalArgumentException("Invalid value for argument `epsilon` of BatchNormalization: expected a "
          + "finite float > 0, received epsilon=" + epsilon);
    }
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.center = center;
    this.scale = scale;
  }

  /** Momentum of the moving statistics. */
  public float momentum() {
    return momentum;
  }

  /** The constant added to the variance. */
  public float epsilon() {
    return epsilon;
  }

  /** The feature axis as an index into a shape of {@code rank} axes. */
  private int resolved(int rank) {
    return axis < 0 ? rank + axis : axis;
  }

  @Override
  protected void validateInput(Shape inputShape) {
    int a = resolved(inputShape.rank());
    if (inputShape.rank() < 2 || a < 1 || a >= inputShape.rank() || inputShape.dim(a) <= 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (BatchNormalization) is incompatible "
          + "with the layer: expected an input of rank >= 2 whose feature axis axis=" + axis + " is a known "
          + "non-batch axis, received input with shape " + inputShape);
    }
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    Shape c = Shape.of(inputShape.dim(resolved(inputShape.rank())));
    List<Parameter> w = new ArrayList<>();
    if (scale) {
      w.add(factory.create("gamma", c, Initializers.get(Configs.ONES), true));
    }
    if (center) {
      w.add(factory.create("beta", c, Initializers.get(Configs.ZEROS), true));
    }
    w.add(factory.create("moving_mean", c, Initializers.get(Configs.ZEROS), false));
    w.add(factory.create("moving_variance", c, Initializers.get(Configs.ONES), false));
    return w;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    int rank = input.rank();
    int a = resolved(rank);
    Tensor mask = input.mask();
    if (mask != null && mask.rank() != rank - 1) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (BatchNormalization): the mask must have one axis "
          + "less than the inputs (as Keras 3 requires), received inputs of shape " + input.shape() + " and a mask "
          + "of shape " + mask.shape());
    }
    Tensor weight = mask == null || !context.trains(this) ? null : expandedMask(mask, input.shape());
    if (a == rank - 1) {
      return normalizeLast(input, weight, context);
    }
    int[] toLast = new int[rank];
    int[] back = new int[rank];
    for (int i = 0, k = 0; i < rank; i++) {
      if (i != a) {
        toLast[k++] = i;
      }
    }
    toLast[rank - 1] = a;
    for (int k = 0; k < rank; k++) {
      back[toLast[k]] = k;
    }
    return AxisGather.permute(normalizeLast(AxisGather.permute(input, toLast),
        weight == null ? null : AxisGather.permute(weight, toLast), context), back);
  }

  /** The mask, 1 (kept) or 0, repeated along a new last axis to the input's shape (Keras' expand and broadcast). */
  private Tensor expandedMask(Tensor mask, Shape shape) {
    int last = shape.dim(-1);
    for (int i = 0; i < mask.rank(); i++) {
      if (mask.shape().dim(i) != shape.dim(i)) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (BatchNormalization): the mask of shape "
            + mask.shape() + " does not cover the leading axes of inputs of shape " + shape);
      }
    }
    float[] m = mask.toArray();
    float[] out = new float[shape.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = m[i / last] != 0f ? 1f : 0f;
    }
    return Tensor.of(shape, out);
  }

  /**
   * The normalization over the last axis; in training with {@code weight} (the expanded mask, or {@code null}) the
   * batch statistics are the masked ones.
   */
  private Tensor normalizeLast(Tensor input, Tensor weight, CallContext context) {
    List<Parameter> w = weights();
    Tensor gamma = scale ? context.read(w.get(0)) : null;
    Tensor beta = center ? context.read(w.get(scale ? 1 : 0)) : null;
    Parameter movingMean = w.get(w.size() - 2);
    Parameter movingVariance = w.get(w.size() - 1);
    if (!context.trains(this)) {
      return BatchNormOps.inference(input, gamma, beta, movingMean.data(), movingVariance.data(), epsilon);
    }
    int c = input.shape().dim(-1);
    if (weight != null) {
      return maskedTraining(input, weight, gamma, beta, movingMean, movingVariance);
    }
    BatchNormOps.Moments batch = new BatchNormOps.Moments(new float[c], new float[c]);
    Tensor y = BatchNormOps.training(input, gamma, beta, epsilon, batch);
    update(movingMean.data(), batch.mean());
    update(movingVariance.data(), batch.variance());
    return y;
  }

  /** Training with masked batch statistics (Keras' {@code _moments(inputs, mask)}), differentiable through ops. */
  private Tensor maskedTraining(Tensor input, Tensor weight, Tensor gamma, Tensor beta, Parameter movingMean,
      Parameter movingVariance) {
    int c = input.shape().dim(-1);
    int n = input.size() / c;
    Tensor x = Ops.reshape(input, n, c);
    Tensor m = Ops.reshape(weight, n, c);
    Tensor count = Ops.addScalar(Ops.sum(m, 0, true), MASK_EPSILON);
    Tensor mean = Ops.div(Ops.sum(Ops.mul(x, m), 0, true), count);
    Tensor centered = Ops.sub(x, mean);
    Tensor variance = Ops.div(Ops.sum(Ops.mul(Ops.square(centered), m), 0, true), count);
    Tensor y = Ops.div(centered, Ops.sqrt(Ops.addScalar(variance, epsilon)));
    if (gamma != null) {
      y = Ops.mul(y, Ops.reshape(gamma, 1, c));
    }
    if (beta != null) {
      y = Ops.add(y, Ops.reshape(beta, 1, c));
    }
    update(movingMean.data(), mean.toArray());
    update(movingVariance.data(), variance.toArray());
    return Ops.reshape(y, input.shape().toArray());
  }

  /** Keras' {@code backend.epsilon()}, added to the count of kept positions of the masked statistics. */
  private static final float MASK_EPSILON = 1e-7f;

  private void update(float[] moving, float[] batch) {
    for (int j = 0; j < moving.length; j++) {
      moving[j] = moving[j] * momentum + batch[j] * (1f - momentum);
    }
  }

  /** The regularizers and constraints of the layer's weights (and its activity regularizer). */
  @Override
  WeightRules weightRules() {
    return weightRules;
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("axis", axis);
    config.put("momentum", Configs.number(momentum));
    config.put("epsilon", Configs.number(epsilon));
    config.put("center", center);
    config.put("scale", scale);
    config.put("beta_initializer", envelope(Configs.ZEROS));
    config.put("gamma_initializer", envelope(Configs.ONES));
    config.put("moving_mean_initializer", envelope(Configs.ZEROS));
    config.put("moving_variance_initializer", envelope(Configs.ONES));
    rules.putConfig(config);
    config.put("synchronized", false);
    config.put("renorm", false);
    config.put("renorm_clipping", null);
    config.put("renorm_momentum", Configs.number(DEFAULT_MOMENTUM));
  }

  private static Map<String, Object> envelope(String initializer) {
    return Configs.envelope(Initializers.get(initializer));
  }
}
