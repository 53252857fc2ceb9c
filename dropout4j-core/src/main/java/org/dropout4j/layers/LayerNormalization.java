package org.dropout4j.layers;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
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
        r.layerBase();
        String name = r.string("name", null);
        if (!r.bool("trainable", true)) {
          throw r.invalid("trainable", "true (dropout4j's LayerNormalization cannot be frozen)", false);
        }
        UnitNormalization.requireLastAxis(r);
        float epsilon = r.number("epsilon", LayerNormalization.DEFAULT_EPSILON);
        boolean center = r.bool("center", true);
        boolean scale = r.bool("scale", true);
        r.requireFalse("rms_scaling");
        String beta = ConfigObjects.initializer(r, "beta_initializer", Configs.ZEROS);
        String gamma = ConfigObjects.initializer(r, "gamma_initializer", Configs.ONES);
        for (String key : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")) {
          r.requireNull(key, "LayerNormalization regularizers and constraints are not supported");
        }
        return new LayerNormalization(epsilon, center, scale, beta, gamma, name);
      });

  /** Default {@code epsilon}. */
  public static final float DEFAULT_EPSILON = 1e-3f;

  private final float epsilon;
  private final boolean center;
  private final boolean scale;
  private final Initializer betaInitializer;
  private final Initializer gammaInitializer;

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
    if (!(epsilon > 0f) || !Float.isFinite(epsilon)) {
      throw new IllegalArgumentException("Invalid value for argument `epsilon` of LayerNormalization: expected a "
          + "positive float, received epsilon=" + epsilon);
    }
    this.epsilon = epsilon;
    this.center = center;
    this.scale = scale;
    this.betaInitializer = Initializers.get(betaInitializer);
    this.gammaInitializer = Initializers.get(gammaInitializer);
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
    List<Parameter> w = new ArrayList<>();
    Shape s = Shape.of(inputShape.dim(-1));
    if (scale) {
      w.add(factory.create("gamma", s, gammaInitializer, true));
    }
    if (center) {
      w.add(factory.create("beta", s, betaInitializer, true));
    }
    return w;
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
    int i = 0;
    if (scale) {
      y = Ops.mul(y, context.read(weights().get(i++)));
    }
    if (center) {
      y = Ops.add(y, context.read(weights().get(i)));
    }
    return y;
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("axis", List.of(-1));
    config.put("epsilon", Configs.number(epsilon));
    config.put("center", center);
    config.put("scale", scale);
    config.put("rms_scaling", false);
    config.put("beta_initializer", Configs.envelope(betaInitializer.className(), betaInitializer.getConfig()));
    config.put("gamma_initializer", Configs.envelope(gammaInitializer.className(), gammaInitializer.getConfig()));
    config.put("beta_regularizer", null);
    config.put("gamma_regularizer", null);
    config.put("beta_constraint", null);
    config.put("gamma_constraint", null);
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
