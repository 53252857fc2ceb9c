package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.internal.Guards;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.tensor.Gather;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Embedding}: maps integer ids in {@code [0, input_dim)} to rows of a trainable matrix
 * {@code embeddings (input_dim, output_dim)}; input {@code (batch, ...)} of ids (float values that must be whole
 * numbers), output {@code (batch, ..., output_dim)}. The gradient scatter-adds into the rows that were used.
 *
 * <pre>{@code
 * new Embedding(10000, 64);                 // then e.g. new LSTM(64)
 * new Embedding(10000, 64, true);           // mask_zero: id 0 is padding, skipped by the recurrent layers
 * }</pre>
 *
 * <p>{@code embeddings_initializer} defaults to {@code uniform} ({@code RandomUniform(-0.05, 0.05)}).
 * With {@code mask_zero} (default false) the output carries Keras' mask {@code ids != 0} ({@link Tensor#mask()},
 * shape of the ids): the layers that support masking pass it on and recurrent layers skip the masked steps, as in
 * Keras; id 0 still has its (trained) row, as in Keras, so {@code input_dim} counts it.
 * {@code embeddings_regularizer}, {@code activity_regularizer} and {@code embeddings_constraint} work as in Keras
 * (see {@link Builder}).
 */
public final class Embedding extends Layer {
  /** The weight's name, which prefixes its config keys. */
  private static final String EMBEDDINGS = "embeddings";

  /** Keras' {@code Embedding} config with its regularizers, constraint and {@code mask_zero}; LoRA is refused. */
  public static final LayerDescriptor<Embedding> DESCRIPTOR = LayerDescriptor.of("Embedding", Embedding.class, r -> {
    String name = r.unfrozenName("Embedding");
    int inputDim = r.requiredInt("input_dim");
    int outputDim = r.requiredInt("output_dim");
    String init = ConfigObjects.initializer(r, "embeddings_initializer", Embedding.DEFAULT_INITIALIZER);
    WeightRules rules = WeightRules.NONE.read(r, EMBEDDINGS, EMBEDDINGS)
        .withActivity(ConfigObjects.regularizer(r, "activity_regularizer"));
    boolean maskZero = r.bool("mask_zero", false);
    r.ignore("input_length"); // Keras 2: a shape hint, the model's input shape carries it
    r.requireNull("quantization_config", "quantization is not supported");
    r.requireNull("lora_rank", "LoRA is not supported");
    r.requireNull("lora_alpha", "LoRA is not supported");
    return new Embedding(inputDim, outputDim, init, maskZero, name, rules);
  });

  /** Default {@code embeddings_initializer}. */
  public static final String DEFAULT_INITIALIZER = "uniform";

  private final int inputDim;
  private final int outputDim;
  private final Initializer initializer;
  private final boolean maskZero;
  private final WeightRules rules;

  /** {@code Embedding(input_dim, output_dim)} with the default initializer. */
  public Embedding(int inputDim, int outputDim) {
    this(inputDim, outputDim, DEFAULT_INITIALIZER, false, null);
  }

  /** {@code Embedding(input_dim, output_dim, mask_zero=maskZero)} with the default initializer. */
  public Embedding(int inputDim, int outputDim, boolean maskZero) {
    this(inputDim, outputDim, DEFAULT_INITIALIZER, maskZero, null);
  }

  /** {@code Embedding(input_dim, output_dim)} with an initializer, without {@code mask_zero}. */
  public Embedding(int inputDim, int outputDim, String embeddingsInitializer, String name) {
    this(inputDim, outputDim, embeddingsInitializer, false, name);
  }

  /**
   * @param inputDim vocabulary size, ids are in {@code [0, inputDim)}; positive
   * @param outputDim embedding size; positive
   * @param embeddingsInitializer a Keras initializer name
   * @param maskZero whether id 0 is padding: the output carries the mask {@code ids != 0}
   * @param name the layer's name or {@code null}
   * @throws IllegalArgumentException for non-positive sizes or an unknown initializer
   */
  public Embedding(int inputDim, int outputDim, String embeddingsInitializer, boolean maskZero, String name) {
    this(inputDim, outputDim, embeddingsInitializer, maskZero, name, WeightRules.NONE);
  }

  /**
   * A builder for the full option set, by Keras name: besides the constructors' options,
   * {@code embeddings_regularizer} (adds {@code penalty(embeddings)} to the training loss),
   * {@code activity_regularizer} (adds {@code penalty(output) / batch_size}, as Keras 3.15) and
   * {@code embeddings_constraint} (projects the matrix after each optimizer step; {@code new MaxNorm(1, 1)} bounds
   * the norm of each id's row).
   *
   * <pre>{@code
   * Embedding.builder(10000, 64).maskZero(true).embeddingsConstraint(new MaxNorm(1f, 1)).build();
   * }</pre>
   */
  public static Builder builder(int inputDim, int outputDim) {
    return new Builder(inputDim, outputDim);
  }

