package org.dropout4j.layers;

import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.regularizers.Regularizer;

/**
 * Keras' {@code gamma_regularizer}, {@code beta_regularizer}, {@code gamma_constraint} and {@code beta_constraint}
 * of a normalization layer ({@link BatchNormalization}, {@link LayerNormalization}, {@link GroupNormalization}); each
 * may be {@code null} (none, Keras' default). A regularizer adds {@code penalty(weight)} to the training loss, a
 * constraint projects the weight after each optimizer step; a layer without {@code scale} (or {@code center}) has no
 * gamma (or beta), so its rules have nothing to act on, as in Keras.
 *
 * <pre>{@code
 * new LayerNormalization(new int[] {-1}, 1e-3f, true, true, "zeros", "ones", null,
 *     new GammaBetaRules(Regularizer.l2(1e-4f), null, new MaxNorm(2f), null));
 * }</pre>
 *
 * @param gammaRegularizer a penalty on {@code gamma}, or {@code null}
 * @param betaRegularizer a penalty on {@code beta}, or {@code null}
 * @param gammaConstraint a constraint on {@code gamma}, or {@code null}
 * @param betaConstraint a constraint on {@code beta}, or {@code null}
 */
public record GammaBetaRules(Regularizer gammaRegularizer, Regularizer betaRegularizer, Constraint gammaConstraint,
    Constraint betaConstraint) {
  /** No regularizers and no constraints. */
  public static final GammaBetaRules NONE = new GammaBetaRules(null, null, null, null);

  /**
   * Reads {@code beta/gamma_regularizer} and {@code beta/gamma_constraint} from a normalization layer's config.
   *
   * @throws IllegalArgumentException for an unknown class or a bad value, naming the layer and the key
   */
  static GammaBetaRules read(ConfigReader r) {
    return new GammaBetaRules(ConfigObjects.regularizer(r, "gamma_regularizer"),
        ConfigObjects.regularizer(r, "beta_regularizer"), ConfigObjects.constraint(r, "gamma_constraint"),
        ConfigObjects.constraint(r, "beta_constraint"));
  }

  /** The rules on the layer's {@code gamma} and {@code beta} weights. */
  WeightRules weightRules() {
    return WeightRules.NONE.with("beta", betaRegularizer, betaConstraint).with("gamma", gammaRegularizer,
        gammaConstraint);
  }

  /** Writes {@code beta/gamma_regularizer}, then {@code beta/gamma_constraint}, in Keras' order. */
  void putConfig(java.util.Map<String, Object> config) {
    WeightRules rules = weightRules();
    rules.putRegularizers(config, "beta", "gamma");
    rules.putConstraints(config, "beta", "gamma");
  }
}
