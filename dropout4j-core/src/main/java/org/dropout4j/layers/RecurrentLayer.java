package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dropout4j.internal.Guards;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.layers.initializers.Initializers;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Recurrent.Cell;
import org.dropout4j.tensor.Recurrent;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The base of {@link SimpleRNN}, {@link GRU} and {@link LSTM}: the shared Keras options, the weights in the Keras 3
 * layout and Keras' recurrent dropout; the math is one fused op per sequence ({@link Recurrent#run}).
 *
 * <p>Input {@code (batch, timesteps, input_dim)}; output {@code (batch, units)}, or {@code (batch, timesteps, units)}
 * with {@code return_sequences} (with {@code go_backwards} the outputs are in processing order, i.e. reversed, as in
 * Keras). Weights: {@code kernel (input_dim, G*units)}, {@code recurrent_kernel (units, G*units)},
 * {@code bias (G*units)} (GRU: {@code (2, 3*units)}), gate blocks in Keras' order.
 *
 * <p>Dropout (Gal and Ghahramani, "A theoretically grounded application of dropout in recurrent neural networks",
 * NeurIPS 2016), as Keras 3 does it: when dropout is active ({@link CallContext#dropoutActive()}: training or Monte
 * Carlo passes) masks of shape {@code (batch, input_dim)} for the inputs ({@code dropout}) and
 * {@code (batch, units)} for the previous output ({@code recurrent_dropout}) are drawn once per call and reused at
 * every time step; kept entries are scaled by {@code 1 / (1 - rate)}. Like Keras' cells, GRU and LSTM draw one
 * input mask shared by all gates when {@code recurrent_dropout == 0}, and one mask per gate for both the input and
 * the recurrent state when {@code recurrent_dropout > 0} (Keras switches to its per-gate implementation then).
 * The masks are {@link RecurrentDropoutMasks#mask}s of the layer's noise key ({@link CallContext#noiseKey}): the
 * input mask from {@code key.fold(0)}, the recurrent one from {@code key.fold(1)} (per-gate masks fold in the gate
 * index once more). At inference the layer is deterministic.
 *
 * <p>Regularizers and constraints as in Keras ({@link RecurrentWeightsBuilder}): {@code kernel_regularizer},
 * {@code recurrent_regularizer} and {@code bias_regularizer} add {@code penalty(weight)} to the training loss,
 * {@code activity_regularizer} adds {@code penalty(output) / batch_size} for each output of a call, and
 * {@code kernel_constraint}, {@code recurrent_constraint} and {@code bias_constraint} project their weight after each
 * optimizer step (e.g. max-norm, Srivastava et al. 2014's companion of dropout).
 *
 * <p>In a functional graph the layer takes Keras' call arguments {@code initial_state} ({@code [h]}, or
 * {@code [h, c]} for LSTM, each {@code (batch, units)}: the classic seq2seq decoder starts from the encoder's final
 * states, and gradients flow back through them) and {@code mask} (a {@code (batch, timesteps)} tensor, nonzero =
 * keep, used instead of the mask the input carries); with {@code return_state}, {@link #applyAll} returns the output
 * followed by the final states ({@code h}, and {@code c} for LSTM), as Keras' call does. Through
 * {@link Layer#call} (and so in a {@code Sequential}) the layer returns only the output; {@link #callWithStates}
 * returns the output and the states, all differentiable.
 *
 * <pre>{@code
 * List<KerasTensor> enc = LSTM.builder(64).returnState(true).build().applyAll(encoderInput);   // output, h, c
 * KerasTensor dec = LSTM.builder(64).returnSequences(true).build()
 *     .apply(List.of(decoderInput), Map.of("initial_state", enc.subList(1, 3)));
 * }</pre>
 */
public abstract class RecurrentLayer extends Layer {
  /** Default {@code activation}. */
  public static final String DEFAULT_ACTIVATION = "tanh";
  /** Default {@code recurrent_activation} (GRU, LSTM). */
  public static final String DEFAULT_RECURRENT_ACTIVATION = "sigmoid";
  /** Default {@code kernel_initializer}. */
  public static final String DEFAULT_KERNEL_INITIALIZER = Configs.GLOROT_UNIFORM;
  /** Default {@code recurrent_initializer}. */
  public static final String DEFAULT_RECURRENT_INITIALIZER = "orthogonal";
  /** Default {@code bias_initializer}. */
  public static final String DEFAULT_BIAS_INITIALIZER = Configs.ZEROS;

  private static final String DROP_PROBABILITY = "a float in [0, 1) (the probability to drop)";

  private final Cell cell;
  private final int units;
  private final String activationName;
  private final String recurrentActivationName;
  private final RecurrentRunner runner;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer recurrentInitializer;
  private final Initializer biasInitializer;
  private final boolean unitForgetBias;
  private final float dropout;
  private final float recurrentDropout;
  private final Long seed;
  private final boolean returnSequences;
  private final boolean returnState;
  private final boolean goBackwards;
  private final boolean zeroOutputForMask;
  private final WeightRules rules;

  RecurrentLayer(Builder<?> b) {
    super(b.name, b.trainable);
    String cls = b.cell == Cell.SIMPLE ? "SimpleRNN" : b.cell.name();
    if (b.units <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `units` of " + cls + ": expected a positive "
          + "integer, received units=" + b.units);
    }
    Guards.argument(b.dropout >= 0f && b.dropout < 1f, cls, "dropout", DROP_PROBABILITY, b.dropout);
    Guards.argument(b.recurrentDropout >= 0f && b.recurrentDropout < 1f, cls, "recurrent_dropout", DROP_PROBABILITY,
        b.recurrentDropout);
    this.cell = b.cell == Cell.GRU && !b.resetAfter ? Cell.GRU_RESET_BEFORE : b.cell;
    this.units = b.units;
    this.activationName = b.activation;
    this.recurrentActivationName = b.recurrentActivation;
    this.runner = new RecurrentRunner(cls, this.cell, b.units, b.activation, b.recurrentActivation, b.dropout,
        b.recurrentDropout, b.seed, b.returnSequences, b.goBackwards);
    this.useBias = b.useBias;
    this.kernelInitializer = Initializers.get(b.kernelInitializer);
    this.recurrentInitializer = Initializers.get(b.recurrentInitializer);
    this.biasInitializer = Initializers.get(b.biasInitializer);
    this.unitForgetBias = b.unitForgetBias;
    this.dropout = b.dropout;
    this.recurrentDropout = b.recurrentDropout;
    this.seed = b.seed;
    this.returnSequences = b.returnSequences;
    this.returnState = b.returnState;
    this.goBackwards = b.goBackwards;
    this.zeroOutputForMask = b.zeroOutputForMask;
    this.rules = b.rules();
  }

  /** Number of units (size of the output and of each state). */
  public final int units() {
    return units;
  }

  /** Probability to drop an input feature (mask shared across time steps). */
  public final float dropout() {
    return dropout;
  }

  /** Probability to drop a unit of the previous output (mask shared across time steps). */
  public final float recurrentDropout() {
    return recurrentDropout;
  }

  /** Whether the output is the whole sequence. */
  public final boolean returnSequences() {
    return returnSequences;
  }

  /** Whether {@link #callWithStates} is the intended call (recorded in the config as {@code return_state}). */
  public final boolean returnState() {
    return returnState;
  }

  /**
   * Keras' {@code zero_output_for_mask}: whether the output of a masked step is zeros (true) or the previous output
   * (false, the default); the states carry over either way.
   */
  public final boolean zeroOutputForMask() {
    return zeroOutputForMask;
  }

  /** Whether the time axis is processed in reverse. */
  public final boolean goBackwards() {
    return goBackwards;
  }

  @Override
  protected final void validateInput(Shape inputShape) {
    if (inputShape.rank() != 3 || inputShape.dim(-1) <= 0) {
      throw new IllegalArgumentException("Input of layer \"" + name() + "\" (" + className() + ") is incompatible "
          + "with the layer: expected an input (batch, timesteps, features) with a known last axis, received input "
          + "with shape " + inputShape);
    }
  }

  @Override
  protected final List<Parameter> createWeights(Shape inputShape, WeightFactory factory) {
    int cols = cell.gates() * units;
    List<Parameter> w = new ArrayList<>();
    w.add(factory.create("kernel", Shape.of(inputShape.dim(-1), cols), kernelInitializer, true));
    w.add(factory.create("recurrent_kernel", Shape.of(units, cols), recurrentInitializer, true));
    if (useBias) {
      Shape biasShape = cell == Cell.GRU ? Shape.of(2, cols) : Shape.of(cols);
      Initializer init = cell == Cell.LSTM && unitForgetBias ? new ForgetBias(biasInitializer, units)
          : biasInitializer;
      w.add(factory.create("bias", biasShape, init, true));
    }
    return w;
  }

  @Override
  protected final Tensor forward(Tensor input, CallContext context) {
    return run(input, null, context, false, zeroOutputForMask).get(0);
  }

  /**
   * The layer's outputs with Keras' {@code zero_output_for_mask} given by the caller: how {@link Bidirectional}, which
   * forces it to {@code return_sequences} as Keras does, runs its layers. The input's shape is checked; with
   * {@code withStates} the final states follow the output.
   */
  final List<Tensor> call(Tensor input, List<Tensor> initialStates, CallContext context, boolean zeroOutput,
      boolean withStates) {
    if (!built()) {
      build(input.shape(), RngKey.of(0));
    } else if (!inputShape().compatibleWith(input.shape())) {
      call(input, context); // throws the shape error
    }
    List<Tensor> out = new ArrayList<>(run(input, initialStates, context, withStates, zeroOutput));
    out.set(0, withOutputMask(out.get(0), input));
    return out;
  }

  /** Accepts {@code initial_state} ({@code [h]}, or {@code [h, c]} for LSTM) and an explicit {@code mask}. */
  @Override
  protected final void checkCallArguments(Map<String, Object> arguments) {
    RecurrentCalls.checkArguments(this, arguments, runner.stateCount());
  }

  /** The output, then with {@code return_state} the final {@code h} (and {@code c} for LSTM), each (batch, units). */
  @Override
  protected final List<Shape> computeOutputShapes(List<Shape> inputShapes, Map<String, List<Shape>> argumentShapes) {
    Shape out = computeOutputShape(inputShapes);
    Shape input = inputShapes.get(0);
    RecurrentCalls.checkShapes(this, input, argumentShapes, runner.stateShape(Shape.UNKNOWN));
    List<Shape> shapes = new ArrayList<>(List.of(out));
    for (int i = 0; returnState && i < runner.stateCount(); i++) {
      shapes.add(runner.stateShape(input.dim(0)));
    }
    return shapes;
  }

  /**
   * One call in a functional graph: from the call's {@code initial_state} (zeros without one), reading its explicit
   * {@code mask} instead of the input's (with {@code initial_state} and no {@code mask}, none: Keras 3's rule, see
   * {@link RecurrentCalls#computedInput}); the output, then with {@code return_state} the final states.
   */
  @Override
  public final List<Tensor> callAll(List<Tensor> inputs, Map<String, List<Tensor>> tensorArguments,
      Map<String, Object> arguments, CallContext context) {
    if (inputs.size() != 1) {
      return List.of(call(inputs, context)); // throws the error for several inputs
    }
    Tensor computed = RecurrentCalls.computedInput(inputs.get(0), tensorArguments);
    List<Tensor> out = call(computed, RecurrentCalls.states(tensorArguments), context, zeroOutputForMask,
        returnState);
    out.set(0, withOutputMask(out.get(0), MaskArgument.applied(inputs.get(0), tensorArguments)));
    return out;
  }

  @Override
  protected final boolean supportsMasking() {
    return true;
  }

  /** Keras: the input's mask with {@code return_sequences}, else none (the mask is consumed). */
  @Override
  public final boolean outputMasked(boolean inputMasked) {
    return inputMasked && returnSequences;
  }

  @Override
  protected final Tensor computeMask(Tensor input, Tensor mask) {
    return returnSequences ? mask : null;
  }

  /**
   * Runs the layer and returns Keras' {@code return_state} list: the output, then the final {@code h} (and for
   * LSTM the final carry {@code c}), each {@code (batch, units)}.
   *
   * @throws IllegalArgumentException if the input's shape doesn't fit the layer
   */
  public final List<Tensor> callWithStates(Tensor input, CallContext context) {
    return call(input, null, context, zeroOutputForMask, true);
  }

  private List<Tensor> run(Tensor input, List<Tensor> initialStates, CallContext context, boolean withStates,
      boolean zeroOutput) {
    List<Parameter> w = weights();
    Tensor bias = useBias ? context.read(w.get(2)) : null;
    List<Tensor> out = runner.run(this, input, context.read(w.get(0)), context.read(w.get(1)), bias, initialStates,
        context, withStates, zeroOutput);
    rules.addActivityLosses(out, context);
    return out;
  }

  /** The regularizers and constraints of the layer's weights (and its activity regularizer). */
  @Override
  final WeightRules weightRules() {
    return rules;
  }

  /** The number of states {@code initial_state} takes and {@code return_state} returns: 2 for LSTM, else 1. */
  final int stateCount() {
    return runner.stateCount();
  }

  @Override
  public final Shape computeOutputShape(Shape inputShape) {
    return returnSequences ? Shape.of(inputShape.dim(0), inputShape.dim(1), units) : Shape.of(inputShape.dim(0), units);
  }

  @Override
  protected final void addConfig(Map<String, Object> config) {
    if (rules.activity() != null) { // a base key in Keras 3, present only when set
      config.put("activity_regularizer", Configs.envelope(rules.activity()));
    }
    config.put("return_sequences", returnSequences);
    config.put("return_state", returnState);
    config.put("go_backwards", goBackwards);
    config.put("stateful", false);
    config.put("unroll", false);
    config.put("zero_output_for_mask", zeroOutputForMask);
    config.put("units", units);
    config.put("activation", activationName);
    if (cell != Cell.SIMPLE) {
      config.put("recurrent_activation", recurrentActivationName);
    }
    config.put("use_bias", useBias);
    config.put("kernel_initializer", Configs.envelope(kernelInitializer.className(), kernelInitializer.getConfig()));
    config.put("recurrent_initializer",
        Configs.envelope(recurrentInitializer.className(), recurrentInitializer.getConfig()));
    config.put("bias_initializer", Configs.envelope(biasInitializer.className(), biasInitializer.getConfig()));
    if (cell == Cell.LSTM) {
      config.put("unit_forget_bias", unitForgetBias);
    }
    rules.putRegularizers(config, "kernel", "recurrent", "bias");
    if (rules.activity() == null) {
      config.put("activity_regularizer", null); // where Keras 2 writes it
    }
    rules.putConstraints(config, "kernel", "recurrent", "bias");
    config.put("dropout", Configs.number(dropout));
    config.put("recurrent_dropout", Configs.number(recurrentDropout));
    if (cell == Cell.GRU || cell == Cell.GRU_RESET_BEFORE) {
      config.put("reset_after", cell == Cell.GRU);
    }
    if (cell != Cell.SIMPLE) {
      config.put("seed", seed);
    }
  }

  /**
   * Options of a recurrent layer, with Keras' defaults; the weight options (initializers, regularizers, constraints)
   * are {@link RecurrentWeightsBuilder}'s.
   *
   * @param <L> the layer built
   */
  public static final class Builder<L extends RecurrentLayer> extends RecurrentWeightsBuilder<Builder<L>> {
    private final int units;
    private final Function<Builder<L>, L> factory;
    private String name;
    private boolean trainable = true;
    private String activation = DEFAULT_ACTIVATION;
    private String recurrentActivation = DEFAULT_RECURRENT_ACTIVATION;
    private float dropout;
    private float recurrentDropout;
    private Long seed;
    private boolean returnSequences;
    private boolean returnState;
    private boolean goBackwards;
    private boolean resetAfter = true;
    private boolean zeroOutputForMask;

    Builder(Cell cell, int units, Function<Builder<L>, L> factory) {
      super(cell);
      this.units = units;
      this.factory = factory;
    }

    /** The layer's name (default: assigned by the model). */
    public Builder<L> name(String value) {
      this.name = value;
      return this;
    }

    /** Whether the weights are trained (default true). */
    public Builder<L> trainable(boolean value) {
      this.trainable = value;
      return this;
    }

    /** The output activation, any of {@link Activations#names()} (default tanh; not all run fused). */
    public Builder<L> activation(String value) {
      this.activation = value;
      return this;
    }

    /**
     * The gates' activation (GRU, LSTM; default sigmoid).
     *
     * @throws IllegalArgumentException for SimpleRNN, which has no gates
     */
    public Builder<L> recurrentActivation(String value) {
      if (cell == Cell.SIMPLE) {
        throw new IllegalArgumentException("SimpleRNN has no argument `recurrent_activation`");
      }
      this.recurrentActivation = value;
      return this;
    }

    /** Probability to drop an input feature, in [0, 1) (default 0); one mask per sequence. */
    public Builder<L> dropout(float value) {
      this.dropout = value;
      return this;
    }

    /** Probability to drop a unit of the previous output, in [0, 1) (default 0); one mask per sequence. */
    public Builder<L> recurrentDropout(float value) {
      this.recurrentDropout = value;
      return this;
    }

    /** The layer's own dropout seed (default none: the model's random stream). */
    public Builder<L> seed(Long value) {
      this.seed = value;
      return this;
    }

    /** Return the whole sequence (default false: the last output). */
    public Builder<L> returnSequences(boolean value) {
      this.returnSequences = value;
      return this;
    }

    /**
     * Return the final states after the output (default false): {@link RecurrentLayer#applyAll} in a functional
     * graph, {@link RecurrentLayer#callWithStates} on tensors; a Sequential model keeps only the output.
     */
    public Builder<L> returnState(boolean value) {
      this.returnState = value;
      return this;
    }

    /**
     * GRU only: apply the reset gate after the recurrent product (default true, Keras 3's default, bias
     * {@code (2, 3*units)}); false is the original formulation with bias {@code (3*units)}.
     *
     * @throws IllegalArgumentException for other layers
     */
    public Builder<L> resetAfter(boolean value) {
      if (cell != Cell.GRU) {
        throw new IllegalArgumentException("Only GRU has the argument `reset_after`");
      }
      this.resetAfter = value;
      return this;
    }

    /**
     * Keras' {@code zero_output_for_mask}: zeros as the output of masked steps instead of the previous output
     * (default false; {@link Bidirectional} forces it to {@code return_sequences}, as Keras does).
     */
    public Builder<L> zeroOutputForMask(boolean value) {
      this.zeroOutputForMask = value;
      return this;
    }

    /** Process the sequence backwards (default false). */
    public Builder<L> goBackwards(boolean value) {
      this.goBackwards = value;
      return this;
    }

    /**
     * The layer.
     *
     * @throws IllegalArgumentException for units {@code <= 0}, a rate outside [0, 1) or an unsupported activation
     */
    public L build() {
      return factory.apply(this);
    }
  }
}
