package org.dropout4j.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dropout4j.internal.Guards;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.tensor.AttentionOps;
import org.dropout4j.tensor.MergeOps;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code MultiHeadAttention} (Vaswani et al. 2017, "Attention is all you need"), called as
 * {@code mha(query, value)} or {@code mha(query, value, key)} ({@code key} defaults to {@code value}) on
 * {@code (B, T, dq)}, {@code (B, S, dv)}, {@code (B, S, dk)} (or more axes: attention runs over the axes between
 * the batch and the features, see {@code attention_axes}).
 *
 * <p>Each head {@code h} projects {@code Q_h = query · Wq[:, h] + bq[h]}, {@code K_h}, {@code V_h} (kernels of
 * Keras' shape {@code (d, num_heads, key_dim)}, values {@code value_dim} wide), takes
 * {@code P_h = softmax(Q_h K_hᵀ / sqrt(key_dim))} over the key positions (with the call argument
 * {@code use_causal_mask=true} query {@code i} sees keys {@code j <= i} only; with {@code sliding_window=w} only
 * keys {@code |i - j| < w}), drops attention probabilities with rate {@code dropout} (in training and in Monte Carlo
 * dropout passes, rescaled by {@code 1 / (1 - dropout)}; never at inference: this layer belongs to the dropout
 * family), and concatenates {@code P_h V_h} over the heads into the output projection {@code Wo} of shape
 * {@code (num_heads, value_dim, *output_shape)}. With {@code use_gate=true} (Keras 3.15, Qiu et al. 2025, "Gated
 * attention for large language models") each head's attended values are first multiplied elementwise by
 * {@code sigmoid(query · Wg[:, h] + bg[h])}. The output has the query's shape with the last axis replaced by
 * {@code output_shape} (default: the query's last axis).
 *
 * <p>Masks as in Keras 3.15: the Keras masks of query, value and key (Embedding(mask_zero=True), Masking), the
 * causal and sliding-window masks and an explicit {@code attention_mask} (a fourth input {@code (B, T, S)} or
 * {@code (B, num_heads, T, S)}, nonzero where query {@code i} may attend to key {@code j}; any axis may be 1) are
 * combined with a logical and. A query row left with nothing to attend to attends uniformly to every key in Keras'
 * fused path (rank-3 inputs, {@code dropout=0}), and to nothing (zeros) otherwise, as in Keras.
 *
 * <p>The weights are named and ordered as Keras' sub-layers: {@code query/kernel}, {@code query/bias},
 * {@code key/...}, {@code value/...}, {@code attention_output/kernel}, {@code attention_output/bias} (no biases
 * with {@code use_bias=false}; with {@code use_gate}, {@code gate/...} after {@code key/...}). Defaults as in Keras
 * 3.15: {@code value_dim=key_dim}, {@code dropout=0}, {@code use_bias=true}, {@code use_gate=false}, kernels
 * glorot_uniform, biases zeros, attention over every axis between batch and features. Explicit
 * {@code attention_axes} must be a trailing run of those axes (the others then act as batch axes). As in Keras,
 * {@code kernel_regularizer}/{@code bias_regularizer} and {@code kernel_constraint}/{@code bias_constraint} act on
 * every projection's kernel and bias, and {@code activity_regularizer} adds {@code penalty(projection) / batch} for
 * each projection's output (Keras passes it to the sub-layers, not to the attention's own output).
 *
 * <pre>{@code
 * MultiHeadAttention mha = MultiHeadAttention.builder(4, 16).dropout(0.1f).build();
 * KerasTensor y = mha.apply(List.of(x, x), Map.of("use_causal_mask", true));   // causal self-attention
 * KerasTensor z = mha2.apply(List.of(x, x, x, allowed), Map.of());              // Keras' attention_mask=allowed
 * }</pre>
 */
public final class MultiHeadAttention extends MultiInputLayer implements DropoutFamily {
  /** Keras' {@code MultiHeadAttention} config. */
  public static final LayerDescriptor<MultiHeadAttention> DESCRIPTOR = LayerDescriptor.of("MultiHeadAttention",
      MultiHeadAttention.class, r -> {
        r.layerBase();
        MultiHeadAttentionBuilder b = builder(r.positive("num_heads", r.requiredInt("num_heads")),
            r.positive("key_dim", r.requiredInt("key_dim")));
        b.name(r.string("name", null)).trainable(r.bool("trainable", true));
        if (r.raw("value_dim") != null) {
          b.valueDim(r.positive("value_dim", r.integer("value_dim", 0)));
        }
        b.dropout(r.rate("dropout")).useBias(r.bool("use_bias", true)).useGate(r.bool("use_gate", false));
        b.outputShape(r.intsOrNull("output_shape"));
        b.attentionAxes(r.intsOrNull("attention_axes"));
        if (r.raw("sliding_window") != null) {
          b.slidingWindow(r.positive("sliding_window", r.integer("sliding_window", 0)));
        }
        b.kernelInitializer(ConfigObjects.initializer(r, "kernel_initializer", Configs.GLOROT_UNIFORM));
        b.biasInitializer(ConfigObjects.initializer(r, "bias_initializer", Configs.ZEROS));
        b.kernelRegularizer(ConfigObjects.regularizer(r, "kernel_regularizer"));
        b.biasRegularizer(ConfigObjects.regularizer(r, "bias_regularizer"));
        b.activityRegularizer(ConfigObjects.regularizer(r, "activity_regularizer"));
        b.kernelConstraint(ConfigObjects.constraint(r, "kernel_constraint"));
        b.biasConstraint(ConfigObjects.constraint(r, "bias_constraint"));
        return b.seed(r.optionalLong("seed")).build();
      });

  private final int numHeads;
  private final int keyDim;
  private final Integer valueDim;
  private final float dropout;
  private final boolean useBias;
  private final boolean useGate;
  private final int[] outputShape;
  private final int[] attentionAxes;
  private final Integer slidingWindow;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private final Long seed;
  private final MultiHeadProjections projections;
  private final WeightRules rules;

  /** {@code MultiHeadAttention(num_heads, key_dim)} with Keras' defaults for everything else. */
  public MultiHeadAttention(int numHeads, int keyDim) {
    this(builder(numHeads, keyDim));
  }

  MultiHeadAttention(MultiHeadAttentionBuilder b) {
    super(b.name, b.trainable, DESCRIPTOR);
    this.numHeads = Guards.positive(b.numHeads, "MultiHeadAttention", "num_heads");
    this.keyDim = Guards.positive(b.keyDim, "MultiHeadAttention", "key_dim");
    this.valueDim = b.valueDim == null ? null : Guards.positive(b.valueDim, "MultiHeadAttention", "value_dim");
    if (!(b.dropout >= 0f && b.dropout < 1f)) {
      throw new IllegalArgumentException("Invalid value for argument `dropout` of MultiHeadAttention: expected a "
          + "float in [0, 1), received dropout=" + b.dropout);
    }
    this.dropout = b.dropout;
    this.useBias = b.useBias;
    this.useGate = b.useGate;
    if (b.outputShape != null) {
      for (int d : b.outputShape) {
        Guards.positive(d, "MultiHeadAttention", "output_shape");
      }
    }
    this.outputShape = b.outputShape == null || b.outputShape.length == 0 ? null : b.outputShape.clone();
    this.attentionAxes = b.attentionAxes == null ? null : b.attentionAxes.clone();
    if (attentionAxes != null && attentionAxes.length == 0) {
      throw new IllegalArgumentException("Invalid value for argument `attention_axes` of MultiHeadAttention: "
          + "expected null or at least one axis, received attention_axes=[]");
    }
    this.slidingWindow = b.slidingWindow == null ? null
        : Guards.positive(b.slidingWindow, "MultiHeadAttention", "sliding_window");
    this.kernelInitializer = Initializers.get(b.kernelInitializer);
    this.biasInitializer = Initializers.get(b.biasInitializer);
    this.seed = b.seed;
    this.rules = b.rules();
    this.projections = new MultiHeadProjections(numHeads, keyDim, valueDim(), useBias, useGate, outputShape,
        kernelInitializer, biasInitializer, rules);
  }

  /** A builder with Keras' defaults. */
  public static MultiHeadAttentionBuilder builder(int numHeads, int keyDim) {
    return new MultiHeadAttentionBuilder(numHeads, keyDim);
  }

  /** The number of heads. */
  public int numHeads() {
    return numHeads;
  }

  /** The size of each head's query and key. */
  public int keyDim() {
    return keyDim;
  }

  /** The size of each head's value ({@code key_dim} unless given). */
  public int valueDim() {
    return valueDim == null ? keyDim : valueDim;
  }

  /** Whether a sigmoid gate of the query scales each head's attended values, Keras 3.15's {@code use_gate}. */
  public boolean useGate() {
    return useGate;
  }

  /**
   * Keras' sub-layers in weight order, each holding a kernel and (with {@code use_bias}) a bias: {@code query},
   * {@code key}, {@code gate} (with {@code use_gate}), {@code value}, {@code attention_output}.
   */
  public List<String> sublayerNames() {
    return projections.names();
  }

  /** The probability to drop an attention probability, Keras' {@code dropout}. */
  @Override
  public float rate() {
    return dropout;
  }

  /** The dropout's own seed, or {@code null}. */
  @Override
  public Long seed() {
    return seed;
  }

  private String label() {
    return name() != null ? name() : className();
  }

  // ------------------------------------------------------------------ shapes

  /** The first attention axis of inputs of {@code rank}: the attention runs over axes {@code first .. rank-2}. */
  private int firstAttentionAxis(int rank) {
    if (attentionAxes == null) {
      return 1;
    }
    int[] axes = new int[attentionAxes.length];
    for (int i = 0; i < axes.length; i++) {
      // Keras normalizes a negative axis against the projected rank (rank + 1) minus 1
      axes[i] = attentionAxes[i] < 0 ? attentionAxes[i] + rank : attentionAxes[i];
    }
    int[] sorted = axes.clone();
    Arrays.sort(sorted);
    boolean ok = sorted[0] >= 1 && sorted[sorted.length - 1] == rank - 2;
    for (int i = 1; ok && i < sorted.length; i++) {
      ok = sorted[i] == sorted[i - 1] + 1 && axes[i] == sorted[i];
    }
    if (!ok) {
      throw new IllegalArgumentException("Layer \"" + label() + "\" (MultiHeadAttention): unsupported "
          + "attention_axes=" + Arrays.toString(attentionAxes) + " for inputs of rank " + rank + ": dropout4j "
          + "supports attention over a trailing run of the axes 1.." + (rank - 2) + " in increasing order (the "
          + "default is all of them)");
    }
    return sorted[0];
  }

  @Override
  protected void validateInputs(List<Shape> shapes) {
    if (shapes.size() < 2 || shapes.size() > 4) {
      throw new IllegalArgumentException("Layer \"" + label() + "\" (MultiHeadAttention) must be called on query "
          + "and value, and optionally key and attention_mask, received " + shapes.size() + " input(s) with shapes "
          + shapes);
    }
    Shape q = shapes.get(0);
    Shape v = shapes.get(1);
    Shape k = shapes.size() > 2 ? shapes.get(2) : v;
    int rank = q.rank();
    if (rank < 3 || v.rank() != rank || k.rank() != rank) {
      throw new IllegalArgumentException("Inputs of layer \"" + label() + "\" (MultiHeadAttention) are "
          + "incompatible with the layer: expected query, value and key of the same rank >= 3, (batch, T, dim), "
          + "received query " + q + ", value " + v + ", key " + k);
    }
    for (int i = 1; i < rank - 1; i++) {
      if (!AttentionMasks.sameDim(v.dim(i), k.dim(i))) {
        throw new IllegalArgumentException("Layer \"" + label() + "\" (MultiHeadAttention): all dimensions of "
            + "`value` and `key`, except the last one, must be equal, received value " + v + " and key " + k);
      }
    }
    for (Shape s : List.of(q, v, k)) {
      if (s.dim(-1) == Shape.UNKNOWN) {
        throw new IllegalArgumentException("Inputs of layer \"" + label() + "\" (MultiHeadAttention) need a known "
            + "last axis, received query " + q + ", value " + v + ", key " + k);
      }
    }
    int first = firstAttentionAxis(rank);
    for (int i = 0; i < first; i++) {
      if (!AttentionMasks.sameDim(q.dim(i), v.dim(i))) {
        throw new IllegalArgumentException("Layer \"" + label() + "\" (MultiHeadAttention): query and value must "
            + "agree on the batch axis and the axes outside attention_axes, received query " + q + ", value " + v);
      }
    }
    if (shapes.size() == 4) {
      if (rank != 3) {
        throw new IllegalArgumentException("Layer \"" + label() + "\" (MultiHeadAttention): an attention_mask "
            + "needs inputs of rank 3 (batch, T, dim), received query " + q);
      }
      AttentionMasks.attentionMaskDims(this, shapes.get(3), q.dim(0), numHeads, q.dim(1), v.dim(1));
    }
  }

  @Override
  public Shape computeOutputShape(List<Shape> shapes) {
    validateInputs(shapes);
    Shape q = shapes.get(0);
    int[] out = projections.outputShape(q.dim(-1));
    int[] dims = new int[q.rank() - 1 + out.length];
    System.arraycopy(q.toArray(), 0, dims, 0, q.rank() - 1);
    System.arraycopy(out, 0, dims, q.rank() - 1, out.length);
    return Shape.of(dims);
  }

  @Override
  protected List<Parameter> createWeights(List<Shape> shapes, WeightFactory factory) {
    return projections.create(shapes.get(0), shapes.get(1), shapes.size() > 2 ? shapes.get(2) : shapes.get(1),
        factory);
  }

  // ------------------------------------------------------------------ call

  @Override
  protected void checkCallArguments(Map<String, Object> arguments) {
    AttentionMasks.check(this, arguments, true);
  }

  @Override
  public Tensor call(List<Tensor> inputs, CallContext context) {
    return call(inputs, Map.of(), context);
  }

  @Override
  public Tensor call(List<Tensor> inputs, Map<String, Object> arguments, CallContext context) {
    AttentionMasks.prepare(this, inputs);
    Tensor query = inputs.get(0);
    Tensor value = inputs.get(1);
    Tensor key = inputs.size() > 2 ? inputs.get(2) : value;
    Shape qs = query.shape();
    int rank = qs.rank();
    int first = firstAttentionAxis(rank);
    boolean causal = AttentionMasks.causal(arguments);
    if (causal && rank != 3) {
      throw new IllegalArgumentException("Layer \"" + label() + "\" (MultiHeadAttention): use_causal_mask needs "
          + "inputs of rank 3 (batch, T, dim), received query " + qs);
    }
    int groups = 1; // the batch and the axes outside the attention
    for (int i = 0; i < first; i++) {
      groups *= qs.dim(i);
    }
    int tq = qs.size() / groups / qs.dim(-1);
    int tv = value.shape().size() / groups / value.shape().dim(-1);
    List<Parameter> p = weights();
    Tensor q = projections.heads(MultiHeadProjections.QUERY, p, query, groups, tq, context);
    Tensor k = projections.heads(MultiHeadProjections.KEY, p, key, groups, tv, context);
    Tensor v = projections.heads(MultiHeadProjections.VALUE, p, value, groups, tv, context);
    q = Ops.mulScalar(q, (float) (1.0 / Math.sqrt(keyDim)));
    Tensor scores = MergeOps.batchDot(q, k, 2, 2); // (groups * heads, tq, tv)
    // Keras: masks of query, value (and an explicit key) hide positions as the causal and sliding-window masks and
    // the attention_mask do; a query row with nothing to attend to is uniform in Keras' fused path (rank 3, no
    // dropout), else zeros
    Tensor queryMask = query.mask();
    Tensor keyMask = inputs.size() > 2 ? key.mask() : null;
    if ((queryMask != null || value.mask() != null || keyMask != null) && rank != 3) {
      throw new IllegalArgumentException("Layer \"" + label() + "\" (MultiHeadAttention): masked inputs need rank 3 "
          + "(batch, T, dim), received query " + qs);
    }
    boolean[] allowed = AttentionMasks.allowed(this, groups, numHeads, tq, tv, queryMask, value.mask(), keyMask,
        inputs.size() > 3 ? inputs.get(3) : null, causal, slidingWindow == null ? 0 : slidingWindow);
    Tensor probabilities = AttentionOps.maskedSoftmax(scores, allowed, dropout == 0f && rank == 3, false);
    if (dropout > 0f && drawsNoise(context)) {
      probabilities = Noise.dropout(probabilities, dropout, probabilities.shape(), context.noiseKey(seed));
    }
    Tensor attended = MergeOps.batchDot(probabilities, v, 2, 1); // (groups * heads, tq, dv)
    Tensor out = projections.output(p, attended, query, groups, tq, context);
    int[] dims = computeOutputShape(inputs.stream().map(Tensor::shape).toList()).toArray();
    dims[0] = qs.dim(0);
    return Ops.reshape(out, dims).withMask(queryMask);
  }

  /** Keras: the output carries the query's mask. */
  @Override
  protected boolean supportsMasking() {
    return true;
  }

  /** The regularizers and constraints of the layer's weights (and its activity regularizer). */
  @Override
  WeightRules weightRules() {
    return rules;
  }

  // ------------------------------------------------------------------ config

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("num_heads", numHeads);
    config.put("key_dim", keyDim);
    config.put("value_dim", valueDim());
    config.put("dropout", Configs.number(dropout));
    config.put("use_bias", useBias);
    config.put("use_gate", useGate);
    config.put("output_shape", outputShape == null ? null : Arrays.stream(outputShape).boxed().toList());
    config.put("attention_axes", attentionAxes == null ? null : Arrays.stream(attentionAxes).boxed().toList());
    config.put("sliding_window", slidingWindow);
    config.put("kernel_initializer", Configs.envelope(kernelInitializer.className(), kernelInitializer.getConfig()));
    config.put("bias_initializer", Configs.envelope(biasInitializer.className(), biasInitializer.getConfig()));
    rules.putRegularizers(config, "kernel", "bias");
    config.put("activity_regularizer", Configs.envelope(rules.activity()));
    rules.putConstraints(config, "kernel", "bias");
    config.put("seed", seed);
  }
}
