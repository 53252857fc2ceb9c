package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The base of every layer: a name, the trainable flag, the input shape it was built for and its weights.
 *
 * <p>The contract, as in Keras: {@link #call(Tensor, CallContext)} computes the output from ops (autodiff gives
 * the backward pass), {@link #computeOutputShape(Shape)} maps shapes with an unknown batch dimension,
 * {@link #getConfig()} returns the Keras JSON config (snake_case keys, base keys first) and {@link #className()}
 * the Keras {@code class_name}. Subclasses hold an immutable config; only their weights change during training.
 */
public abstract class Layer {
  private String name;
  private final boolean trainable;
  private Shape builtInputShape;
  private List<Parameter> weights = List.of();

  /**
   * @param name the layer's name, or {@code null} to let the containing model assign one (e.g. {@code dense_1})
   * @param trainable whether its weights are trained
   */
  protected Layer(String name, boolean trainable) {
    this.name = name;
    this.trainable = trainable;
  }

  /** The Keras class name used in configs, e.g. {@code Dense}. */
  public abstract String className();

  /** The layer's name; {@code null} until assigned by a model if none was given. */
  public final String name() {
    return name;
  }

  /**
   * Gives an unnamed layer its name; containers call this when the layer is added.
   *
   * @throws IllegalStateException if the layer already has a name
   */
  public final void assignName(String newName) {
    if (name != null) {
      throw new IllegalStateException("layer already named \"" + name + "\", cannot rename it to \"" + newName + "\"");
    }
    this.name = newName;
  }

  /** Whether the layer's weights are trained. */
  public final boolean trainable() {
    return trainable;
  }

  /** Whether {@link #build} has run. */
  public final boolean built() {
    return builtInputShape != null;
  }

  /** The input shape the layer was built for (batch dimension unknown), or {@code null} before building. */
  public final Shape inputShape() {
    return builtInputShape;
  }

  /**
   * Creates the weights for inputs of {@code inputShape} (batch dimension may be unknown).
   *
   * @param inputShape the input shape including the batch dimension
   * @param key the random key for initializers (used only if the layer has no seed of its own)
   * @throws IllegalArgumentException if the layer cannot take inputs of that shape
   */
  public final void build(Shape inputShape, RngKey key) {
    validateInput(inputShape);
    List<Parameter> created = createWeights(inputShape, new WeightFactory(name(), trainable, key));
    this.weights = Collections.unmodifiableList(new ArrayList<>(created));
    this.builtInputShape = inputShape.withBatch(Shape.UNKNOWN);
  }

  /** Creates the layer's weights; layers without weights keep the default (none). */
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    return List.of();
  }

  /**
   * Checks that the layer can take inputs of this shape (rank and known sizes).
   *
   * @throws IllegalArgumentException naming the layer, the expected and the received shape
   */
  protected void validateInput(Shape inputShape) {
  }

  /**
   * Runs the layer.
   *
   * @throws IllegalStateException if the layer was not built
   * @throws IllegalArgumentException if the input's shape doesn't fit what the layer was built for
   */
  public final Tensor call(Tensor input, CallContext context) {
    if (!built()) {
      build(input.shape(), RngKey.of(0));
    } else if (!builtInputShape.compatibleWith(input.shape())) {
      throw new IllegalArgumentException("Input of layer \"" + name + "\" (" + className()
          + ") is incompatible with the layer: expected shape " + builtInputShape + ", received input with shape "
          + input.shape());
    }
    return forward(input, context);
  }

  /**
   * Runs this layer and {@code next}, the layer after it in a model, as one fused op when the two fuse (a
   * {@link Conv2D} followed by a {@link MaxPooling2D} whose windows tile its output), giving what
   * {@code next.call(call(input, context), nextContext)} gives, to the bit; returns {@code null} when they do not
   * fuse or a layer is not built yet, and the caller then calls them one after the other. {@code next} must take
   * no randomness from its context (pooling does not).
   */
  public final Tensor callFusedWith(Layer next, Tensor input, CallContext context) {
    if (!built() || !next.built() || !builtInputShape.compatibleWith(input.shape())) {
      return null;
    }
    return forwardFusedWith(next, input, context);
  }

  /** The fused computation of {@link #callFusedWith}, or {@code null} (the default) if this layer does not fuse. */
  protected Tensor forwardFusedWith(Layer next, Tensor input, CallContext context) {
    return null;
  }

  /** The layer's computation; {@link #call} has checked the input shape. */
  protected abstract Tensor forward(Tensor input, CallContext context);

  /** The output shape for an input shape (batch dimension may be unknown). Default: unchanged. */
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  /** The layer's weights (trainable first, then frozen), empty before building. */
  public final List<Parameter> weights() {
    return weights;
  }

  /** Number of scalars in all weights. */
  public final long countParams() {
    long n = 0;
    for (Parameter p : weights) {
      n += p.size();
    }
    return n;
  }

  /**
   * Penalties this layer adds to the loss (weight regularizers), as differentiable scalars.
   * Default: none.
   */
  public List<Tensor> regularizationLosses(CallContext context) {
    return List.of();
  }

  /**
   * Values this layer reports after each training epoch, recorded by {@code fit} in the History as
   * {@code <layer name>/<key>} (e.g. a learned dropout probability {@code concrete_dropout/p}) and listed by
   * {@code summary()}. Default: none.
   */
  public Map<String, Double> epochLogs() {
    return Map.of();
  }

  /** Applies weight constraints (e.g. MaxNorm) after an optimizer step. Default: none. */
  public void applyConstraints() {
  }

  /**
   * The Keras config: {@code name}, {@code trainable}, {@code dtype} first, then the layer's own keys from
   * {@link #addConfig(Map)} in Keras order.
   */
  public final Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name);
    config.put("trainable", trainable);
    config.put("dtype", "float32");
    addConfig(config);
    return config;
  }

  /** Adds the layer's own config keys. */
  protected abstract void addConfig(Map<String, Object> config);

  /** A one-line description for logs. */
  @Override
  public String toString() {
    return className() + "(" + getConfig() + ")";
  }
}
