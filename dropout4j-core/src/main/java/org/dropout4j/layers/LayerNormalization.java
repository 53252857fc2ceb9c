package org.dropout4j.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.AxisGather;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code LayerNormalization} (Ba et al. 2016) over one or more axes (default the last):
 * {@code (x - mean) / sqrt(var + epsilon)} with mean and biased variance over those axes jointly, per position of
 * the other axes, then {@code * gamma} ({@code scale}) and {@code + beta} ({@code center}); the same in training
 * and inference. Defaults as in Keras: {@code axis=-1}, {@code epsilon=1e-3}, center and scale, gamma ones, beta
 * zeros. With several axes, as Keras 3: the axes are sorted as given, {@code gamma}/{@code beta} have the shape of
 * those axes in that order and are laid over the normalized axes in increasing axis order (Keras reshapes them to
 * the broadcast shape). {@code rms_scaling} is refused by the readers.
 */
public final class LayerNormalization extends Layer {
  /** Keras' {@code LayerNormalization} config (regularizers and constraints must be null). */
  public static final LayerDescriptor<LayerNormalization> DESCRIPTOR = LayerDescriptor.of("LayerNormalization",
      LayerNormalization.class, r -> {
        String name = r.unfrozenName("LayerNormalization");
        int[] axes = axes(r);
        float epsilon = r.number("epsilon", LayerNormalization.DEFAULT_EPSILON);
        boolean center = r.bool("center", true);
        boolean scale = r.bool("scale", true);
        r.requireFalse("rms_scaling");
        String beta = ConfigObjects.initializer(r, "beta_initializer", Configs.ZEROS);
        String gamma = ConfigObjects.initializer(r, "gamma_initializer", Configs.ONES);
        return new LayerNormalization(axes, epsilon, center, scale, beta, gamma, name, GammaBetaRules.read(r));
      });

