package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.internal.FastPathHooks;
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
public abstract class Layer implements Operation, KerasObject {
  static {
    FastPathHooks.install(new FastPathAccess());
  }

  private final String className;
  private String name;
  private boolean trainable;
  private boolean supportsMasking;
  private boolean createsMask;
  private InputSpec inputSpec = InputSpec.ANY;
  private Shape builtInputShape;
  private List<Shape> calledShapes;
  private List<Parameter> weights = List.of();

  /**
   * @param name the layer's name, or {@code null} to let the containing model assign one (e.g. {@code dense_1})
   * @param trainable whether its weights are trained
   */
  protected Layer(String name, boolean trainable) {
    this.className = null;
    this.name = name;
    this.trainable = trainable;
  }

  /**
   * A layer whose Keras class name is its descriptor's, so that the name is written once: a layer type passes its
   * own {@code DESCRIPTOR} ({@code super(name, true, DESCRIPTOR)}).
   *
   * @param name the layer's name, or {@code null} to let the containing model assign one (e.g. {@code dense_1})
   * @param trainable whether its weights are trained
   * @param descriptor the layer type's descriptor, whose {@link LayerDescriptor#className()} {@link #className()}
   *     returns
   * @throws IllegalStateException if {@code descriptor} is {@code null}: the layer type's {@code DESCRIPTOR} is read
   *     before its class has set it (a layer built during its own class's static initialisation)
   */
  protected Layer(String name, boolean trainable, LayerDescriptor<?> descriptor) {
    if (descriptor == null) {
      throw new IllegalStateException(getClass().getName() + ": its DESCRIPTOR is null when a layer is built; "
          + "declare it before any static field that builds a layer of the type");
    }
    this.className = descriptor.className();
    this.name = name;
    this.trainable = trainable;
  }

  /**
   * The Keras class name used in configs, e.g. {@code Dense}: the descriptor's given to the constructor. A layer
   * type built with the two-argument constructor overrides this.
   *
   * @throws IllegalStateException if the type gave no descriptor and does not override this
   */
  @Override
  public String className() {
    if (className == null) {
      throw new IllegalStateException(getClass().getName() + " names no Keras class: pass its descriptor to the "
          + "Layer constructor or override className()");
    }
    return className;
  }

  /** The layer's name; {@code null} until assigned by a model if none was given. */
  @Override
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

  /**
   * Keras' {@code layer.trainable = value}: freezes (or unfreezes) every weight the layer created trainable,
   * including those of the layers it wraps; {@link org.dropout4j.tensor.Parameter#trainable()} and a model's
   * {@code trainableWeights()} reflect it at once. In training it takes effect, as in Keras, at the next
   * {@code compile()}: the first {@code fit} after a compile fixes which weights train and which
   * BatchNormalization layers run in inference mode (a frozen one uses and keeps its moving statistics).
   */
  public final void setTrainable(boolean value) {
    this.trainable = value;
    for (Layer inner : sublayers()) {
      inner.setTrainable(value);
    }
    for (Parameter p : weights()) {
      p.setFrozen(!value);
    }
  }

  /** The layers this layer wraps (Keras' tracked sublayers), which follow its {@code setTrainable}; none here. */
  public List<Layer> sublayers() {
    return List.of();
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
    build(inputShape, key, name());
  }

  /**
   * As {@link #build(Shape, RngKey)} with weights named {@code <weightPrefix>/<weight>}: how a wrapper names the
   * weights of the layers it wraps as Keras does ({@code time_distributed/kernel},
   * {@code bidirectional/forward_lstm/kernel}).
   */
  final void build(Shape inputShape, RngKey key, String weightPrefix) {
    validateInput(inputShape);
    List<Parameter> created = createWeights(inputShape, new WeightFactory(weightPrefix, trainable, key));
    this.weights = Collections.unmodifiableList(new ArrayList<>(created));
    this.builtInputShape = inputShape.withBatch(Shape.UNKNOWN);
  }

