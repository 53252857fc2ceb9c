package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code GroupNormalization} (Wu and He 2018, "Group normalization"): the channels of axis {@code axis} are
 * split into {@code groups} groups of consecutive channels, and each sample is normalized per group over the group's
 * channels and every other non-batch axis, {@code (x - mean) / sqrt(var + epsilon)} (biased variance), then
 * multiplied by {@code gamma} ({@code scale}) and shifted by {@code beta} ({@code center}), both per channel. The
 * same in training and inference (no moving statistics). {@code groups=1} is layer normalization over all axes,
 * {@code groups=-1} (one group per channel) instance normalization.
 *
 * <p>Defaults as in Keras 3: {@code groups=32}, {@code axis=-1}, {@code epsilon=1e-3}, center and scale, beta
 * zeros, gamma ones. The number of channels must be a known multiple of {@code groups}.
 *
 * <pre>{@code
 * new GroupNormalization(4, -1, 1e-3f, true, true, "zeros", "ones", null);   // (None, 8, 8, 16) in 4 groups of 4
 * }</pre>
 */
public final class GroupNormalization extends Layer {
  /** Keras' {@code GroupNormalization} config (regularizers and constraints must be null). */
  public static final LayerDescriptor<GroupNormalization> DESCRIPTOR = LayerDescriptor.of("GroupNormalization",
      GroupNormalization.class, r -> {
        String name = r.unfrozenName("GroupNormalization");
        int groups = r.integer("groups", GroupNormalization.DEFAULT_GROUPS);
        if (groups <= 0 && groups != -1) {
          throw r.invalid("groups", "a positive integer (or -1 for instance normalization)", groups);
        }
        int axis = r.integer("axis", -1);
        float epsilon = r.number("epsilon", GroupNormalization.DEFAULT_EPSILON);
        boolean center = r.bool("center", true);
        boolean scale = r.bool("scale", true);
        String beta = ConfigObjects.initializer(r, "beta_initializer", Configs.ZEROS);
        String gamma = ConfigObjects.initializer(r, "gamma_initializer", Configs.ONES);
        return new GroupNormalization(groups, axis, epsilon, center, scale, beta, gamma, name,
            GammaBetaRules.read(r));
      });

  /** Default {@code groups}. */
  public static final int DEFAULT_GROUPS = 32;
  /** Default {@code epsilon}. */
  public static final float DEFAULT_EPSILON = 1e-3f;

  private final int groups;
  private final int axis;
  private final float epsilon;
  private final GammaBeta affine;

  /** {@code GroupNormalization(groups)} with Keras' other defaults (last axis, epsilon 1e-3, center, scale). */
  public GroupNormalization(int groups) {
    this(groups, -1, DEFAULT_EPSILON, true, true, Configs.ZEROS, Configs.ONES, null);
  }

  /**
   * @param groups the number of groups, positive and dividing the channels, or -1 for one group per channel
   *     (default 32)
   * @param axis the channel axis, not the batch axis; negative counts from the end (default -1)
   * @param epsilon added to the variance, positive (default 1e-3)
   * @param center whether to add {@code beta}
   * @param scale whether to multiply by {@code gamma}
   * @param betaInitializer initializer name of beta (default zeros)
   * @param gammaInitializer initializer name of gamma (default ones)
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for bad groups, axis 0, a non-positive epsilon or an unknown initializer
   */
  public GroupNormalization(int groups, int axis, float epsilon, boolean center, boolean scale,
      String betaInitializer, String gammaInitializer, String name) {
    this(groups, axis, epsilon, center, scale, betaInitializer, gammaInitializer, name, GammaBetaRules.NONE);
  }

  /**
   * As {@link #GroupNormalization(int, int, float, boolean, boolean, String, String, String)} with Keras'
   * regularizers and constraints of gamma and beta.
   *
   * @param rules {@code gamma/beta_regularizer} and {@code gamma/beta_constraint} ({@link GammaBetaRules#NONE} or
   *     {@code null}: none)
   */
  public GroupNormalization(int groups, int axis, float epsilon, boolean center, boolean scale,
      String betaInitializer, String gammaInitializer, String name, GammaBetaRules rules) {
    super(name, true, DESCRIPTOR);
    if (groups <= 0 && groups != -1) {
      throw new IllegalArgumentException("Invalid value for argument `groups` of GroupNormalization: expected a "
          + "positive integer (or -1 for instance normalization), received groups=" + groups);
    }
    if (axis == 0) {
      throw new IllegalArgumentException("Invalid value for argument `axis` of GroupNormalization: axis 0 is the "
          + "batch axis, received axis=0");
    }
    this.epsilon = GammaBeta.epsilon(epsilon, "GroupNormalization");
    this.groups = groups;
    this.axis = axis;
    this.affine = new GammaBeta(center, scale, betaInitializer, gammaInitializer, rules);
  }

  private int channelAxis(int rank) {
    return axis < 0 ? axis + rank : axis;
  }

  private int groupsFor(int channels) {
    return groups == -1 ? channels : groups;
  }

  @Override
  protected void validateInput(Shape inputShape) {
    int rank = inputShape.rank();
    int a = channelAxis(rank);
    if (rank < 2 || a < 1 || a >= rank) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (GroupNormalization) is incompatible "
          + "with the layer: axis=" + axis + " needs an input of rank >= 2 with that non-batch axis, received input "
          + "with shape " + inputShape);
    }
    int channels = inputShape.dim(a);
    if (channels == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (GroupNormalization): axis " + axis
          + " of the input should have a defined dimension, received input with shape " + inputShape);
    }
    int g = groupsFor(channels);
    if (channels < g || channels % g != 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (GroupNormalization): the number of "
          + "channels (" + channels + ", axis " + axis + ") must be a multiple of groups=" + g + ", received input "
          + "with shape " + inputShape);
    }
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    return affine.createWeights(factory, Shape.of(inputShape.dim(channelAxis(inputShape.rank()))));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    Shape s = input.shape();
    int a = channelAxis(s.rank());
    int channels = s.dim(a);
    int g = groupsFor(channels);
    int before = 1;
    for (int i = 1; i < a; i++) {
      before *= s.dim(i);
    }
    int after = s.size() / s.dim(0) / before / channels;
    // (batch, before, groups, channels per group, after): statistics over axes 1, 3 and 4 per (batch, group)
    Tensor x = Ops.reshape(input, s.dim(0), before, g, channels / g, after);
    Tensor mean = groupMean(x);
    Tensor centered = Ops.sub(x, mean);
    Tensor variance = groupMean(Ops.square(centered));
    Tensor y = Ops.div(centered, Ops.sqrt(Ops.addScalar(variance, epsilon)));
    y = affine.apply(y, weights(), context, w -> Ops.reshape(w, 1, 1, g, channels / g, 1));
    return Ops.reshape(y, s.toArray());
  }

  /** The mean over axes 4, 3 and 1 of a {@code (batch, before, groups, per group, after)} tensor, kept as size 1. */
  private static Tensor groupMean(Tensor x) {
    return Ops.mean(Ops.mean(Ops.mean(x, 4, true), 3, true), 1, true);
  }

  /** The regularizers and constraints of the layer's weights (and its activity regularizer). */
  @Override
  WeightRules weightRules() {
    return affine.weightRules;
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("groups", groups);
    config.put("axis", axis);
    config.put("epsilon", Configs.number(epsilon));
    config.put("center", affine.center);
    config.put("scale", affine.scale);
    affine.putConfig(config);
  }
}
