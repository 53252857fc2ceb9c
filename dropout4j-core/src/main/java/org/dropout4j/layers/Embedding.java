package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.internal.Guards;
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
 */
public final class Embedding extends Layer {
  /** Keras' {@code Embedding} config; regularizers, constraints and {@code mask_zero} are refused. */
  public static final LayerDescriptor<Embedding> DESCRIPTOR = LayerDescriptor.of("Embedding", Embedding.class, r -> {
    String name = r.unfrozenName("Embedding");
    int inputDim = r.requiredInt("input_dim");
    int outputDim = r.requiredInt("output_dim");
    String init = ConfigObjects.initializer(r, "embeddings_initializer", Embedding.DEFAULT_INITIALIZER);
    r.requireNull("embeddings_regularizer", "embedding regularizers are not supported");
    r.requireNull("activity_regularizer", "activity regularizers are not supported on Embedding");
    r.requireNull("embeddings_constraint", "embedding constraints are not supported");
    boolean maskZero = r.bool("mask_zero", false);
    r.ignore("input_length"); // Keras 2: a shape hint, the model's input shape carries it
    r.requireNull("quantization_config", "quantization is not supported");
    r.requireNull("lora_rank", "LoRA is not supported");
    r.requireNull("lora_alpha", "LoRA is not supported");
    return new Embedding(inputDim, outputDim, init, maskZero, name);
  });

  /** Default {@code embeddings_initializer}. */
  public static final String DEFAULT_INITIALIZER = "uniform";

  private final int inputDim;
  private final int outputDim;
  private final Initializer initializer;
  private final boolean maskZero;

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
    super(name, true, DESCRIPTOR);
    inputSpec(InputSpec.minNdim(1, "(ids)"));
    Guards.positive(inputDim, "Embedding", "input_dim");
    Guards.positive(outputDim, "Embedding", "output_dim");
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.initializer = Initializers.get(embeddingsInitializer);
    this.maskZero = maskZero;
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
    return List.of(factory.create("embeddings", Shape.of(inputDim, outputDim), initializer, true));
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
    return Gather.rows(context.read(weights().get(0)), ids, input.shape().toArray());
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
    config.put("input_dim", inputDim);
    config.put("output_dim", outputDim);
    config.put("embeddings_initializer", Configs.envelope(initializer));
    Configs.putNone(config, "embeddings_regularizer", "activity_regularizer", "embeddings_constraint");
    config.put("mask_zero", maskZero);
  }
}