  /** Keras' {@code axis}: an integer or a non-empty list of distinct integers, sorted as Keras sorts them. */
  private static int[] axes(ConfigReader r) {
    Object raw = r.raw("axis");
    if (raw == null) {
      return new int[] {-1};
    }
    List<?> list = raw instanceof List<?> l ? l : List.of(raw);
    int[] axes = new int[list.size()];
    for (int i = 0; i < axes.length; i++) {
      if (!(list.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw r.invalid("axis", "an integer or a list of integers", raw);
      }
      axes[i] = ((Number) list.get(i)).intValue();
    }
    if (axes.length == 0 || Arrays.stream(axes).distinct().count() != axes.length) {
      throw r.invalid("axis", "an integer or a non-empty list of distinct integers", raw);
    }
    Arrays.sort(axes);
    return axes;
  }

  /** Default {@code epsilon}. */
  public static final float DEFAULT_EPSILON = 1e-3f;

  private final int[] axes;
  private final float epsilon;
  private final GammaBeta affine;

  /** {@code LayerNormalization()} with Keras' defaults. */
  public LayerNormalization() {
    this(DEFAULT_EPSILON, true, true, Configs.ZEROS, Configs.ONES, null);
  }

  /**
   * @param epsilon added to the variance, positive (default 1e-3)
   * @param center whether to add {@code beta}
   * @param scale whether to multiply by {@code gamma}
   * @param betaInitializer initializer name of beta (default zeros)
   * @param gammaInitializer initializer name of gamma (default ones)
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for a non-positive epsilon or an unknown initializer
   */
  public LayerNormalization(float epsilon, boolean center, boolean scale, String betaInitializer,
      String gammaInitializer, String name) {
    this(new int[] {-1}, epsilon, center, scale, betaInitializer, gammaInitializer, name);
  }

  /**
   * As {@link #LayerNormalization(float, boolean, boolean, String, String, String)} over {@code axes}.
   *
   * @param axes the axes to normalize over jointly (non-batch, distinct; negative count from the end), Keras'
   *     {@code axis}; kept in the order given, which is the order of the weights' axes
   * @throws IllegalArgumentException for no axis, a repeated one, the batch axis 0, a non-positive epsilon or an
   *     unknown initializer
   */
  public LayerNormalization(int[] axes, float epsilon, boolean center, boolean scale, String betaInitializer,
      String gammaInitializer, String name) {
    this(axes, epsilon, center, scale, betaInitializer, gammaInitializer, name, GammaBetaRules.NONE);
  }

  /**
   * As {@link #LayerNormalization(int[], float, boolean, boolean, String, String, String)} with Keras'
   * regularizers and constraints of gamma and beta.
   *
   * @param rules {@code gamma/beta_regularizer} and {@code gamma/beta_constraint} ({@link GammaBetaRules#NONE} or
   *     {@code null}: none)
   */
  public LayerNormalization(int[] axes, float epsilon, boolean center, boolean scale, String betaInitializer,
      String gammaInitializer, String name, GammaBetaRules rules) {
    super(name, true, DESCRIPTOR);
    supportMasking(); // Keras: each step is normalized on its own, so a mask passes unchanged
    if (axes.length == 0 || Arrays.stream(axes).distinct().count() != axes.length
        || Arrays.stream(axes).anyMatch(a -> a == 0)) {
      throw new IllegalArgumentException("Invalid value for argument `axis` of LayerNormalization: expected "
          + "distinct non-batch axes, received axis=" + Arrays.toString(axes));
    }
    this.axes = axes.clone();
    this.epsilon = GammaBeta.epsilon(epsilon, "LayerNormalization");
    this.affine = new GammaBeta(center, scale, betaInitializer, gammaInitializer, rules);
  }

  /** The normalized axes as indices into a shape of {@code rank} axes, increasing. */
  private int[] resolved(int rank) {
    return Arrays.stream(axes).map(a -> a < 0 ? a + rank : a).sorted().toArray();
  }

  @Override
  protected void validateInput(Shape inputShape) {
    int rank = inputShape.rank();
    int[] r = resolved(rank);
    boolean ok = rank >= 2 && r[0] >= 1 && r[r.length - 1] < rank && Arrays.stream(r).distinct().count() == r.length;
    for (int i = 0; ok && i < r.length; i++) {
      ok = inputShape.dim(r[i]) > 0;
    }
    if (!ok) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (LayerNormalization) is incompatible "
          + "with the layer: expected rank >= 2 with known non-batch axes axis=" + Arrays.toString(axes)
          + ", received input with shape " + inputShape);
    }
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    return affine.createWeights(factory, Shape.of(Arrays.stream(axes).map(inputShape::dim).toArray()));
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    int rank = input.rank();
    int[] r = resolved(rank);
    if (r.length == 1 && r[0] == rank - 1) {
      return normalizeLast(input, context);
    }
    // the normalized axes moved last (in increasing order) and merged into one, normalized, and moved back
    int[] toLast = new int[rank];
    int k = 0;
    for (int i = 0; i < rank; i++) {
      if (Arrays.binarySearch(r, i) < 0) {
        toLast[k++] = i;
      }
    }
    System.arraycopy(r, 0, toLast, k, r.length);
    int[] back = new int[rank];
    for (int i = 0; i < rank; i++) {
      back[toLast[i]] = i;
    }
    Tensor moved = AxisGather.permute(input, toLast);
    int[] movedDims = moved.shape().toArray();
    int[] merged = Arrays.copyOf(movedDims, k + 1);
    merged[k] = moved.size() / Math.max(1, Arrays.stream(movedDims, 0, k).reduce(1, (a, b) -> a * b));
    Tensor y = normalizeLast(Ops.reshape(moved, merged), context);
    return AxisGather.permute(Ops.reshape(y, movedDims), back);
  }

  /** The normalization over the last axis; the weights are laid over it flat. */
  private Tensor normalizeLast(Tensor input, CallContext context) {
    int last = input.rank() - 1;
    int width = input.shape().dim(-1);
    Tensor centered = Ops.sub(input, Ops.mean(input, last, true));
    Tensor variance = Ops.mean(Ops.square(centered), last, true);
    Tensor y = Ops.div(centered, Ops.sqrt(Ops.addScalar(variance, epsilon)));
    return affine.apply(y, weights(), context, w -> w.rank() == 1 ? w : Ops.reshape(w, width));
  }

  /** The regularizers and constraints of the layer's weights (and its activity regularizer). */
  @Override
  WeightRules weightRules() {
    return affine.weightRules;
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("axis", Arrays.stream(axes).boxed().toList());
    config.put("epsilon", Configs.number(epsilon));
    config.put("center", affine.center);
    config.put("scale", affine.scale);
    config.put("rms_scaling", false);
    affine.putConfig(config);
  }
}
