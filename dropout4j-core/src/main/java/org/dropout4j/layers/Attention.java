package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.tensor.MergeOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Attention}: dot-product attention (Luong et al. 2015, "Effective approaches to attention-based
 * neural machine translation"), called on {@code [query, value]} or {@code [query, value, key]} of shapes
 * {@code (B, Tq, dim)}, {@code (B, Tv, dv)}, {@code (B, Tv, dim)}; {@code key} defaults to {@code value}.
 *
 * <p>Scores {@code (B, Tq, Tv)}: {@code score_mode="dot"} gives {@code query · keyᵀ} (times a learned scalar
 * {@code scale}, initialized to 1, with {@code use_scale}); {@code "concat"} gives
 * {@code concat_score_weight * sum(tanh(scale * (query_i + key_j)))} over the feature axis (a learned scalar
 * {@code concat_score_weight}, initialized to 1). Then {@code probabilities = softmax(scores)} over {@code Tv}
 * (with the call argument {@code use_causal_mask=true} query {@code i} sees keys {@code j <= i} only), a dropout of
 * rate {@code dropout} on the probabilities in training and in Monte Carlo dropout passes (not at inference), and
 * the output {@code probabilities · value}, shape {@code (B, Tq, dv)}.
 *
 * <p>Defaults as in Keras 3: {@code use_scale=false}, {@code score_mode="dot"}, {@code dropout=0}, no seed.
 *
 * <pre>{@code
 * KerasTensor out = new Attention().apply(List.of(query, value), Map.of("use_causal_mask", true));
 * }</pre>
 */
public final class Attention extends ScoreAttention {
  /** Keras' {@code Attention} config. */
  public static final LayerDescriptor<Attention> DESCRIPTOR = LayerDescriptor.of("Attention", Attention.class, r -> {
    r.layerBase();
    String name = r.string("name", null);
    boolean trainable = r.bool("trainable", true);
    boolean useScale = r.bool("use_scale", false);
    String mode = r.string("score_mode", Attention.DOT);
    if (!mode.equals(Attention.DOT) && !mode.equals(Attention.CONCAT)) {
      throw r.invalid("score_mode", "one of \"dot\", \"concat\"", mode);
    }
    float dropout = r.rate("dropout");
    return new Attention(useScale, mode, dropout, r.optionalLong("seed"), name, trainable);
  });

  /** {@code score_mode} of the dot product. */
  public static final String DOT = "dot";
  /** {@code score_mode} of the summed tanh of query + key. */
  public static final String CONCAT = "concat";

  private final String scoreMode;

  /** {@code Attention()} with Keras' defaults: dot scores, no scale, no dropout. */
  public Attention() {
    this(false, DOT, 0f, null, null, true);
  }

  /**
   * @param useScale whether scores are multiplied by a learned scalar (default false)
   * @param scoreMode {@code "dot"} (default) or {@code "concat"}
   * @param dropout probability to drop an attention probability, in {@code [0, 1)} (default 0)
   * @param seed the dropout's own seed, or {@code null} to draw from the model's random stream
   * @param name the layer's name or {@code null}
   * @param trainable whether the scalars are trained
   * @throws IllegalArgumentException for an unknown score mode or a dropout outside {@code [0, 1)}
   */
  public Attention(boolean useScale, String scoreMode, float dropout, Long seed, String name, boolean trainable) {
    super(useScale, dropout, seed, name, trainable, DESCRIPTOR);
    if (!DOT.equals(scoreMode) && !CONCAT.equals(scoreMode)) {
      throw new IllegalArgumentException("Invalid value for argument `score_mode` of Attention: expected one of "
          + "\"dot\", \"concat\", received score_mode=" + scoreMode);
    }
    this.scoreMode = scoreMode;
  }

  /** {@code "dot"} or {@code "concat"}. */
  public String scoreMode() {
    return scoreMode;
  }

  @Override
  protected List<Parameter> createWeights(List<Shape> inputShapes, WeightFactory factory) {
    List<Parameter> w = new ArrayList<>();
    if (useScale()) {
      w.add(factory.create("scale", Shape.of(), Initializers.get(Configs.ONES), true));
    }
    if (scoreMode.equals(CONCAT)) {
      w.add(factory.create("concat_score_weight", Shape.of(), Initializers.get(Configs.ONES), true));
    }
    return w;
  }

  @Override
  Tensor scores(Tensor query, Tensor key, CallContext context) {
    Tensor scale = useScale() ? context.read(weights().get(0)) : null;
    if (scoreMode.equals(DOT)) {
      Tensor scores = MergeOps.batchDot(query, key, 2, 2);
      return scale == null ? scores : Ops.mul(scores, scale);
    }
    Tensor weight = context.read(weights().get(useScale() ? 1 : 0));
    Tensor sum = pairwiseSum(query, key); // (B, Tq, Tv, dim)
    if (scale != null) {
      sum = Ops.mul(sum, scale);
    }
    return Ops.mul(Ops.sum(Ops.tanh(sum), 3, false), weight);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    super.addConfig(config);
    config.put("score_mode", scoreMode);
    addDropoutConfig(config);
  }
}
