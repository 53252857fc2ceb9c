package org.dropout4j.layers;

import java.util.ArrayList;
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
 * {@code (num_heads, value_dim, *output_shape)}. The output has the query's shape with the last axis replaced by
 * {@code output_shape} (default: the query's last axis).
 *
 * <p>The weights are named and ordered as Keras' sub-layers: {@code query/kernel}, {@code query/bias},
 * {@code key/...}, {@code value/...}, {@code attention_output/kernel}, {@code attention_output/bias} (no biases
 * with {@code use_bias=false}). Defaults as in Keras 3.15: {@code value_dim=key_dim}, {@code dropout=0},
 * {@code use_bias=true}, kernels glorot_uniform, biases zeros, attention over every axis between batch and
 * features. Explicit {@code attention_axes} must be a trailing run of those axes (the others then act as batch
 * axes); {@code use_gate=true}, regularizers and constraints are refused by the reader.
 *
 * <pre>{@code
 * MultiHeadAttention mha = MultiHeadAttention.builder(4, 16).dropout(0.1f).build();
 * KerasTensor y = mha.apply(List.of(x, x), Map.of("use_causal_mask", true));   // causal self-attention
 * }</pre>
 */
public final class MultiHeadAttention extends Layer implements DropoutFamily {
  /** Keras' {@code MultiHeadAttention} config. */
  public static final LayerDescriptor<MultiHeadAttention> DESCRIPTOR = LayerDescriptor.of("MultiHeadAttention",
      MultiHeadAttention.class, r -> {
        r.layerBase();
        Builder b = builder(r.positive("num_heads", r.requiredInt("num_heads")),
            r.positive("key_dim", r.requiredInt("key_dim")));
        b.name(r.string("name", null)).trainable(r.bool("trainable", true));
        if (r.raw("value_dim") != null) {
          b.valueDim(r.positive("value_dim", r.integer("value_dim", 0)));
        }
        b.dropout(r.rate("dropout")).useBias(r.bool("use_bias", true));
        if (r.bool("use_gate", false)) { // Keras 3.15: a sigmoid "gate" projection of the query scales the output
          throw r.invalid("use_gate", "false (dropout4j does not implement Keras 3.15's gated attention)", true);
        }
        b.outputShape(r.intsOrNull("output_shape"));
        b.attentionAxes(r.intsOrNull("attention_axes"));
        if (r.raw("sliding_window") != null) {
          b.slidingWindow(r.positive("sliding_window", r.integer("sliding_window", 0)));
        }
        b.kernelInitializer(ConfigObjects.initializer(r, "kernel_initializer", Configs.GLOROT_UNIFORM));
        b.biasInitializer(ConfigObjects.initializer(r, "bias_initializer", Configs.ZEROS));
        for (String key : List.of("kernel_regularizer", "bias_regularizer", "activity_regularizer",
            "kernel_constraint", "bias_constraint")) {
          r.requireNull(key, "MultiHeadAttention regularizers and constraints are not supported");
        }
        return b.seed(r.optionalLong("seed")).build();
      });

  private final int numHeads;
  private final int keyDim;
  private final Integer valueDim;
  private final float dropout;
  private final boolean useBias;
  private final int[] outputShape;
  private final int[] attentionAxes;
  private final Integer slidingWindow;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private final Long seed;

  /** {@code MultiHeadAttention(num_heads, key_dim)} with Keras' defaults for everything else. */
  public MultiHeadAttention(int numHeads, int keyDim) {
    this(builder(numHeads, keyDim));
  }

  private MultiHeadAttention(Builder b) {
    super(b.name, b.trainable);
    this.numHeads = Guards.positive(b.numHeads, "MultiHeadAttention", "num_heads");
    this.keyDim = Guards.positive(b.keyDim, "MultiHeadAttention", "key_dim");
    this.valueDim = b.valueDim == null ? null : Guards.positive(b.valueDim, "MultiHeadAttention", "value_dim");
    if (!(b.dropout >= 0f && b.dropout < 1f)) {
      throw new IllegalArgumentException("Invalid value for argument `dropout` of MultiHeadAttention: expected a "
          + "float in [0, 1), received dropout=" + b.dropout);
    }
    this.dropout = b.dropout;
    this.useBias = b.useBias;
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
  }

  /** A builder with Keras' defaults. */
  public static Builder builder(int numHeads, int keyDim) {
    return new Builder(numHeads, keyDim);
  }

  @Override
  public String className() {
    return "MultiHeadAttention";
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
    if (shapes.size() < 2 || shapes.size() > 3) {
      throw new IllegalArgumentException("Layer \"" + label() + "\" (MultiHeadAttention) must be called on query "
          + "and value, and optionally key, received " + shapes.size() + " input(s) with shapes " + shapes);
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
      if (!same(v.dim(i), k.dim(i))) {
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
      if (!same(q.dim(i), v.dim(i))) {
        throw new IllegalArgumentException("Layer \"" + label() + "\" (MultiHeadAttention): query and value must "
            + "agree on the batch axis and the axes outside attention_axes, received query " + q + ", value " + v);
      }
    }
  }

  private static boolean same(int a, int b) {
    return a == Shape.UNKNOWN || b == Shape.UNKNOWN || a == b;
  }

  @Override
  protected void validateInput(Shape inputShape) {
    validateInputs(List.of(inputShape));
  }

  @Override
  public Shape computeOutputShape(List<Shape> shapes) {
    validateInputs(shapes);
    Shape q = shapes.get(0);
    int[] out = outputShape == null ? new int[] {q.dim(-1)} : outputShape;
    int[] dims = new int[q.rank() - 1 + out.length];
    for (int i = 0; i < q.rank() - 1; i++) {
      dims[i] = q.dim(i);
    }
    System.arraycopy(out, 0, dims, q.rank() - 1, out.length);
    return Shape.of(dims);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return computeOutputShape(List.of(inputShape));
  }

  @Override
  protected List<Parameter> createWeights(List<Shape> shapes, WeightFactory factory) {
    Shape q = shapes.get(0);
    Shape v = shapes.get(1);
    Shape k = shapes.size() > 2 ? shapes.get(2) : v;
    int dv = valueDim();
    List<Parameter> w = new ArrayList<>();
    projection(w, factory, "query", q.dim(-1), keyDim);
    projection(w, factory, "key", k.dim(-1), keyDim);
    projection(w, factory, "value", v.dim(-1), dv);
    int[] out = outputShape == null ? new int[] {q.dim(-1)} : outputShape;
    int[] kernel = new int[2 + out.length];
    kernel[0] = numHeads;
    kernel[1] = dv;
    System.arraycopy(out, 0, kernel, 2, out.length);
    w.add(factory.create("attention_output/kernel", Shape.of(kernel), kernelInitializer, true));
    if (useBias) {
      w.add(factory.create("attention_output/bias", Shape.of(out), biasInitializer, true));
    }
    return w;
  }

  private void projection(List<Parameter> w, WeightFactory factory, String name, int in, int width) {
    w.add(factory.create(name + "/kernel", Shape.of(in, numHeads, width), kernelInitializer, true));
    if (useBias) {
      w.add(factory.create(name + "/bias", Shape.of(numHeads, width), biasInitializer, true));
    }
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    return createWeights(List.of(inputShape), factory);
  }

  // ------------------------------------------------------------------ call

  @Override
  protected void checkCallArguments(Map<String, Object> arguments) {
    AttentionMasks.check(this, arguments);
  }

  @Override
  public Tensor call(List<Tensor> inputs, CallContext context) {
    return call(inputs, Map.of(), context);
  }

  @Override
  public Tensor call(List<Tensor> inputs, Map<String, Object> arguments, CallContext context) {
    List<Shape> shapes = inputs.stream().map(Tensor::shape).toList();
    validateInputs(shapes);
    if (!built()) {
      build(shapes, org.dropout4j.random.RngKey.of(0));
    }
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
    int w = 0;
    List<Parameter> p = weights();
    Tensor q = heads(query, p.get(w), useBias ? p.get(w + 1) : null, groups, tq, keyDim, context);
    w += useBias ? 2 : 1;
    Tensor k = heads(key, p.get(w), useBias ? p.get(w + 1) : null, groups, tv, keyDim, context);
    w += useBias ? 2 : 1;
    Tensor v = heads(value, p.get(w), useBias ? p.get(w + 1) : null, groups, tv, valueDim(), context);
    w += useBias ? 2 : 1;
    q = Ops.mulScalar(q, (float) (1.0 / Math.sqrt(keyDim)));
    Tensor scores = MergeOps.batchDot(q, k, 2, 2); // (groups * heads, tq, tv)
    // Keras: masks of query, value (and an explicit key) hide positions as the causal and sliding-window masks do;
    // a query row with nothing to attend to is uniform in Keras' fused path (rank 3, no dropout), else zeros
    Tensor queryMask = query.mask();
    Tensor keyMask = inputs.size() > 2 ? key.mask() : null;
    if ((queryMask != null || value.mask() != null || keyMask != null) && rank != 3) {
      throw new IllegalArgumentException("Layer \"" + label() + "\" (MultiHeadAttention): masked inputs need rank 3 "
          + "(batch, T, dim), received query " + qs);
    }
    boolean[] allowed = AttentionMasks.allowed(this, groups, numHeads, tq, tv, queryMask, value.mask(), keyMask,
        causal, slidingWindow == null ? 0 : slidingWindow);
    Tensor probabilities = AttentionOps.maskedSoftmax(scores, allowed, dropout == 0f && rank == 3, false);
    if (dropout > 0f && drawsNoise(context)) {
      probabilities = Noise.dropout(probabilities, dropout, probabilities.shape(), context.noiseKey(seed));
    }
    Tensor attended = MergeOps.batchDot(probabilities, v, 2, 1); // (groups * heads, tq, dv)
    attended = AttentionOps.swapMiddleAxes(Ops.reshape(attended, groups, numHeads, tq, valueDim()));
    Tensor flat = Ops.reshape(attended, groups * tq, numHeads * valueDim());
    Tensor kernel = context.read(p.get(w));
    int outSize = kernel.size() / (numHeads * valueDim());
    Tensor out = Ops.dense(flat, Ops.reshape(kernel, numHeads * valueDim(), outSize),
        useBias ? Ops.reshape(context.read(p.get(w + 1)), outSize) : null, Ops.FusedActivation.LINEAR);
    int[] dims = computeOutputShape(shapes).toArray();
    dims[0] = qs.dim(0);
    return Ops.reshape(out, dims).withMask(queryMask);
  }

  /** Keras: the output carries the query's mask. */
  @Override
  protected boolean supportsMasking() {
    return true;
  }

  /** One projection split into heads: {@code (groups, t, d)} to {@code (groups * heads, t, width)}. */
  private Tensor heads(Tensor x, Parameter kernel, Parameter bias, int groups, int t, int width,
      CallContext context) {
    int d = x.shape().dim(-1);
    Tensor flat = Ops.reshape(x, groups * t, d);
    Tensor projected = Ops.dense(flat, Ops.reshape(context.read(kernel), d, numHeads * width),
        bias == null ? null : Ops.reshape(context.read(bias), numHeads * width), Ops.FusedActivation.LINEAR);
    Tensor split = AttentionOps.swapMiddleAxes(Ops.reshape(projected, groups, t, numHeads, width));
    return Ops.reshape(split, groups * numHeads, t, width);
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return call(List.of(input), context);
  }

  // ------------------------------------------------------------------ config

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("num_heads", numHeads);
    config.put("key_dim", keyDim);
    config.put("value_dim", valueDim());
    config.put("dropout", Configs.number(dropout));
    config.put("use_bias", useBias);
    config.put("use_gate", false);
    config.put("output_shape", outputShape == null ? null : Arrays.stream(outputShape).boxed().toList());
    config.put("attention_axes", attentionAxes == null ? null : Arrays.stream(attentionAxes).boxed().toList());
    config.put("sliding_window", slidingWindow);
    config.put("kernel_initializer", Configs.envelope(kernelInitializer.className(), kernelInitializer.getConfig()));
    config.put("bias_initializer", Configs.envelope(biasInitializer.className(), biasInitializer.getConfig()));
    config.put("kernel_regularizer", null);
    config.put("bias_regularizer", null);
    config.put("activity_regularizer", null);
    config.put("kernel_constraint", null);
    config.put("bias_constraint", null);
    config.put("seed", seed);
  }

  /** Options of {@link MultiHeadAttention}, with Keras' defaults. */
  public static final class Builder {
    private final int numHeads;
    private final int keyDim;
    private Integer valueDim;
    private float dropout;
    private boolean useBias = true;
    private int[] outputShape;
    private int[] attentionAxes;
    private Integer slidingWindow;
    private String kernelInitializer = Configs.GLOROT_UNIFORM;
    private String biasInitializer = Configs.ZEROS;
    private Long seed;
    private String name;
    private boolean trainable = true;

    private Builder(int numHeads, int keyDim) {
      this.numHeads = numHeads;
      this.keyDim = keyDim;
    }

    /** Each head's value size, positive; default {@code key_dim}. */
    public Builder valueDim(int value) {
      this.valueDim = value;
      return this;
    }

    /** The probability to drop an attention probability, in {@code [0, 1)}; default 0. */
    public Builder dropout(float value) {
      this.dropout = value;
      return this;
    }

    /** Whether the projections have biases; default true. */
    public Builder useBias(boolean value) {
      this.useBias = value;
      return this;
    }

    /** The output's trailing shape (positive sizes), or {@code null} (default) for the query's last axis. */
    public Builder outputShape(int... value) {
      this.outputShape = value;
      return this;
    }

    /** The attention axes (a trailing run of the axes between batch and features), or {@code null} (all). */
    public Builder attentionAxes(int... value) {
      this.attentionAxes = value;
      return this;
    }

    /** Keras' {@code sliding_window}: query {@code i} sees keys {@code |i - j| < value}; default none. */
    public Builder slidingWindow(Integer value) {
      this.slidingWindow = value;
      return this;
    }

    /** The kernels' initializer name; default glorot_uniform. */
    public Builder kernelInitializer(String value) {
      this.kernelInitializer = value;
      return this;
    }

    /** The biases' initializer name; default zeros. */
    public Builder biasInitializer(String value) {
      this.biasInitializer = value;
      return this;
    }

    /** The dropout's own seed, or {@code null} (default) to draw from the model's random stream. */
    public Builder seed(Long value) {
      this.seed = value;
      return this;
    }

    /** The layer's name, or {@code null}. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** Whether the weights are trained; default true. */
    public Builder trainable(boolean value) {
      this.trainable = value;
      return this;
    }

    /**
     * The layer.
     *
     * @throws IllegalArgumentException for a non-positive size, a dropout outside {@code [0, 1)}, empty
     *     attention axes or an unknown initializer
     */
    public MultiHeadAttention build() {
      return new MultiHeadAttention(this);
    }
  }
}
