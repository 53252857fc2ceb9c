package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code AdditiveAttention}: Bahdanau-style attention (Bahdanau et al. 2015, "Neural machine translation by
 * jointly learning to align and translate"), called on {@code [query, value]} or {@code [query, value, key]} of
 * shapes {@code (B, Tq, dim)}, {@code (B, Tv, dv)}, {@code (B, Tv, dim)}; {@code key} defaults to {@code value}.
 *
 * <p>Scores {@code (B, Tq, Tv)}: {@code sum(scale * tanh(query_i + key_j))} over the feature axis, with a learned
 * vector {@code scale} of shape {@code (dim,)} (Glorot-uniform initialized) when {@code use_scale}, else 1. Then
 * the softmax over {@code Tv} (with {@code use_causal_mask=true} query {@code i} sees keys {@code j <= i} only), a
 * dropout of rate {@code dropout} on the probabilities in training and in Monte Carlo dropout passes, and the output
 * {@code probabilities · value}, shape {@code (B, Tq, dv)}.
 *
 * <p>Defaults as in Keras 3: {@code use_scale=true}, {@code dropout=0}, no seed.
 *
 * <pre>{@code
 * KerasTensor context = new AdditiveAttention().apply(query, value);
 * }</pre>
 */
public final class AdditiveAttention extends ScoreAttention {
  /** Keras' {@code AdditiveAttention} config. */
  public static final LayerDescriptor<AdditiveAttention> DESCRIPTOR = LayerDescriptor.of("AdditiveAttention",
      AdditiveAttention.class, r -> {
        r.layerBase();
        String name = r.string("name", null);
        boolean trainable = r.bool("trainable", true);
        boolean useScale = r.bool("use_scale", true);
        float dropout = r.rate("dropout");
        return new AdditiveAttention(useScale, dropout, r.optionalLong("seed"), name, trainable);
      });

  /** {@code AdditiveAttention()} with Keras' defaults: a learned scale, no dropout. */
  public AdditiveAttention() {
    this(true, 0f, null, null, true);
  }

  /**
   * @param useScale whether the tanh terms are weighted by a learned vector (default true)
   * @param dropout probability to drop an attention probability, in {@code [0, 1)} (default 0)
   * @param seed the dropout's own seed, or {@code null} to draw from the model's random stream
   * @param name the layer's name or {@code null}
   * @param trainable whether the scale is trained
   * @throws IllegalArgumentException for a dropout outside {@code [0, 1)}
   */
  public AdditiveAttention(boolean useScale, float dropout, Long seed, String name, boolean trainable) {
    super(useScale, dropout, seed, name, trainable, DESCRIPTOR);
  }

  @Override
  protected List<Parameter> createWeights(List<Shape> inputShapes, WeightFactory factory) {
    List<Parameter> w = new ArrayList<>();
    if (useScale()) {
      w.add(factory.create("scale", Shape.of(inputShapes.get(0).dim(-1)), Initializers.get(Configs.GLOROT_UNIFORM),
          true));
    }
    return w;
  }

  @Override
  Tensor scores(Tensor query, Tensor key, CallContext context) {
    Tensor t = Ops.tanh(pairwiseSum(query, key)); // (B, Tq, Tv, dim)
    if (useScale()) {
      t = Ops.mul(t, context.read(weights().get(0)));
    }
    return Ops.sum(t, 3, false);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    super.addConfig(config);
    addDropoutConfig(config);
  }
}
