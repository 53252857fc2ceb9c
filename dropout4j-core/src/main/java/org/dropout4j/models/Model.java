package org.dropout4j.models;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.dropout4j.data.Dataset;
import org.dropout4j.internal.Guards;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.losses.Loss;
import org.dropout4j.losses.Losses;
import org.dropout4j.metrics.Metric;
import org.dropout4j.metrics.Metrics;
import org.dropout4j.optimizers.Optimizer;
import org.dropout4j.optimizers.Optimizers;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * What every model shares, whatever its topology: a name, one seed for all its randomness, the compiled optimizer,
 * loss and metrics, the training counters, the weights, and {@code compile}/{@code fit}/{@code evaluate}/
 * {@code predict} as in Keras. A subclass says only how inputs become outputs: its {@link #layers()},
 * {@link #call(List, CallContext)} and how it builds for given input shapes. Training runs in {@code Trainer},
 * evaluation and prediction in {@code Evaluator}, both through an execution plan chosen once per model (the
 * generic autodiff step, or a fused step with the same semantics); no subclass sees how its batches are run.
 *
 * <p>Randomness: one seed ({@link #setRandomSeed(long)}, otherwise drawn once and readable with {@link #seed()})
 * determines the initial weights, every epoch's shuffle and every dropout mask; the same seed reproduces a run
 * bit for bit. Streams are split per purpose, epoch, step and layer, so they do not depend on thread count.
 */
public abstract class Model {
  /** The random stream of initial weights (folded with the layer index). */
  static final long STREAM_INIT = 1;
  /** The random stream of the per-epoch shuffles (folded with the epoch). */
  static final long STREAM_SHUFFLE = 2;
  /** The random stream of the per-step noise (folded with the training step). */
  static final long STREAM_NOISE = 3;

  private final String name;
  private long seed;
  private boolean seedSet;
  private Optimizer optimizer;
  private Loss loss;
  private OutputConfig outputConfig;
  private List<Metric> metricPrototypes = List.of();
  private List<Metric> weightedMetricPrototypes = List.of();
  private long trainingStep;
  private long epochsTrained;
  private ExecutionPlan plan;
  private TrainedWeights trained;
  private boolean recompiled;

  /** A model with a name and a seed drawn at random. */
  protected Model(String name) {
    this.name = name;
    this.seed = new SecureRandom().nextLong();
  }

  /** The model's name. */
  public final String name() {
    return name;
  }

  /** Every layer of the model (without inputs), in the order their weights are listed. */
  public abstract List<Layer> layers();

  /** Whether the model has been built. */
  public abstract boolean built();

  /**
   * Runs the model on its inputs in a given context: the building block of fit/evaluate/predict.
   *
   * @param inputs one tensor per model input, batch first
   * @param context training, inference or Monte Carlo dropout, with the pass's random key
   * @return one tensor per model output
   * @throws IllegalArgumentException if the number or shapes of the inputs do not fit the model
   */
  public abstract List<Tensor> call(List<Tensor> inputs, CallContext context);

  /**
   * Builds the model for inputs of these shapes if it is not built, else checks that they fit.
   *
   * @throws IllegalArgumentException if the shapes do not fit the model
   * @throws IllegalStateException if the model cannot be built (e.g. it has no layers)
   */
  protected abstract void buildFor(List<Shape> inputShapes);

  /**
   * The largest per-sample activation (in floats) of a pass over inputs of these shapes, for sizing Monte Carlo
   * batches; adds each output's batch shape to {@code outputShapes}.
   */
  abstract long widestActivation(List<Shape> inputShapes, List<Shape> outputShapes);

  /** The number of outputs {@link #call(List, CallContext)} returns. */
  protected abstract int outputCount();

  /** The name of output {@code index}, used to prefix its metrics when there are several outputs. */
  protected abstract String outputName(int index);

  /**
   * Sets the seed that determines initial weights, shuffles and dropout masks.
   *
   * @throws IllegalStateException if the model is already built (the weights would not follow the seed)
   */
  public Model setRandomSeed(long value) {
    Guards.state(!built(), "setRandomSeed() must be called before the model is built (before fit, predict, "
        + "summary or build)");
    return setTrainingSeed(value);
  }

  /**
   * Sets the seed of later shuffles and dropout masks, keeping the weights: for a built model read from a file
   * that carries no seed (Keras, TF.js); unlike {@link #setRandomSeed} it may follow the build.
   */
  public final Model setTrainingSeed(long value) {
    this.seed = value;
    this.seedSet = true;
    return this;
  }

  /** The seed in use (drawn at random if none was set). */
  public final long seed() {
    return seed;
  }

  /** Whether the seed was set explicitly. */
  public final boolean seedSet() {
    return seedSet;
  }

  /** The root key of the model's random streams. */
  final RngKey root() {
    return RngKey.of(seed);
  }

  /** Every weight in layer order. */
  public final List<Parameter> weights() {
    return new ArrayList<>(layers().stream().flatMap(l -> l.weights().stream()).toList());
  }

  /** The trainable weights in layer order. */
  public final List<Parameter> trainableWeights() {
    return new ArrayList<>(weights().stream().filter(Parameter::trainable).toList());
  }

  /** Number of scalars in all weights. */
  public final long countParams() {
    return layers().stream().mapToLong(Layer::countParams).sum();
  }

  /** A copy of every weight's values in layer order. */
  public final List<float[]> getWeights() {
    return new ArrayList<>(weights().stream().map(p -> p.data().clone()).toList());
  }

  /**
   * Sets every weight's values (in layer order).
   *
   * @throws IllegalArgumentException if the count or a size differs; the message names the weight
   */
  public final void setWeights(List<float[]> values) {
    TrainedWeights.set(this, values);
  }

  // ------------------------------------------------------------------ compile

  /**
   * Configures training with optimizer, loss and metrics by Keras name, e.g.
   * {@code compile("adam", "binary_crossentropy", "accuracy")}.
   *
   * @throws IllegalArgumentException for unknown names (the message lists the valid ones)
   */
  public final void compile(String optimizerName, String lossName, String... metrics) {
    compile(Optimizers.get(optimizerName), Losses.get(lossName), metrics);
  }

  /**
   * Configures training with optimizer and loss objects and metric names. With several outputs the loss applies
   * to each and the total is their sum; each output gets its own metrics, named {@code <output>_<metric>}.
   *
   * @throws IllegalArgumentException if the optimizer or loss is {@code null} or a metric name is unknown
   */
  public final void compile(Optimizer optimizerValue, Loss lossValue, String... metrics) {
    List<Metric> ms = new ArrayList<>();
    for (String m : metrics) {
      ms.add(Metrics.resolve(m)); // validates the name
    }
    compile(optimizerValue, lossValue, ms, List.of());
  }

  /**
   * Configures training with optimizer, loss, metric objects (e.g. {@code Metrics.auc(200, "PR")}) and weighted
   * metrics (Keras' {@code weighted_metrics}: they receive fit's sample or class weights; one whose name is also
   * among {@code metrics} is reported as {@code weighted_<name>}).
   *
   * @throws IllegalArgumentException if the optimizer or loss is {@code null}
   */
  public final void compile(Optimizer optimizerValue, Loss lossValue, List<Metric> metrics,
      List<Metric> weightedMetrics) {
    if (optimizerValue == null || lossValue == null) {
      throw new IllegalArgumentException("compile() needs an optimizer and a loss, received optimizer="
          + optimizerValue + ", loss=" + lossValue);
    }
    this.optimizer = optimizerValue;
    this.recompiled = true;
    this.loss = lossValue;
    this.outputConfig = null;
    this.metricPrototypes = List.copyOf(metrics);
    this.weightedMetricPrototypes = List.copyOf(weightedMetrics);
  }

  /**
   * Configures training of a model with several outputs: one loss per output (in output order) and optional
   * {@code loss_weights}; the total loss is {@code sum_k lossWeights[k] * losses[k](y_k, pred_k)} plus the
   * penalties. Every output gets the {@code metrics}, logged as {@code <output>_<metric>}; the history also holds
   * each output's loss as {@code <output>_loss}.
   *
   * @param lossWeights one weight per output, or {@code null} for 1 each
   * @throws IllegalArgumentException if the counts differ from the model's outputs, or a loss is null or a weight
   *     is negative or not finite
   */
  public final void compile(Optimizer optimizerValue, List<Loss> losses, List<Double> lossWeights,
      String... metrics) {
    List<List<String>> perOutput = new ArrayList<>();
    for (int k = 0; k < outputCount(); k++) {
      perOutput.add(List.of(metrics));
    }
    OutputConfig config = OutputConfig.of(this, losses, lossWeights, perOutput);
    compile(optimizerValue, losses.get(0), metrics);
    this.outputConfig = config;
  }

  /**
   * Keras' {@code compile(loss={"kind": ..., "value": ...}, loss_weights={...}, metrics={"kind": ["accuracy"]})}:
   * losses, weights and metrics by output name. Every output needs a loss; a missing weight is 1, missing metrics
   * none.
   *
   * @param lossWeights weights by output name, or {@code null}
   * @param metrics metric names by output name, or {@code null}
   * @throws IllegalArgumentException if a key is not an output name (the message lists the outputs), an output has
   *     no loss, or a metric name is unknown
   */
  public final void compile(Optimizer optimizerValue, Map<String, Loss> losses, Map<String, Double> lossWeights,
      Map<String, List<String>> metrics) {
    OutputConfig config = OutputConfig.byName(this, losses, lossWeights, metrics);
    compile(optimizerValue, config.loss(0));
    this.outputConfig = config;
  }

  /** Whether the model was compiled with per-output losses and metrics. */
  final boolean hasOutputConfig() {
    return outputConfig != null;
  }

  /** The names of the outputs, in order (a single-output model's last layer). */
  public List<String> outputNames() {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < outputCount(); k++) {
      names.add(outputName(k));
    }
    return names;
  }

  /** The loss of output {@code k} (0 to outputs - 1): its own if compiled with one per output, else the loss. */
  public final Loss loss(int k) {
    return outputConfig == null ? loss : outputConfig.loss(k);
  }

  /** The weight of output {@code k}'s loss in the total (1 unless compiled with {@code loss_weights}). */
  public final double lossWeight(int k) {
    return outputConfig == null ? 1.0 : outputConfig.weight(k);
  }

  /** The metric names of output {@code k}. */
  public final List<String> metrics(int k) {
    return outputConfig == null ? metrics() : outputConfig.metrics(k);
  }

  /** The compiled optimizer, or {@code null}. */
  public final Optimizer optimizer() {
    return optimizer;
  }

  /** The names of the metrics given to compile, in order (empty before compile). */
  public final List<String> metrics() {
    return metricPrototypes.stream().map(Metric::name).toList();
  }

  /** Fresh copies of the compiled metrics, in order. */
  final List<Metric> newMetrics() {
    return metricPrototypes.stream().map(Metric::fresh).toList();
  }

  /** Fresh copies of the compiled weighted metrics, in order. */
  final List<Metric> newWeightedMetrics() {
    return weightedMetricPrototypes.stream().map(Metric::fresh).toList();
  }

  /** The compiled loss, or {@code null}. */
  public final Loss loss() {
    return loss;
  }

  /** What fit trains: captured at the first fit after each compile ({@link TrainedWeights}). */
  final TrainedWeights trained() {
    if (trained == null || recompiled) {
      trained = TrainedWeights.capture(this, trained);
      recompiled = false;
    }
    return trained;
  }

  /** @throws IllegalStateException before compile(), naming {@code method} */
  final void requireCompiled(String method) {
    Guards.state(optimizer != null, "You must call compile() before " + method + "() on model \"" + name + "\"");
  }

  // ------------------------------------------------------------------ training state

  /** The number of gradient steps taken so far (drives the dropout streams; saved with the model). */
  public final long trainingStep() {
    return trainingStep;
  }

  /** The number of epochs trained so far over all fit calls (drives the shuffle streams; saved with the model). */
  public final long epochsTrained() {
    return epochsTrained;
  }

  /** Counts one gradient step; returns the step's index (the value before counting). */
  final long nextTrainingStep() {
    return trainingStep++;
  }

  /** Counts one finished epoch; returns the epoch's index (the value before counting). */
  final long nextEpoch() {
    return epochsTrained++;
  }

  /**
   * Restores the training counters of a saved model, so that the next {@code fit} draws the same shuffles and
   * dropout masks as an uninterrupted run would. Together with the seed, the weights and the optimizer state this
   * makes resumed training bit-identical.
   *
   * @param trainingStepValue gradient steps taken, {@code >= 0}
   * @param epochsTrainedValue epochs trained, {@code >= 0}
   * @throws IllegalArgumentException if a value is negative
   */
  public final void restoreTrainingState(long trainingStepValue, long epochsTrainedValue) {
    if (trainingStepValue < 0 || epochsTrainedValue < 0) {
      throw new IllegalArgumentException("Invalid training state for model \"" + name + "\": expected "
          + "training_step >= 0 and epochs_trained >= 0, received training_step=" + trainingStepValue
          + ", epochs_trained=" + epochsTrainedValue);
    }
    this.trainingStep = trainingStepValue;
    this.epochsTrained = epochsTrainedValue;
  }

  /** Called when a test replaced the plan: a subclass drops what it derived from the old one. */
  void planChanged() {
  }

  /** The execution plan of this (built) model, chosen once (by one thread) and kept: the layers cannot change. */
  final synchronized ExecutionPlan plan() {
    if (plan == null) {
      plan = ExecutionPlanner.plan(this);
    }
    return plan;
  }

  /** Makes this model run through {@code forced} instead of the planner's choice: for tests comparing plans. */
  final synchronized void usePlan(ExecutionPlan forced) {
    plan = forced;
    planChanged();
  }

  // ------------------------------------------------------------------ fit / evaluate / predict

  /** {@code fit(x, y, epochs=..., batch_size=...)} with Keras' other defaults. */
  public final History fit(Tensor x, Tensor y, int epochs, int batchSize) {
    return fit(x, y, FitOptions.builder().epochs(epochs).batchSize(batchSize).build());
  }

  /**
   * Trains the model: for each epoch, shuffles (if asked), runs mini-batch gradient steps in training mode, then
   * evaluates the validation data in inference mode.
   *
   * @return the per-epoch history: {@code accuracy}/{@code loss} (training mode, averaged over the epoch's
   *     batches) and {@code val_accuracy}/{@code val_loss}
   * @throws IllegalStateException before compile(), or with the epoch and batch if the loss becomes NaN or
   *     infinite
   * @throws IllegalArgumentException for mismatched x/y, NaN/Inf in the data, or shapes the model can't take
   */
  public final History fit(Tensor x, Tensor y, FitOptions options) {
    return Trainer.fit(this, List.of(x), List.of(y), options);
  }

  /**
   * Trains on a {@link Dataset}'s batches read as needed (Keras' {@code fit(dataset)}), a pass or
   * {@link FitOptions#stepsPerEpoch()} batches per epoch; the options' batch size and shuffle do not apply.
   */
  public final History fit(Dataset data, FitOptions options) {
    return Trainer.fit(this, data, options);
  }

  /** Loss and metrics over one pass of a {@link Dataset}, in inference mode. */
  public final Map<String, Double> evaluate(Dataset data) {
    return Evaluator.evaluate(this, data, 0, null);
  }

  /** Predictions over one pass of a {@link Dataset} in inference mode, one tensor per output. */
  public final List<Tensor> predict(Dataset data) {
    return Evaluator.predict(this, data, CallContext.inference());
  }

  /** Loss and metrics in inference mode, batches of 32. */
  public final Map<String, Double> evaluate(Tensor x, Tensor y) {
    return evaluate(x, y, FitOptions.DEFAULT_BATCH_SIZE);
  }

  /**
   * Loss (including weight penalties, as Keras) and metrics in inference mode.
   *
   * @return {@code loss} then each metric, in compile order
   * @throws IllegalStateException before compile()
   * @throws IllegalArgumentException for mismatched x/y, NaN/Inf in the data, or shapes the model can't take
   */
  public final Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
    return Evaluator.evaluate(this, List.of(x), List.of(y), batchSize, null);
  }

  /**
   * Trains a model with several inputs or outputs: one tensor per input, one tensor of targets per output, in the
   * model's order ({@link #fit(Tensor, Tensor, FitOptions)} otherwise).
   *
   * @throws IllegalArgumentException if the counts do not match the model's inputs and outputs
   */
  public final History fit(List<Tensor> x, List<Tensor> y, FitOptions options) {
    return Trainer.fit(this, x, y, options);
  }

  /** Loss (total and per output) and metrics of a model with several inputs or outputs, in inference mode. */
  public final Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y, int batchSize) {
    return Evaluator.evaluate(this, x, y, batchSize, null);
  }

  /** As {@link #evaluate(List, List, int)}, telling {@code rowsDone} after each batch how many rows are done. */
  public final Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y, int batchSize, LongConsumer rowsDone) {
    return Evaluator.evaluate(this, x, y, batchSize, null, rowsDone);
  }

  /** Predictions of a model with several inputs or outputs, in inference mode: one tensor per output. */
  public final List<Tensor> predict(List<Tensor> x, int batchSize) {
    return predict(x, batchSize, CallContext.inference());
  }

  /**
   * As {@link #predict(List, int)}, telling {@code rowsDone} after each batch how many rows are done (for a progress
   * bar; nothing is printed, the result is the same).
   */
  public final List<Tensor> predict(List<Tensor> x, int batchSize, LongConsumer rowsDone) {
    return Evaluator.predict(this, x, batchSize, CallContext.inference(), rowsDone);
  }

  /** Predictions with a given context, one tensor per output. */
  public final List<Tensor> predict(List<Tensor> x, int batchSize, CallContext context) {
    return Evaluator.predict(this, x, batchSize, context);
  }

  /** Predictions in inference mode, in batches of 32. */
  public final Tensor predict(Tensor x) {
    return predict(x, FitOptions.DEFAULT_BATCH_SIZE);
  }

  /**
   * Predictions in inference mode, in batches of {@code batchSize}: {@code predict(x, rows of x)} is one pass over
   * the whole input (Keras' {@code predict_on_batch}), the call a server makes per request. Calls from several
   * threads on one model at once are safe (each uses buffers of its own) as long as no thread trains or sets the
   * weights meanwhile; each call sees the weights as they are when it starts.
   */
  public final Tensor predict(Tensor x, int batchSize) {
    return predict(x, batchSize, CallContext.inference());
  }

  /**
   * Predictions with a given context (e.g. training behaviour for Monte Carlo dropout), in batches; the model's
   * first output if it has several.
   *
   * @throws IllegalArgumentException if {@code batchSize} is not positive or the input contains NaN/Inf
   */
  public final Tensor predict(Tensor x, int batchSize, CallContext context) {
    return Evaluator.predict(this, List.of(x), batchSize, context).get(0);
  }
}