  private Embedding(int inputDim, int outputDim, String embeddingsInitializer, boolean maskZero, String name,
      WeightRules rules) {
    super(name, true, DESCRIPTOR);
    inputSpec(InputSpec.minNdim(1, "(ids)"));
    Guards.positive(inputDim, "Embedding", "input_dim");
    Guards.positive(outputDim, "Embedding", "output_dim");
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.initializer = Initializers.get(embeddingsInitializer);
    this.maskZero = maskZero;
    this.rules = rules;
    if (maskZero) {
      createMask();
    }
  }

  /** Whether id 0 is padding (Keras' {@code mask_zero}). */
  public boolean maskZero() {
    return maskZero;
  }

  /** Keras: {@code ids != 0} with {@code mask_zero}, else none (an incoming mask is not passed on). */
  @Override
  protected Tensor computeMask(Tensor input, Tensor mask) {
    if (!maskZero) {
      return null;
    }
    float[] ids = input.toArray();
    float[] m = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      m[i] = ids[i] != 0f ? 1f : 0f;
    }
    return Tensor.of(input.shape(), m);
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    return List.of(factory.create(EMBEDDINGS, Shape.of(inputDim, outputDim), initializer, true));
  }

  /** The regularizers and constraints of the layer's weights (and its activity regularizer). */
  @Override
  WeightRules weightRules() {
    return rules;
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    int[] ids = new int[input.size()];
    for (int i = 0; i < ids.length; i++) {
      float v = input.get(i);
      if (!(v >= 0f && v < inputDim) || v != Math.rint(v)) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (Embedding): received id " + v + " at flat "
            + "position " + i + ", expected an integer in [0, input_dim) with input_dim=" + inputDim);
      }
      ids[i] = (int) v;
    }
    Tensor out = Gather.rows(context.read(weights().get(0)), ids, input.shape().toArray());
    rules.addActivityLosses(List.of(out), context);
    return out;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    int[] d = inputShape.toArray();
    int[] out = java.util.Arrays.copyOf(d, d.length + 1);
    out[d.length] = outputDim;
    return Shape.of(out);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    if (rules.activity() != null) { // Keras 3.15: a set base key keeps its place after dtype
      config.put("activity_regularizer", null);
    }
    config.put("input_dim", inputDim);
    config.put("output_dim", outputDim);
    config.put("embeddings_initializer", Configs.envelope(initializer));
    rules.putRegularizers(config, EMBEDDINGS);
    config.put("activity_regularizer", Configs.envelope(rules.activity()));
    rules.putConstraints(config, EMBEDDINGS);
    config.put("mask_zero", maskZero);
  }

  /** Options of {@link Embedding}, with Keras' defaults; values are checked when the layer is built. */
  public static final class Builder {
    private final int inputDim;
    private final int outputDim;
    private String embeddingsInitializer = DEFAULT_INITIALIZER;
    private boolean maskZero;
    private String name;
    private Regularizer embeddingsRegularizer;
    private Regularizer activityRegularizer;
    private Constraint embeddingsConstraint;

    private Builder(int inputDim, int outputDim) {
      this.inputDim = inputDim;
      this.outputDim = outputDim;
    }

    /** The initializer's Keras name (default {@code uniform}). */
    public Builder embeddingsInitializer(String value) {
      this.embeddingsInitializer = value;
      return this;
    }

    /** Whether id 0 is padding: the output carries the mask {@code ids != 0} (default false). */
    public Builder maskZero(boolean value) {
      this.maskZero = value;
      return this;
    }

    /** The layer's name (default: assigned by the model). */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** A penalty on {@code embeddings (input_dim, output_dim)} (default none). */
    public Builder embeddingsRegularizer(Regularizer value) {
      this.embeddingsRegularizer = value;
      return this;
    }

    /** A penalty on the output, {@code penalty(output) / batch_size} per batch (default none). */
    public Builder activityRegularizer(Regularizer value) {
      this.activityRegularizer = value;
      return this;
    }

    /** A constraint on {@code embeddings} after each optimizer step (default none). */
    public Builder embeddingsConstraint(Constraint value) {
      this.embeddingsConstraint = value;
      return this;
    }

    /**
     * The layer.
     *
     * @throws IllegalArgumentException for non-positive sizes or an unknown initializer
     */
    public Embedding build() {
      return new Embedding(inputDim, outputDim, embeddingsInitializer, maskZero, name, WeightRules.NONE.with(
          EMBEDDINGS, embeddingsRegularizer, embeddingsConstraint).withActivity(activityRegularizer));
    }
  }
}
