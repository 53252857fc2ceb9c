package org.dropout4j.layers;

import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code LayerNormalization} (Ba et al. 2016) over the last axis: {@code (x - mean) / sqrt(var + epsilon)},
 * then {@code * gamma} ({@code scale}) and {@code + beta} ({@code center}), mean and biased variance per sample;
 * the same in training and inference. Defaults as in Keras: {@code epsilon=1e-3}, center and scale, gamma ones,
 * beta zeros. Other axes and {@code rms_scaling} are refused by the readers.
 */
public final class LayerNormalization extends Layer {
  /** Keras' {@code LayerNormalization} config (last axis only; regularizers and constraints must be null). */
  public static final LayerDescriptor<LayerNormalization> DESCRIPTOR = LayerDescriptor.of("LayerNormalization",
      LayerNormalization.class, r -> {
        String name = r.unfrozenName("LayerNormalization");
        UnitNormalization.requireLastAxis(r);
        float epsilon = r.number("epsilon", LayerNormalization.DEFAULT_EPSILON);
        boolean center = r.bool("center", true);
        boolean scale = r.bool("scale", true);
        r.requireFalse("rms_scaling");
        String beta = ConfigObjects.initializer(r, "beta_initializer", Configs.ZEROS);
        String gamma = ConfigObjects.initializer(r, "gamma_initializer", Configs.ONES);
        GammaBeta.refuseRegularizers(r, "LayerNormalization");
        return new LayerNormalization(epsilon, center, scale, beta, gamma, name);
      });

  /** Default {@code epsilon}. */
  public static final float DEFAULT_EPSILON = 1e-3f;

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
    super(name, true);
    this.epsilon = GammaBeta.epsilon(epsilon, "LayerNormalization");
    this.affine = new GammaBeta(center, scale, betaInitializer, gammaInitializer);
  }

  @Override
  public String className() {
    return "LayerNormalization";
  }

  @Override
  protected void validateInput(Shape inputShape) {
    if (inputShape.rank() < 2 || inputShape.dim(-1) <= 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (LayerNormalization) is incompatible "
          + "with the layer: expected rank >= 2 with a known last axis, received input with shape " + inputShape);
    }
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    return affine.createWeights(factory, Shape.of(inputShape.dim(-1)));
  }

  /** Keras: each step is normalized on its own, so a mask passes unchanged. */
  @Override
  protected boolean supportsMasking() {
    return true;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    int last = input.rank() - 1;
    Tensor centered = Ops.sub(input, Ops.mean(input, last, true));
    Tensor variance = Ops.mean(Ops.square(centered), last, true);
    Tensor y = Ops.div(centered, Ops.sqrt(Ops.addScalar(variance, epsilon)));
    return affine.apply(y, weights(), context, w -> w);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("axis", List.of(-1));
    config.put("epsilon", Configs.number(epsilon));
    config.put("center", affine.center);
    config.put("scale", affine.scale);
    config.put("rms_scaling", false);
    affine.putConfig(config);
  }

  /** Registers {@link #DESCRIPTOR} with {@link LayerCatalog} (a {@link java.util.ServiceLoader} provider). */
  @AutoService(LayerProvider.class)
  public static final class Provider implements LayerProvider {
    @Override
    public LayerDescriptor<?> descriptor() {
      return DESCRIPTOR;
    }
  }
}