  /** Creates the layer's weights; layers without weights keep the default (none). */
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    return List.of();
  }

  /**
   * Checks that the layer can take inputs of this shape (rank and known sizes). Default: the rank its
   * {@link #inputSpec(InputSpec)} requires (any rank if it declared none).
   *
   * @throws IllegalArgumentException naming the layer, the expected and the received shape
   */
  protected void validateInput(Shape inputShape) {
    inputSpec.check(this, inputShape);
  }

  /** Keras' {@code self.input_spec = ...}, for a constructor: the rank {@link #validateInput}'s default checks. */
  protected final void inputSpec(InputSpec spec) {
    this.inputSpec = spec;
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
    return withOutputMask(forward(input, context), input);
  }

  /** {@code output} carrying the mask {@link #computeMask} gives for {@code input} and its mask. */
  final Tensor withOutputMask(Tensor output, Tensor input) {
    Tensor mask = input.mask();
    return output.withMask(mask == null && !createsMask() ? null : computeMask(input, mask));
  }

  /** The layer's computation; {@link #call} has checked the input shape. */
  protected abstract Tensor forward(Tensor input, CallContext context);

  // ------------------------------------------------------------------ masking

  /**
   * Keras' {@code supports_masking}: whether a mask on the input ({@link Tensor#mask()}) passes unchanged to the
   * output. False unless the constructor called {@link #supportMasking()}: as in Keras, a layer that does not support
   * masking drops the mask (Flatten, Conv1D, Reshape...).
   */
  protected boolean supportsMasking() {
    return supportsMasking;
  }

  /**
   * Keras' {@code self.supports_masking = True}, for a constructor: a mask on the input passes unchanged to the
   * output (layers that treat each time step on its own: Dense, Activation, the dropout family).
   */
  protected final void supportMasking() {
    this.supportsMasking = true;
  }

  /** Whether the layer makes a mask from its input alone: false unless the constructor called {@link #createMask}. */
  protected boolean createsMask() {
    return createsMask;
  }

  /** For a constructor: the layer makes a mask from its input alone ({@code Masking}, {@code Embedding(mask_zero)}). */
  protected final void createMask() {
    this.createsMask = true;
  }

  /**
   * Whether the output carries a mask when the input does ({@code inputMasked}) or not: what {@link #computeMask}
   * gives, without values; exporters use it to find the layers a mask reaches.
   */
  public boolean outputMasked(boolean inputMasked) {
    return createsMask() || (inputMasked && supportsMasking());
  }

  /**
   * Keras' {@code compute_mask}: the mask of the output for an input and its mask ({@code null}: none); it runs even
   * without an input mask for a layer that {@linkplain #createsMask() creates masks}. Default: the input's mask if
   * the layer {@linkplain #supportsMasking() supports masking}, else none. Layers that consume the mask (recurrent
   * layers without {@code return_sequences}, {@code GlobalAveragePooling1D}) return {@code null}.
   */
  protected Tensor computeMask(Tensor input, Tensor mask) {
    return supportsMasking() ? mask : null;
  }

  // ------------------------------------------------------------------ several inputs and symbolic calls

  /**
   * Builds the layer for a call on several inputs (merge layers, attention); a single shape builds as
   * {@link #build(Shape, RngKey)} does.
   *
   * @throws IllegalArgumentException if the layer cannot take inputs of these shapes
   */
  public final void build(List<Shape> inputShapes, RngKey key) {
    if (inputShapes.size() == 1) {
      build(inputShapes.get(0), key);
      return;
    }
    validateInputs(inputShapes);
    List<Parameter> created = createWeights(inputShapes, new WeightFactory(name(), trainable, key));
    this.weights = Collections.unmodifiableList(new ArrayList<>(created));
    this.builtInputShape = inputShapes.get(0).withBatch(Shape.UNKNOWN);
  }

  /** Creates the weights of a layer called on several inputs. Default: one input, as {@link #createWeights}. */
  protected List<Parameter> createWeights(List<Shape> inputShapes, WeightFactory factory) {
    return createWeights(inputShapes.get(0), factory);
  }

  /**
   * Checks a call's input shapes. Default: exactly one input, checked by {@link #validateInput(Shape)}; layers
   * that take several inputs override this.
   *
   * @throws IllegalArgumentException naming the layer, the expected and the received shapes
   */
  protected void validateInputs(List<Shape> inputShapes) {
    if (inputShapes.size() != 1) {
      throw new IllegalArgumentException("Layer \"" + name + "\" (" + className() + ") takes one input, received "
          + inputShapes.size() + " inputs with shapes " + inputShapes);
    }
    validateInput(inputShapes.get(0));
  }

  /** The output shape for a call on several inputs. Default: one input, as {@link #computeOutputShape(Shape)}. */
  public Shape computeOutputShape(List<Shape> inputShapes) {
    validateInputs(inputShapes);
    return computeOutputShape(inputShapes.get(0));
  }

  /**
   * Runs the layer on a list of inputs. Default: exactly one input, as {@link #call(Tensor, CallContext)};
   * merge layers and attention override this.
   *
   * @throws IllegalArgumentException if the number of inputs or a shape does not fit
   */
  public Tensor call(List<Tensor> inputs, CallContext context) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("Layer \"" + name + "\" (" + className() + ") takes one input, received "
          + inputs.size());
    }
    return call(inputs.get(0), context);
  }

  /**
   * Calls the layer on symbolic tensors (Keras' {@code layer(x)} in a functional model): checks the shapes now,
   * at graph construction, and records the call. The weights are created when the model is built. Calling one
   * layer on several tensors shares its weights between the calls; every call must then have compatible shapes.
   *
   * @throws IllegalArgumentException naming the layer and the shapes if it cannot take these inputs
   */
  public final KerasTensor apply(KerasTensor... inputs) {
    return apply(List.of(inputs), Map.of());
  }

  /**
   * Calls the layer on a symbolic tensor with the {@code training} argument fixed, Keras'
   * {@code layer(x, training=True)}: e.g. a dropout that stays active at inference (Monte Carlo dropout).
   */
  public final KerasTensor apply(KerasTensor input, boolean training) {
    return apply(List.of(input), Map.of("training", training));
  }

  /**
   * Calls the layer on symbolic tensors with call arguments by Keras name ({@code training}, ...), for a layer that
   * returns one tensor; see {@link #applyAll(List, Map)}.
   *
   * @throws IllegalArgumentException as {@link #applyAll(List, Map)} does, or if the call returns several tensors
   */
  public final KerasTensor apply(List<KerasTensor> inputs, Map<String, Object> arguments) {
    return LayerCalls.single(this, applyAll(inputs, arguments));
  }

  /** As {@link #applyAll(List, Map)} without call arguments: every output of the call. */
  public final List<KerasTensor> applyAll(KerasTensor... inputs) {
    return applyAll(List.of(inputs), Map.of());
  }

  /**
   * Calls the layer on symbolic tensors with call arguments by Keras name and returns every output of the call, as
   * Keras' {@code layer(x, ...)} returns a list for e.g. {@code LSTM(return_state=True)}: {@code [output, h, c]}.
   * Arguments whose value is a {@link KerasTensor} or a list of them ({@code initial_state}, {@code mask}) become
   * inputs of the graph; the others ({@code training}, {@code use_causal_mask}) are recorded as they are.
   *
   * @throws IllegalArgumentException if there is no input, the layer does not take an argument or cannot take these
   *     shapes, or a shared layer is called on shapes incompatible with its first call
   */
  public final List<KerasTensor> applyAll(List<KerasTensor> inputs, Map<String, Object> arguments) {
    return LayerCalls.record(this, inputs, arguments);
  }

  /** The shapes of the first symbolic call (what later calls of a shared layer must match), or null. */
  final List<Shape> calledShapes() {
    return calledShapes;
  }

  final void calledShapes(List<Shape> shapes) {
    calledShapes = calledShapes == null ? List.copyOf(shapes) : calledShapes;
  }

  /**
   * The output shapes of a call, one per output. Default: the one shape of {@link #computeOutputShape(List)};
   * layers with several outputs or tensor call arguments (recurrent layers: {@code return_state},
   * {@code initial_state}, {@code mask}) override this.
   *
   * @param inputShapes the shapes of the positional inputs
   * @param argumentShapes the shapes of the tensor call arguments by name (empty for most calls)
   * @throws IllegalArgumentException naming what the layer expects and the shapes received
   */
  protected List<Shape> computeOutputShapes(List<Shape> inputShapes, Map<String, List<Shape>> argumentShapes) {
    MaskArgument.checkShape(inputShapes.get(0), argumentShapes);
    return List.of(computeOutputShape(inputShapes));
  }

  /**
   * Checks a call's non-tensor arguments other than {@code training} (Keras names, e.g. {@code use_causal_mask}),
   * when the call is recorded; {@link #call(List, Map, CallContext)} receives them at every run. Default: the layer
   * takes none; layers with call arguments (attention) override this.
   *
   * @param arguments the arguments by Keras name, without {@code training}
   * @throws IllegalArgumentException naming the layer and the argument the layer does not take, or a bad value
   */
  protected void checkCallArguments(Map<String, Object> arguments) {
    LayerCalls.checkDefaultArguments(this, arguments);
  }

  /**
   * Whether the layer takes Keras' {@code mask} call argument as a tensor ({@link MaskArgument}): layers that read
   * their input's mask (GlobalAveragePooling1D; the recurrent layers take it through their own arguments). Default
   * false: the call is refused naming the layer.
   */
  protected boolean takesMaskArgument() {
    return false;
  }

  /**
   * Runs the layer with the non-tensor arguments of its call in a functional graph (as recorded by
   * {@link #apply(List, Map)}, {@code training} included, which the model has already put into the context).
   * Default: {@link #call(List, CallContext)}; layers that take call arguments (attention's
   * {@code use_causal_mask}) override this.
   */
  public Tensor call(List<Tensor> inputs, Map<String, Object> arguments, CallContext context) {
    return call(inputs, context);
  }

  /**
   * Runs one call of a functional graph and returns every output: the positional inputs, the tensor call arguments
   * by name ({@code initial_state}, {@code mask}) and the other arguments, as {@link #applyAll(List, Map)} recorded
   * them. Default: the one output of {@link #call(List, Map, CallContext)}; layers with several outputs or tensor
   * arguments override this.
   */
  public List<Tensor> callAll(List<Tensor> inputs, Map<String, List<Tensor>> tensorArguments,
      Map<String, Object> arguments, CallContext context) {
    return List.of(call(LayerCalls.withMaskArgument(this, inputs, tensorArguments), arguments, context));
  }

  /** The dtype of a call's output. Default: {@code float32} (layers that pass integer ids through override it). */
  protected String outputDtype(List<KerasTensor> inputs) {
    return "float32";
  }

  final String callLabel() {
    return name != null ? name : className();
  }

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

  /** Penalties this layer adds to the loss (weight regularizers), as differentiable scalars; default none. */
  public List<Tensor> regularizationLosses(CallContext context) {
    return weightRules().penalties(weights(), context);
  }

  /** The regularizers and constraints of the layer's weights, by weight name, that the two defaults apply. */
  WeightRules weightRules() {
    return WeightRules.NONE;
  }

  /**
   * Values this layer reports after each training epoch, recorded by {@code fit} in the History as
   * {@code <layer name>/<key>} (e.g. a learned dropout probability {@code concrete_dropout/p}) and listed by
   * {@code summary()}. Default: none.
   */
  public Map<String, Double> epochLogs() {
    return Map.of();
  }

  /** Applies weight constraints (e.g. MaxNorm) after an optimizer step; default none. */
  public void applyConstraints() {
    weightRules().applyConstraints(weights());
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
