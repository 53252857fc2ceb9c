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
 * {@code merge_mode=None} (two outputs) and {@code return_state} are not supported in a Sequential model.
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
        if (r.has("merge_mode") && r.raw("merge_mode") == null) {
          throw r.invalid("merge_mode", "concat, sum, mul or ave (None gives two outputs, which a Sequential layer "
              + "cannot)", "None");
        }
        String mergeMode = r.string("merge_mode", Bidirectional.DEFAULT_MERGE_MODE);
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
   * @param mergeMode concat, sum, mul or ave
   * @param name the wrapper's name or {@code null}
   * @throws IllegalArgumentException for an unknown merge mode, built layers, {@code return_state}, or a backward
   *     layer that does not run the other way or differs in {@code return_sequences}
   */
  public Bidirectional(RecurrentLayer forwardLayer, RecurrentLayer backwardLayer, String mergeMode, String name) {
    super(name, forwardLayer.trainable());
    if (!MODES.contains(mergeMode)) {
      throw new IllegalArgumentException("Invalid value for argument `merge_mode` of Bidirectional: expected one of "
          + "concat, sum, mul, ave (None, two outputs, is not supported in a Sequential model), received merge_mode="
          + mergeMode);
    }
    if (forwardLayer.built() || backwardLayer.built() || forwardLayer == backwardLayer) {
      throw new IllegalArgumentException("Invalid value for argument `layer` of Bidirectional: expected two new, "
          + "unbuilt layers");
    }
    if (forwardLayer.returnState() || backwardLayer.returnState()) {
      throw new IllegalArgumentException("Invalid value for argument `layer` of Bidirectional: return_state=true is "
          + "not supported (a Sequential layer has one output)");
    }
    boolean flip = forwardLayer.goBackwards() != backwardLayer.goBackwards();
    if (!flip || forwardLayer.returnSequences() != backwardLayer.returnSequences()
        || !forwardLayer.className().equals(backwardLayer.className())) {
      throw new IllegalArgumentException("Invalid value for argument `backward_layer` of Bidirectional: expected a "
          + forwardLayer.className() + " with go_backwards=" + !forwardLayer.goBackwards() + " and return_sequences="
          + forwardLayer.returnSequences() + ", received " + backwardLayer.className() + " with go_backwards="
          + backwardLayer.goBackwards() + " and return_sequences=" + backwardLayer.returnSequences());
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
    boolean zeroOutput = forwardLayer.returnSequences(); // Keras forces zero_output_for_mask to return_sequences
    Tensor y = forwardLayer.call(input, context.forLayer(0), zeroOutput);
    Tensor yRev = backwardLayer.call(input, context.forLayer(1), zeroOutput);
    if (forwardLayer.returnSequences()) {
      yRev = reverseTime(yRev);
    }
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
    Shape one = forwardLayer.computeOutputShape(inputShape);
    if (!mergeMode.equals("concat")) {
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
