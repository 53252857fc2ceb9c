package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.tensor.MergeOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Bidirectional} wrapper: a recurrent layer run forward and a copy run over the reversed sequence,
 * their outputs merged by {@code merge_mode}: {@code concat} (default, last axis), {@code sum}, {@code mul} or
 * {@code ave}. The backward layer is the forward layer's config with {@code go_backwards} flipped; with
 * {@code return_sequences} its output is reversed back in time before merging, as in Keras. Dropout and recurrent
 * dropout of the wrapped layer apply in both directions, with independent masks (MC dropout included). Weights are
 * named {@code <wrapper>/forward_<layer>/...} then {@code <wrapper>/backward_<layer>/...} as in Keras 2 and TF.js.
 * A mask on the input ({@link Tensor#mask()}) reaches both directions, as in Keras; as Keras does, the wrapper runs
 * its layers with {@code zero_output_for_mask = return_sequences} (masked steps output zeros in both directions).
 * With {@code merge_mode=None} the two directions' outputs are returned side by side (two outputs, the backward
 * one in input time order), and with {@code return_state} the forward layer's final states then the backward
 * layer's follow, as Keras returns them: both need a functional model ({@link #applyAll}); a Sequential model refuses
 * {@code merge_mode=None} and keeps only the output with {@code return_state}. In a graph the wrapper takes Keras'
 * {@code initial_state} (the forward layer's states, then the backward layer's) and an explicit {@code mask}.
 *
 * <pre>{@code
 * new Bidirectional(LSTM.builder(16).returnSequences(true), "concat")
 * }</pre>
 */
public final class Bidirectional extends Layer {
  /**
   * Keras' {@code Bidirectional} config: {@code merge_mode}, {@code layer}, {@code backward_layer} (by default the
   * layer's config with {@code go_backwards} flipped, as Keras builds it) and the base keys.
   */
  @SuppressWarnings("unchecked")
  public static final LayerDescriptor<Bidirectional> DESCRIPTOR = LayerDescriptor.of("Bidirectional",
      Bidirectional.class, r -> {
        String name = r.weightlessName("Bidirectional");
        String mergeMode = r.has("merge_mode") && r.raw("merge_mode") == null ? null
            : r.string("merge_mode", Bidirectional.DEFAULT_MERGE_MODE);
        Layer forward = ConfigObjects.anyLayer(r, "layer");
        Layer backward;
        if (r.nested("backward_layer") != null) {
          backward = ConfigObjects.anyLayer(r, "backward_layer");
        } else {
          Map<String, Object> env = ConfigObjects.wrappedEnvelope(r, "layer", r.nested("layer"));
          Map<String, Object> c = (Map<String, Object>) env.get("config");
          c.put("go_backwards", !Boolean.TRUE.equals(c.get("go_backwards")));
          backward = ConfigObjects.readNested(r, env);
        }
        if (!(forward instanceof RecurrentLayer) || !(backward instanceof RecurrentLayer)) {
          throw r.invalid("layer", "a SimpleRNN, GRU or LSTM", forward.className());
        }
        return new Bidirectional((RecurrentLayer) forward, (RecurrentLayer) backward, mergeMode, name);
      });

  /** Default {@code merge_mode}. */
  public static final String DEFAULT_MERGE_MODE = "concat";
  private static final Set<String> MODES = Set.of("concat", "sum", "mul", "ave");
  private static final String NONE_IN_CHAIN = "merge_mode=None gives two outputs (forward, backward): call the layer "
      + "in a functional model with applyAll(...), a Sequential layer has one output";

  private final RecurrentLayer forwardLayer;
  private final RecurrentLayer backwardLayer;
  private final String mergeMode;

  /**
   * The layer {@code builder} builds run forward, and one with {@code go_backwards} flipped, merged by
   * {@code mergeMode}.
   */
  public Bidirectional(RecurrentLayer.Builder<?> builder, String mergeMode) {
    this(pair(builder), mergeMode);
  }

  private Bidirectional(RecurrentLayer[] pair, String mergeMode) {
    this(pair[0], pair[1], mergeMode, null);
  }

  private static RecurrentLayer[] pair(RecurrentLayer.Builder<?> builder) {
    RecurrentLayer f = builder.build();
    RecurrentLayer b = builder.goBackwards(!f.goBackwards()).build();
    builder.goBackwards(f.goBackwards());
    return new RecurrentLayer[] {f, b};
  }

  /**
   * @param forwardLayer the forward layer (not built)
   * @param backwardLayer a layer of the same config (not built); its {@code go_backwards} is the opposite of the
   *     forward layer's
   * @param mergeMode concat, sum, mul, ave, or {@code null} (Keras' None: two outputs)
   * @param name the wrapper's name or {@code null}
   * @throws IllegalArgumentException for an unknown merge mode, built layers, or a backward layer that does not run
   *     the other way or differs in {@code return_sequences} or {@code return_state}
   */
  public Bidirectional(RecurrentLayer forwardLayer, RecurrentLayer backwardLayer, String mergeMode, String name) {
    super(name, forwardLayer.trainable());
    if (mergeMode != null && !MODES.contains(mergeMode)) {
      throw new IllegalArgumentException("Invalid value for argument `merge_mode` of Bidirectional: expected one of "
          + "concat, sum, mul, ave or None (null), received merge_mode=" + mergeMode);
    }
    if (forwardLayer.built() || backwardLayer.built() || forwardLayer == backwardLayer) {
      throw new IllegalArgumentException("Invalid value for argument `layer` of Bidirectional: expected two new, "
          + "unbuilt layers");
    }
    boolean flip = forwardLayer.goBackwards() != backwardLayer.goBackwards();
    if (!flip || forwardLayer.returnSequences() != backwardLayer.returnSequences()
        || forwardLayer.returnState() != backwardLayer.returnState()
        || !forwardLayer.className().equals(backwardLayer.className())) {
      throw new IllegalArgumentException("Invalid value for argument `backward_layer` of Bidirectional: expected a "
          + forwardLayer.className() + " with go_backwards=" + !forwardLayer.goBackwards() + ", return_sequences="
          + forwardLayer.returnSequences() + " and return_state=" + forwardLayer.returnState() + ", received "
          + backwardLayer.className() + " with go_backwards=" + backwardLayer.goBackwards() + ", return_sequences="
          + backwardLayer.returnSequences() + " and return_state=" + backwardLayer.returnState());
    }
    this.forwardLayer = forwardLayer;
    this.backwardLayer = backwardLayer;
    this.mergeMode = mergeMode;
  }

  /** The forward layer. */
  public RecurrentLayer forwardLayer() {
    return forwardLayer;
  }

  /** The backward layer. */
  public RecurrentLayer backwardLayer() {
    return backwardLayer;
  }

  /** The merge mode: concat, sum, mul, ave, or {@code null} (Keras' None: the two outputs side by side). */
  public String mergeMode() {
    return mergeMode;
  }

  @Override
  public String className() {
    return "Bidirectional";
  }

  @Override
  protected void validateInput(Shape inputShape) {
    if (inputShape.rank() != 3) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (Bidirectional) is incompatible with the "
          + "layer: expected an input (batch, timesteps, features), received input with shape " + inputShape);
    }
  }

  @Override
  public List<Layer> sublayers() {
    return List.of(forwardLayer, backwardLayer);
  }

  /** The penalties of both directions' weight regularizers, forward first, as Keras collects its sublayers'. */
  @Override
  public List<Tensor> regularizationLosses(CallContext context) {
    List<Tensor> losses = new ArrayList<>(forwardLayer.regularizationLosses(context));
    losses.addAll(backwardLayer.regularizationLosses(context));
    return losses;
  }

  /** Applies both directions' weight constraints. */
  @Override
  public void applyConstraints() {
    forwardLayer.applyConstraints();
    backwardLayer.applyConstraints();
  }

  @Override
  protected List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    String base = snake(forwardLayer.className());
    if (forwardLayer.name() == null) {
      forwardLayer.assignName("forward_" + base);
    }
    if (backwardLayer.name() == null) {
      backwardLayer.assignName("backward_" + base);
    }
    forwardLayer.build(inputShape, factory.childKey("forward_layer"), name() + "/" + prefixed("forward_",
        forwardLayer.name()));
    backwardLayer.build(inputShape, factory.childKey("backward_layer"), name() + "/" + prefixed("backward_",
        backwardLayer.name()));
    List<Parameter> w = new ArrayList<>(forwardLayer.weights());
    w.addAll(backwardLayer.weights());
    return w;
  }

  private static String prefixed(String prefix, String name) {
    return name.startsWith(prefix) ? name : prefix + name;
  }

  private static String snake(String className) {
    return className.equals("SimpleRNN") ? "simple_rnn" : className.toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    if (mergeMode == null) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Bidirectional): " + NONE_IN_CHAIN);
    }
    return run(input, null, context, false).get(0);
  }

  /** Accepts {@code initial_state} (forward states, then backward states) and an explicit {@code mask}. */
  @Override
  protected void checkCallArguments(Map<String, Object> arguments) {
    RecurrentCalls.checkArguments(this, arguments, forwardLayer.stateCount() + backwardLayer.stateCount());
  }

  /** The merged output (two with {@code merge_mode=None}), then with {@code return_state} both layers' states. */
  @Override
  protected List<Shape> computeOutputShapes(List<Shape> inputShapes, Map<String, List<Shape>> argumentShapes) {
    validateInputs(inputShapes);
    Shape input = inputShapes.get(0);
    Shape one = forwardLayer.computeOutputShape(input);
    RecurrentCalls.checkShapes(this, input, argumentShapes, Shape.of(Shape.UNKNOWN, forwardLayer.units()));
    List<Shape> shapes = new ArrayList<>(mergeMode == null ? List.of(one, one) : List.of(merged(one)));
    for (RecurrentLayer layer : List.of(forwardLayer, backwardLayer)) {
      for (int i = 0; forwardLayer.returnState() && i < layer.stateCount(); i++) {
        shapes.add(Shape.of(input.dim(0), layer.units()));
      }
    }
    return shapes;
  }

  @Override
  public List<Tensor> callAll(List<Tensor> inputs, Map<String, List<Tensor>> tensorArguments,
      Map<String, Object> arguments, CallContext context) {
    if (inputs.size() != 1) {
      return List.of(call(inputs, context)); // throws the error for several inputs
    }
    Tensor computed = RecurrentCalls.computedInput(inputs.get(0), tensorArguments);
    if (!built()) {
      build(computed.shape(), org.dropout4j.random.RngKey.of(0));
    }
    List<Tensor> out = run(computed, RecurrentCalls.states(tensorArguments), context, forwardLayer.returnState());
    Tensor masked = MaskArgument.applied(inputs.get(0), tensorArguments);
    for (int i = 0; i < (mergeMode == null ? 2 : 1); i++) {
      out.set(i, withOutputMask(out.get(i), masked));
    }
    return out;
  }

  /** The output(s), then with {@code withStates} the forward layer's final states and the backward layer's. */
  private List<Tensor> run(Tensor input, List<Tensor> states, CallContext context, boolean withStates) {
    boolean zeroOutput = forwardLayer.returnSequences(); // Keras forces zero_output_for_mask to return_sequences
    int split = forwardLayer.stateCount();
    List<Tensor> fw = forwardLayer.call(input, states == null ? null : states.subList(0, split), context.forLayer(0),
        zeroOutput, withStates);
    List<Tensor> bw = backwardLayer.call(input, states == null ? null : states.subList(split, states.size()),
        context.forLayer(1), zeroOutput, withStates);
    Tensor y = fw.get(0);
    Tensor yRev = forwardLayer.returnSequences() ? reverseTime(bw.get(0)) : bw.get(0);
    List<Tensor> out = new ArrayList<>();
    if (mergeMode == null) {
      out.add(withOutputMask(y, input));
      out.add(withOutputMask(yRev, input));
    } else {
      out.add(withOutputMask(merge(y, yRev), input));
    }
    if (withStates) {
      out.addAll(fw.subList(1, fw.size()));
      out.addAll(bw.subList(1, bw.size()));
    }
    return out;
  }

  private Tensor merge(Tensor y, Tensor yRev) {
    switch (mergeMode) {
      case "concat":
        return MergeOps.concat(List.of(y, yRev), -1);
      case "sum":
        return Ops.add(y, yRev);
      case "mul":
        return Ops.mul(y, yRev);
      default:
        return Ops.mulScalar(Ops.add(y, yRev), 0.5f);
    }
  }

  @Override
  protected boolean supportsMasking() {
    return true;
  }

  /** Keras: both directions read the input's mask; the output keeps it with {@code return_sequences}. */
  @Override
  public boolean outputMasked(boolean inputMasked) {
    return inputMasked && forwardLayer.returnSequences();
  }

  @Override
  protected Tensor computeMask(Tensor input, Tensor mask) {
    return forwardLayer.returnSequences() ? mask : null;
  }

  /** {@code (B, T, U)} with the time axis reversed, differentiable. */
  private static Tensor reverseTime(Tensor y) {
    int steps = y.shape().dim(1);
    List<Tensor> parts = new ArrayList<>();
    for (int t = steps - 1; t >= 0; t--) {
      parts.add(org.dropout4j.tensor.SequenceOps.step(y, t));
    }
    return org.dropout4j.tensor.SequenceOps.stack(parts);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    if (mergeMode == null) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Bidirectional): " + NONE_IN_CHAIN);
    }
    return merged(forwardLayer.computeOutputShape(inputShape));
  }

  private Shape merged(Shape one) {
    if (!"concat".equals(mergeMode)) {
      return one;
    }
    int[] d = one.toArray();
    d[d.length - 1] *= 2;
    return Shape.of(d);
  }

  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("merge_mode", mergeMode);
    config.put("layer", Configs.envelope(forwardLayer.className(), forced(forwardLayer)));
    config.put("backward_layer", Configs.envelope(backwardLayer.className(), forced(backwardLayer)));
  }

  /** A wrapped layer's config with {@code zero_output_for_mask} as the wrapper runs it, as Keras writes it. */
  private static Map<String, Object> forced(RecurrentLayer layer) {
    Map<String, Object> c = layer.getConfig();
    c.put("zero_output_for_mask", layer.returnSequences());
    return c;
  }
}
