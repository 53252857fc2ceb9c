package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.AttentionOps;
import org.dropout4j.tensor.MergeOps;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * What Keras' {@code Attention} and {@code AdditiveAttention} share (Keras' {@code AdditiveAttention} subclasses
 * {@code Attention}): called on {@code [query, value]} or {@code [query, value, key]} ({@code key} defaults to
 * {@code value}) of shapes {@code (B, Tq, dim)}, {@code (B, Tv, dv)}, {@code (B, Tv, dim)}, it computes scores
 * {@code (B, Tq, Tv)} ({@link #scores}), masks future positions with {@code use_causal_mask}, takes the softmax over
 * {@code Tv}, drops attention probabilities with {@code dropout} (in training and Monte Carlo passes; rescaled by
 * {@code 1 / (1 - dropout)}) and returns {@code probabilities · value}, shape {@code (B, Tq, dv)}.
 */
abstract class ScoreAttention extends MultiInputLayer implements DropoutFamily {
  private final boolean useScale;
  private final float dropout;
  private final Long seed;

  ScoreAttention(boolean useScale, float dropout, Long seed, String name, boolean trainable,
      LayerDescriptor<?> descriptor) {
    super(name, trainable, descriptor);
    supportMasking(); // Keras: the output carries the query's mask
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new IllegalArgumentException("Invalid value for argument `dropout` of " + className() + ": expected a "
          + "float in [0, 1), received dropout=" + dropout);
    }
    this.useScale = useScale;
    this.dropout = dropout;
    this.seed = seed;
  }

  /** Whether scores are scaled by a learned weight. */
  public final boolean useScale() {
    return useScale;
  }

  /** The probability to drop an attention probability, {@code dropout} in Keras. */
  @Override
  public final float rate() {
    return dropout;
  }

  /** The layer's own seed for the dropout, or {@code null}. */
  @Override
  public final Long seed() {
    return seed;
  }

  /** The scores {@code (B, Tq, Tv)} of query {@code (B, Tq, dim)} and key {@code (B, Tv, dim)}. */
  abstract Tensor scores(Tensor query, Tensor key, CallContext context);

  /** {@code query_i + key_j} for every pair: {@code (B, Tq, dim)} and {@code (B, Tv, dim)} to {@code (B, Tq, Tv, dim)}. */
  static Tensor pairwiseSum(Tensor query, Tensor key) {
    int b = query.shape().dim(0);
    Tensor q = Ops.reshape(query, b, query.shape().dim(1), 1, query.shape().dim(2));
    Tensor k = Ops.reshape(key, b, 1, key.shape().dim(1), key.shape().dim(2));
    return Ops.add(q, k);
  }

  private String label() {
    return name() != null ? name() : className();
  }

  @Override
  protected final void validateInputs(List<Shape> shapes) {
    if (shapes.size() < 2 || shapes.size() > 3) {
      throw new IllegalArgumentException(className() + " layer \"" + label() + "\" must be called on a list of "
          + "inputs, namely [query, value] or [query, value, key], received " + shapes.size() + " input(s) with "
          + "shapes " + shapes);
    }
    Shape q = shapes.get(0);
    Shape v = shapes.get(1);
    Shape k = shapes.size() > 2 ? shapes.get(2) : v;
    if (q.rank() != 3 || v.rank() != 3 || k.rank() != 3) {
      throw new IllegalArgumentException("Inputs of layer \"" + label() + "\" (" + className() + ") are "
          + "incompatible with the layer: expected query (batch, Tq, dim), value (batch, Tv, dv) and key "
          + "(batch, Tv, dim), received shapes " + shapes);
    }
    if (!AttentionMasks.sameDim(q.dim(-1), k.dim(-1)) || !AttentionMasks.sameDim(v.dim(1), k.dim(1))
        || !AttentionMasks.sameDim(q.dim(0), v.dim(0)) || !AttentionMasks.sameDim(q.dim(0), k.dim(0))) {
      throw new IllegalArgumentException("Inputs of layer \"" + label() + "\" (" + className() + ") do not fit "
          + "together: query and key need the same last axis, value and key the same time axis, all the same "
          + "batch, received query " + q + ", value " + v + ", key " + k);
    }
    if (q.dim(-1) == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Inputs of layer \"" + label() + "\" (" + className() + ") need a known "
          + "last axis, received query " + q);
    }
  }

  @Override
  public final Shape computeOutputShape(List<Shape> shapes) {
    validateInputs(shapes);
    Shape q = shapes.get(0);
    return Shape.of(q.dim(0), q.dim(1), shapes.get(1).dim(-1));
  }

  @Override
  protected final void checkCallArguments(Map<String, Object> arguments) {
    AttentionMasks.check(this, arguments, false);
  }

  @Override
  public final Tensor call(List<Tensor> inputs, CallContext context) {
    return call(inputs, Map.of(), context);
  }

  @Override
  public final Tensor call(List<Tensor> inputs, Map<String, Object> arguments, CallContext context) {
    AttentionMasks.prepare(this, inputs);
    Tensor query = inputs.get(0);
    Tensor value = inputs.get(1);
    Tensor key = inputs.size() > 2 ? inputs.get(2) : value;
    Tensor scores = scores(query, key, context);
    int batch = query.shape().dim(0);
    int tq = query.shape().dim(1);
    // Keras: the value's mask and the causal mask hide keys (scores - 1e9, so a row with every key hidden is
    // uniform, with the softmax's gradient); the query's mask zeroes the output rows and is the output's mask
    boolean[] allowed = AttentionMasks.allowed(this, batch, 1, tq, key.shape().dim(1), null, value.mask(), null,
        null, AttentionMasks.causal(arguments), 0);
    Tensor weights = AttentionOps.maskedSoftmax(scores, allowed, true, true);
    if (dropout > 0f && drawsNoise(context)) {
      weights = Noise.dropout(weights, dropout, weights.shape(), context.noiseKey(seed));
    }
    Tensor out = MergeOps.batchDot(weights, value, 2, 1);
    Tensor queryMask = query.mask();
    if (queryMask != null) {
      AttentionMasks.maskValues(this, "query", queryMask, batch, tq);
      out = Ops.mul(out, Ops.reshape(queryMask, batch, tq, 1));
    }
    return out.withMask(queryMask);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("use_scale", useScale);
  }

  /** The keys after the subclass's own: {@code dropout} and {@code seed}. */
  final void addDropoutConfig(Map<String, Object> config) {
    config.put("dropout", Configs.number(dropout));
    config.put("seed", seed);
  }
}
