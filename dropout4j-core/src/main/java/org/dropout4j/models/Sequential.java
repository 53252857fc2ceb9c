package org.dropout4j.models;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.TrainingControl;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.losses.FlatLoss;
import org.dropout4j.losses.Loss;
import org.dropout4j.losses.Losses;
import org.dropout4j.metrics.Metric;
import org.dropout4j.metrics.Metrics;
import org.dropout4j.optimizers.Optimizer;
import org.dropout4j.optimizers.Optimizers;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Keras' {@code Sequential} model: a stack of layers, each feeding the next, with {@code compile}, {@code fit},
 * {@code evaluate}, {@code predict} and {@code summary}.
 *
 * <p>Randomness: one seed ({@link #setRandomSeed(long)}, otherwise drawn once and readable with {@link #seed()})
 * determines the initial weights, every epoch's shuffle and every dropout mask; the same seed reproduces a run
 * bit for bit. Streams are split per purpose, epoch, step and layer, so they do not depend on thread count.
 *
 * <pre>{@code
 * Sequential model = new Sequential(Input.shape(2), new Dense(500, "relu"), new Dropout(0.4f),
 *     new Dense(1, "sigmoid"));
 * model.compile("adam", "binary_crossentropy", "accuracy");
 * History h = model.fit(x, y, FitOptions.builder().epochs(4000).validationData(xTest, yTest).verbose(0).build());
 * }</pre>
 */
public final class Sequential {
  private static final long STREAM_INIT = 1;
  private static final long STREAM_SHUFFLE = 2;
  private static final long STREAM_NOISE = 3;

  private final String name;
  private final List<Layer> layers = new ArrayList<>();
  private final Map<String, Integer> nameCounts = new HashMap<>();
  private Shape inputShape;
  private Input input;
  private long seed;
  private boolean seedSet;
  private boolean built;
  private Optimizer optimizer;
  private Loss loss;
  private List<String> metricNames = List.of();
  private long trainingStep;
  private long epochsTrained;
  private FusedDenseStack fusedPlan;
  private boolean fusedPlanned;
  private boolean genericOnly;

  /** An empty model named {@code sequential}. */
  public Sequential() {
    this("sequential");
  }

  /** An empty model with a name. */
  public Sequential(String name) {
    this.name = name;
    this.seed = new SecureRandom().nextLong();
  }

  /** A model of these layers; an {@link Input} first declares the input shape. */
  public Sequential(Layer... layers) {
    this();
    for (Layer l : layers) {
      add(l);
    }
  }

  /** The model's name. */
  public String name() {
    return name;
  }

  /**
   * Adds a layer on top. An {@link Input} may only come first; it declares the input shape.
   *
   * @return this model
   * @throws IllegalStateException if the model is already built
   */
  public Sequential add(Layer layer) {
    if (built) {
      throw new IllegalStateException("cannot add layer " + layer.className() + " to model \"" + name
          + "\": it is already built; add all layers before fit/predict/summary");
    }
    if (layer instanceof Input) {
      if (!layers.isEmpty() || inputShape != null) {
        throw new IllegalArgumentException("an Input can only be the first layer of a Sequential model");
      }
      input = (Input) layer;
      inputShape = input.batchShape();
      return this;
    }
    if (layer.name() == null) {
      layer.assignName(uniqueName(snakeCase(layer.className())));
    } else {
      for (Layer l : layers) {
        if (l.name().equals(layer.name())) {
          throw new IllegalArgumentException("model \"" + name + "\" already has a layer named \"" + layer.name()
              + "\"; layer names must be unique");
        }
      }
      nameCounts.merge(layer.name(), 1, Integer::sum);
    }
    layers.add(layer);
    return this;
  }

  private String uniqueName(String base) {
    while (true) {
      int n = nameCounts.merge(base, 1, Integer::sum) - 1;
      String candidate = n == 0 ? base : base + "_" + n;
      boolean taken = false;
      for (Layer l : layers) {
        if (candidate.equals(l.name())) {
          taken = true;
        }
      }
      if (!taken) {
        return candidate;
      }
    }
  }

  static String snakeCase(String className) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < className.length(); i++) {
      char c = className.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean prevLower = i > 0 && Character.isLowerCase(className.charAt(i - 1)); // Conv2D -> conv2d
        boolean nextLower = i + 1 < className.length() && Character.isLowerCase(className.charAt(i + 1));
        if (i > 0 && (prevLower || nextLower)) {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The {@link Input} the model was started with, or {@code null} if none was added. */
  public Input input() {
    return input;
  }

  /**
   * The model's batch input shape: the declared {@link Input}'s, or after building the shape it was built for
   * (batch dimension unknown); {@code null} if neither is known yet.
   */
  public Shape inputShape() {
    return inputShape;
  }

  /** The layers (without the Input), in order. */
  public List<Layer> layers() {
    return Collections.unmodifiableList(layers);
  }

  /**
   * Sets the seed that determines initial weights, shuffles and dropout masks.
   *
   * @throws IllegalStateException if the model is already built (the weights would not follow the seed)
   */
  public Sequential setRandomSeed(long value) {
    if (built) {
      throw new IllegalStateException("setRandomSeed() must be called before the model is built (before fit, "
          + "predict, summary or build)");
    }
    this.seed = value;
    this.seedSet = true;
    return this;
  }

  /** The seed in use (drawn at random if none was set). */
  public long seed() {
    return seed;
  }

  /** Whether the seed was set explicitly. */
  public boolean seedSet() {
    return seedSet;
  }

  /** The root key of the model's random streams. */
  private RngKey root() {
    return RngKey.of(seed);
  }

  /**
   * Builds every layer for inputs of {@code batchInputShape} (the batch dimension may be unknown).
   *
   * @throws IllegalArgumentException if a layer cannot take the shape produced by the previous one
   */
  public void build(Shape batchInputShape) {
    if (built) {
      if (!inputShape.compatibleWith(batchInputShape)) {
        throw new IllegalArgumentException("model \"" + name + "\" was built for inputs of shape " + inputShape
            + ", received shape " + batchInputShape);
      }
      return;
    }
    if (layers.isEmpty()) {
      throw new IllegalStateException("model \"" + name + "\" has no layers; add layers before building it");
    }
    if (inputShape != null && !inputShape.compatibleWith(batchInputShape)) {
      throw new IllegalArgumentException("Input of model \"" + name + "\" is incompatible: expected shape "
          + inputShape + ", received input with shape " + batchInputShape);
    }
    Shape shape = batchInputShape.withBatch(Shape.UNKNOWN);
    RngKey init = root().fold(STREAM_INIT);
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      layer.build(shape, init.fold(i));
      shape = layer.computeOutputShape(shape);
    }
    inputShape = batchInputShape.withBatch(Shape.UNKNOWN);
    built = true;
  }

  private void ensureBuilt(Shape dataShape) {
    if (!built) {
      if (inputShape == null && dataShape == null) {
        throw new IllegalStateException("model \"" + name + "\" has no input shape yet: start it with Input.shape(...)"
            + " or call fit/predict/build first");
      }
      build(dataShape != null ? dataShape : inputShape);
    } else if (dataShape != null && !inputShape.compatibleWith(dataShape)) {
      throw new IllegalArgumentException("Input of layer \"" + layers.get(0).name() + "\" (" + layers.get(0).className()
          + ") is incompatible with the model: expected shape " + inputShape + ", received input with shape "
          + dataShape);
    }
  }

  /** Whether the model has been built. */
  public boolean built() {
    return built;
  }

  /** The output shape for the model's input shape. */
  public Shape outputShape() {
    ensureBuilt(null);
    Shape s = inputShape;
    for (Layer l : layers) {
      s = l.computeOutputShape(s);
    }
    return s;
  }

  /** Every weight in layer order. */
  public List<Parameter> weights() {
    List<Parameter> all = new ArrayList<>();
    for (Layer l : layers) {
      all.addAll(l.weights());
    }
    return all;
  }

  /** The trainable weights in layer order. */
  public List<Parameter> trainableWeights() {
    List<Parameter> all = new ArrayList<>();
    for (Parameter p : weights()) {
      if (p.trainable()) {
        all.add(p);
      }
    }
    return all;
  }

  /** Number of scalars in all weights. */
  public long countParams() {
    long n = 0;
    for (Layer l : layers) {
      n += l.countParams();
    }
    return n;
  }

  // ------------------------------------------------------------------ compile

  /**
   * Configures training with optimizer, loss and metrics by Keras name, e.g.
   * {@code compile("adam", "binary_crossentropy", "accuracy")}.
   *
   * @throws IllegalArgumentException for unknown names (the message lists the valid ones)
   */
  public void compile(String optimizerName, String lossName, String... metrics) {
    compile(Optimizers.get(optimizerName), Losses.get(lossName), metrics);
  }

  /** Configures training with optimizer and loss objects and metric names. */
  public void compile(Optimizer optimizerValue, Loss lossValue, String... metrics) {
    if (optimizerValue == null || lossValue == null) {
      throw new IllegalArgumentException("compile() needs an optimizer and a loss, received optimizer="
          + optimizerValue + ", loss=" + lossValue);
    }
    for (String m : metrics) {
      Metrics.resolve(m); // validates the name
    }
    this.optimizer = optimizerValue;
    this.loss = lossValue;
    this.metricNames = List.of(metrics);
  }

  /** The compiled optimizer, or {@code null}. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The metric names given to compile, in order (empty before compile). */
  public List<String> metrics() {
    return metricNames;
  }

  /** The compiled loss, or {@code null}. */
  public Loss loss() {
    return loss;
  }

  private void requireCompiled(String method) {
    if (optimizer == null) {
      throw new IllegalStateException("You must call compile() before " + method + "() on model \"" + name + "\"");
    }
  }

  private List<Metric> newMetrics() {
    List<Metric> ms = new ArrayList<>();
    for (String m : metricNames) {
      ms.add(Metrics.resolve(m));
    }
    return ms;
  }

  // ------------------------------------------------------------------ forward

  /**
   * Runs the model in a given context: the building block of fit/evaluate/predict, and the way to force training
   * behaviour for one call, e.g. {@code call(x, CallContext.inference().withTraining(true))}.
   */
  public Tensor call(Tensor x, CallContext context) {
    ensureBuilt(x.shape());
    Tensor h = x;
    for (int i = 0; i < layers.size(); i++) {
      Tensor fused = i + 1 < layers.size() ? layers.get(i).callFusedWith(layers.get(i + 1), h, context.forLayer(i))
          : null;
      if (fused != null) { // e.g. Conv2D + MaxPooling2D in one pass
        h = fused;
        i++;
      } else {
        h = layers.get(i).call(h, context.forLayer(i));
      }
    }
    return h;
  }

  /** Makes this model take the generic (autodiff) path even where the fused one applies: for tests comparing them. */
  void useGenericPathOnly() {
    genericOnly = true;
  }

  /**
   * Whether targets line up with predictions element for element, as the losses align them: the same shape, or
   * {@code (n,)} targets for {@code (n, 1)} predictions. Anything else goes to {@link Loss#call}, which says why.
   */
  private static boolean flatTargets(Tensor y, Tensor pred) {
    return y.shape().equals(pred.shape())
        || (y.rank() == pred.rank() - 1 && pred.shape().dim(-1) == 1 && y.size() == pred.size());
  }

  /** The loss of one batch without a gradient: on arrays where {@link Loss#flat()} applies, else the loss graph. */
  private float lossValue(Tensor yTrue, Tensor pred) {
    FlatLoss flat = loss.flat();
    return flat != null && flatTargets(yTrue, pred)
        ? (float) flat.compute(yTrue.toArray(), pred.toArray(), pred.shape().dim(-1), null)
        : loss.call(yTrue, pred).item();
  }

  /** A workspace of the fused Dense/Dropout path, or {@code null} if this model takes the generic path. */
  private FusedDenseStack.Workspace fusedWorkspace() {
    if (genericOnly) {
      return null;
    }
    if (!fusedPlanned) {
      fusedPlan = FusedDenseStack.plan(layers, inputShape);
      fusedPlanned = true;
    }
    return fusedPlan == null ? null : fusedPlan.workspace();
  }

  /** Predictions in inference mode, in batches of 32. */
  public Tensor predict(Tensor x) {
    return predict(x, FitOptions.DEFAULT_BATCH_SIZE);
  }

  /** Predictions in inference mode, in batches of {@code batchSize}. */
  public Tensor predict(Tensor x, int batchSize) {
    return predict(x, batchSize, CallContext.inference());
  }

  /**
   * Predictions with a given context (e.g. training behaviour for Monte Carlo dropout), in batches.
   *
   * @throws IllegalArgumentException if {@code batchSize} is not positive or the input contains NaN/Inf
   */
  public Tensor predict(Tensor x, int batchSize, CallContext context) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `batch_size`: expected a positive integer, "
          + "received batch_size=" + batchSize);
    }
    DataChecks.requireFinite(x, "x");
    ensureBuilt(x.shape());
    CallContext ctx = context;
    int n = x.shape().dim(0);
    FusedDenseStack.Workspace fused = ctx.mcSamplesPerPass() == 0 ? fusedWorkspace() : null;
    if (fused != null) {
      fused.loadWeights();
    }
    if (n <= batchSize) {
      return fused != null ? fused.forward(x, null, 0, n, ctx) : call(x, ctx).detach();
    }
    List<Tensor> parts = new ArrayList<>();
    for (int from = 0; from < n; from += batchSize) {
      int to = Math.min(n, from + batchSize);
      parts.add(fused != null ? fused.forward(x, null, from, to, ctx) : call(Ops.sliceRows(x, from, to), ctx));
    }
    return DataChecks.concatRows(parts);
  }

  // ------------------------------------------------------------------ evaluate

  /** Loss and metrics in inference mode, batches of 32. */
  public Map<String, Double> evaluate(Tensor x, Tensor y) {
    return evaluate(x, y, FitOptions.DEFAULT_BATCH_SIZE);
  }

  /**
   * Loss (including weight penalties, as Keras) and metrics in inference mode.
   *
   * @return {@code loss} then each metric, in compile order
   * @throws IllegalStateException before compile()
   */
  public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
    return evaluate(x, y, batchSize, null);
  }

  /** {@link #evaluate(Tensor, Tensor, int)} through a given fused workspace (or a new one if the model has one). */
  private Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize, FusedDenseStack.Workspace workspace) {
    requireCompiled("evaluate");
    DataChecks.requireSameRows(x, y);
    DataChecks.requireFinite(x, "x");
    DataChecks.requireFinite(y, "y");
    ensureBuilt(x.shape());
    FusedDenseStack.Workspace fused = workspace != null ? workspace : fusedWorkspace();
    if (fused != null) {
      fused.loadWeights();
    }
    List<Metric> metrics = newMetrics();
    int n = x.shape().dim(0);
    double lossSum = 0;
    CallContext ctx = CallContext.inference();
    double penalty = penalty(ctx);
    for (int from = 0; from < n; from += batchSize) {
      int to = Math.min(n, from + batchSize);
      Tensor yb = from == 0 && to == n ? y : Ops.sliceRows(y, from, to);
      CallContext batchCtx = ctx.collectingLosses();
      Tensor pred = fused != null ? fused.forward(x, null, from, to, ctx)
          : call(from == 0 && to == n ? x : Ops.sliceRows(x, from, to), batchCtx);
      double added = 0; // output-dependent penalties (activity regularizers), per batch as in Keras
      for (Tensor t : batchCtx.losses()) {
        added += t.item();
      }
      lossSum += (lossValue(yb, pred) + penalty + added) * (to - from);
      for (Metric m : metrics) {
        m.update(yb, pred);
      }
    }
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", lossSum / n);
    for (Metric m : metrics) {
      logs.put(m.name(), m.result());
    }
    return logs;
  }

  private double penalty(CallContext ctx) {
    double p = 0;
    for (Layer l : layers) {
      for (Tensor t : l.regularizationLosses(ctx)) {
        p += t.item();
      }
    }
    return p;
  }

  // ------------------------------------------------------------------ fit

  /** {@code fit(x, y, epochs=..., batch_size=...)} with Keras' other defaults. */
  public History fit(Tensor x, Tensor y, int epochs, int batchSize) {
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
  public History fit(Tensor x, Tensor y, FitOptions options) {
    requireCompiled("fit");
    DataChecks.requireSameRows(x, y);
    DataChecks.requireFinite(x, "x");
    DataChecks.requireFinite(y, "y");
    Tensor trainX = x;
    Tensor trainY = y;
    Tensor valX = options.validationX();
    Tensor valY = options.validationY();
    if (valX != null) {
      DataChecks.requireSameRows(valX, valY);
    }
    if (options.validationSplit() > 0) {
      int n = x.shape().dim(0);
      int split = (int) (n * (1.0 - options.validationSplit()));
      if (split <= 0 || split >= n) {
        throw new IllegalArgumentException("validation_split=" + options.validationSplit() + " leaves " + split
            + " of " + n + " samples for training; choose a split that keeps both parts non-empty");
      }
      trainX = Ops.sliceRows(x, 0, split);
      trainY = Ops.sliceRows(y, 0, split);
      valX = Ops.sliceRows(x, split, n);
      valY = Ops.sliceRows(y, split, n);
    }
    ensureBuilt(trainX.shape());
    if (valX != null) {
      ensureBuilt(valX.shape());
    }
    Trainer trainer = new Trainer(trainX, trainY, valX, valY, options);
    return trainer.run();
  }

  /** The number of gradient steps taken so far (drives the dropout streams; saved with the model). */
  public long trainingStep() {
    return trainingStep;
  }

  /** The number of epochs trained so far over all fit calls (drives the shuffle streams; saved with the model). */
  public long epochsTrained() {
    return epochsTrained;
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
  public void restoreTrainingState(long trainingStepValue, long epochsTrainedValue) {
    if (trainingStepValue < 0 || epochsTrainedValue < 0) {
      throw new IllegalArgumentException("Invalid training state for model \"" + name + "\": expected "
          + "training_step >= 0 and epochs_trained >= 0, received training_step=" + trainingStepValue
          + ", epochs_trained=" + epochsTrainedValue);
    }
    this.trainingStep = trainingStepValue;
    this.epochsTrained = epochsTrainedValue;
  }

  /** A copy of every weight's values in layer order. */
  public List<float[]> getWeights() {
    List<float[]> out = new ArrayList<>();
    for (Parameter p : weights()) {
      out.add(p.data().clone());
    }
    return out;
  }

  /**
   * Sets every weight's values (in layer order).
   *
   * @throws IllegalArgumentException if the count or a size differs; the message names the weight
   */
  public void setWeights(List<float[]> values) {
    List<Parameter> ps = weights();
    if (values.size() != ps.size()) {
      throw new IllegalArgumentException("model \"" + name + "\" has " + ps.size() + " weights, received "
          + values.size());
    }
    for (int i = 0; i < ps.size(); i++) {
      Parameter p = ps.get(i);
      if (values.get(i).length != p.size()) {
        throw new IllegalArgumentException("weight '" + p.name() + "' has shape " + p.shape() + " (" + p.size()
            + " values), received " + values.get(i).length + " values");
      }
      System.arraycopy(values.get(i), 0, p.data(), 0, p.size());
    }
  }

  /** The Keras-style summary table (layer, output shape, parameter count, totals). */
  public String summary() {
    ensureBuilt(null);
    return SummaryTable.render(this, inputShape);
  }

  /** Runs fit's epochs; one instance per fit call. */
  private final class Trainer implements TrainingControl {
    private final Tensor x;
    private final Tensor y;
    private final Tensor valX;
    private final Tensor valY;
    private final FitOptions options;
    private final Map<String, Float> rateOverrides = new LinkedHashMap<>();
    private boolean stop;

    Trainer(Tensor x, Tensor y, Tensor valX, Tensor valY, FitOptions options) {
      this.x = x;
      this.y = y;
      this.valX = valX;
      this.valY = valY;
      this.options = options;
    }

    History run() {
      History history = new History();
      List<Parameter> params = trainableWeights();
      List<Metric> metrics = newMetrics();
      int n = x.shape().dim(0);
      int batchSize = options.batchSize();
      int batches = (n + batchSize - 1) / batchSize;
      ProgressLogger progress = new ProgressLogger(options.out(), options.verbose(), options.epochs(), batches);
      RngKey shuffleRoot = root().fold(STREAM_SHUFFLE);
      RngKey noiseRoot = root().fold(STREAM_NOISE);
      int[] order = new int[n];
      FusedDenseStack.Workspace fused = fusedWorkspace();
      for (Callback c : options.callbacks()) {
        c.onTrainBegin(this);
      }
      for (int epoch = 0; epoch < options.epochs() && !stop; epoch++) {
        for (Callback c : options.callbacks()) {
          c.onEpochBegin(epoch, this);
        }
        progress.epochBegin(epoch);
        if (options.shuffle()) {
          order = shuffleRoot.fold(epochsTrained).stream().permutation(n);
        } else {
          for (int i = 0; i < n; i++) {
            order[i] = i;
          }
        }
        for (Metric m : metrics) {
          m.reset();
        }
        double lossSum = 0;
        for (int b = 0; b < batches; b++) {
          int from = b * batchSize;
          int to = Math.min(n, from + batchSize);
          Tensor yb = Ops.gatherRows(y, order, from, to);
          CallContext ctx = CallContext.training(noiseRoot.fold(trainingStep), trainingStep).collectingLosses();
          if (!rateOverrides.isEmpty()) {
            ctx = ctx.withRateOverrides(rateOverrides);
          }
          for (Parameter p : params) {
            p.zeroGrad();
          }
          Tensor pred;
          float value;
          if (fused != null) { // the same step through the fused Dense/Dropout kernels
            fused.loadWeights();
            pred = fused.forward(x, order, from, to, ctx);
            value = fusedLossAndBackward(fused, yb, pred, epoch, b, batches);
          } else {
            pred = call(Ops.gatherRows(x, order, from, to), ctx);
            Tensor total = loss.call(yb, pred);
            for (Tensor added : ctx.losses()) {
              total = Ops.add(total, added);
            }
            for (Layer l : layers) {
              for (Tensor penalty : l.regularizationLosses(ctx)) {
                total = Ops.add(total, penalty);
              }
            }
            value = total.item();
            checkFinite(value, epoch, b, batches);
            total.backward();
          }
          optimizer.apply(params);
          for (Layer l : layers) {
            l.applyConstraints();
          }
          trainingStep++;
          lossSum += (double) value * (to - from);
          for (Metric m : metrics) {
            m.update(yb, pred);
          }
          progress.batchEnd(b, currentLogs(metrics, lossSum / to));
        }
        epochsTrained++;
        Map<String, Double> logs = currentLogs(metrics, lossSum / n);
        if (valX != null) {
          Map<String, Double> val = evaluate(valX, valY, batchSize, fused);
          for (String key : List.copyOf(logs.keySet())) { // same order as the training keys, like Keras
            logs.put("val_" + key, val.get(key));
          }
        }
        for (Layer l : layers) {
          l.epochLogs().forEach((k, v) -> logs.put(l.name() + "/" + k, v));
        }
        for (Callback c : options.callbacks()) {
          c.onEpochEnd(epoch, logs, this);
        }
        logs.forEach(history::record);
        progress.epochEnd(logs);
      }
      for (Callback c : options.callbacks()) {
        c.onTrainEnd(this);
      }
      return history;
    }

    /**
     * The loss of a fused forward pass, back-propagated through the fused kernels: d loss / d pred from
     * {@link FlatLoss} where the loss has one and the targets align, else from autodiff on the (small) output.
     */
    private float fusedLossAndBackward(FusedDenseStack.Workspace fused, Tensor yb, Tensor pred, int epoch, int batch,
        int batches) {
      FlatLoss flat = loss.flat();
      if (flat != null && flatTargets(yb, pred)) {
        float[] dPred = new float[pred.size()];
        float value = (float) flat.compute(yb.toArray(), pred.toArray(), pred.shape().dim(-1), dPred);
        checkFinite(value, epoch, batch, batches);
        fused.backward(dPred);
        return value;
      }
      Tensor predLeaf = Tensor.variable(pred.shape(), pred.toArray());
      Tensor total = loss.call(yb, predLeaf);
      float value = total.item();
      checkFinite(value, epoch, batch, batches);
      total.backward();
      fused.backward(predLeaf.grad().toArray());
      return value;
    }

    private void checkFinite(float value, int epoch, int batch, int batches) {
      if (!Float.isFinite(value)) {
        throw new IllegalStateException("Training of model \"" + name + "\" diverged: the loss became " + value
            + " at epoch " + (epoch + 1) + ", batch " + (batch + 1) + " of " + batches
            + ". Lower the learning rate, scale the inputs, or check the targets.");
      }
    }

    private Map<String, Double> currentLogs(List<Metric> metrics, double meanLoss) {
      Map<String, Double> logs = new LinkedHashMap<>();
      for (Metric m : metrics) {
        logs.put(m.name(), m.result());
      }
      logs.put("loss", meanLoss);
      return logs;
    }

    @Override
    public void requestStop() {
      stop = true;
    }

    @Override
    public List<float[]> snapshotWeights() {
      return getWeights();
    }

    @Override
    public void restoreWeights(List<float[]> weights) {
      setWeights(weights);
    }

    @Override
    public void setDropoutRate(String layerName, float rate) {
      boolean found = false;
      for (Layer l : layers) {
        found |= l.name().equals(layerName) && l instanceof org.dropout4j.layers.BaseDropout;
      }
      if (!found) {
        throw new IllegalArgumentException("model \"" + name + "\" has no dropout layer named \"" + layerName
            + "\"; its layers are " + layers.stream().map(Layer::name).toList());
      }
      org.dropout4j.tensor.Noise.checkRate(rate);
      rateOverrides.put(layerName, rate);
    }
  }
}
