package org.dropout4j.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.TerminateOnNaN;
import org.dropout4j.callbacks.TrainingControl;
import org.dropout4j.callbacks.TrainingSnapshot;
import org.dropout4j.data.Batch;
import org.dropout4j.data.BatchIterator;
import org.dropout4j.data.Dataset;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.DropoutFamily;
import org.dropout4j.layers.Layer;
import org.dropout4j.losses.Loss;
import org.dropout4j.metrics.Metric;
import org.dropout4j.optimizers.Optimizer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Noise;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;

/**
 * The training loop of every {@link Model}: epochs of shuffled mini-batch gradient steps in training mode, then
 * validation in inference mode, with callbacks and the per-epoch {@link History}. One instance per {@code fit}
 * call; it is also the {@link TrainingControl} the callbacks see.
 *
 * <p>Randomness comes only from the model's seed: epoch {@code e}'s shuffle from
 * {@code root.fold(STREAM_SHUFFLE).fold(e)}, step {@code s}'s noise from {@code root.fold(STREAM_NOISE).fold(s)},
 * where {@code e} and {@code s} count over all fit calls (saved with the model), so a resumed run draws what an
 * uninterrupted one would. Batches run through the model's {@link ExecutionPlan}; the loop does not know whether a
 * step is generic or fused.
 */
final class Trainer implements TrainingControl {
  private final Model model;
  private final EpochData data;
  private final List<Tensor> valX;
  private final List<Tensor> valY;
  private final FitOptions options;
  private final Map<String, Float> rateOverrides = new LinkedHashMap<>();
  private boolean stop;
  private final boolean terminateOnNaN;
  private int resumeEpoch = -1;
  private List<Parameter> trainedParams = List.of();

  private Trainer(Model model, EpochData data, List<Tensor> valX, List<Tensor> valY, FitOptions options) {
    this.model = model;
    this.terminateOnNaN = options.callbacks().stream().anyMatch(c -> c instanceof TerminateOnNaN);
    this.data = data;
    this.valX = valX;
    this.valY = valY;
    this.options = options;
  }

  /** The batches of each epoch: arrays in memory or a dataset. */
  private interface EpochData {
    /** Batches per epoch, or -1 if not known. */
    int batches();

    /** The batches of the epoch that is {@code epoch}-th over all fits (it selects the shuffle). */
    Batches.Cursor open(long epoch);

    /** Releases what outlives an epoch (a dataset pass continued across epochs). */
    default void finish() {
    }
  }

  /**
   * A dataset's batches per epoch: a whole pass, or {@code steps_per_epoch} batches of a pass that continues into
   * the next epoch; an epoch also ends where its pass ends, and the next epoch starts a new pass.
   */
  private static final class StreamedData implements EpochData {
    private final Model model;
    private final Dataset dataset;
    private final FitOptions options;
    private final long steps;
    private final int batches;
    private BatchIterator pass;
    private Batch first;

    StreamedData(Model model, Dataset dataset, FitOptions options) {
      this.model = model;
      this.dataset = dataset;
      this.options = options;
      this.steps = options.stepsPerEpoch();
      long card = dataset.cardinality();
      this.batches = (int) (steps > 0 ? (card > 0 ? Math.min(steps, card) : steps) : card);
    }

    /** Reads the first batch (to check it and build the model) and keeps it for the first epoch. */
    void prime(long epoch) {
      pass = dataset.iterator(epoch);
      try {
        if (!pass.hasNext()) {
          throw new IllegalArgumentException("the training dataset " + dataset + " yields no batches");
        }
        first = pass.next();
        Batches.check(model, first, true, options.classWeight());
      } catch (RuntimeException e) {
        finish();
        throw e;
      }
    }

    @Override
    public int batches() {
      return batches;
    }

    @Override
    public Batches.Cursor open(long epoch) {
      if (pass == null) {
        pass = dataset.iterator(epoch);
      }
      return new Batches.Cursor() {
        private long taken;

        @Override
        public Batches.StepBatch next() {
          if (steps > 0 && taken >= steps) {
            return null;
          }
          Batch b = first;
          first = null;
          if (b == null) {
            if (!pass.hasNext()) {
              finish(); // the pass ended: the next epoch starts a new one
              return null;
            }
            b = pass.next();
          }
          taken++;
          return Batches.check(model, b, true, options.classWeight());
        }

        @Override
        public void close() {
          if (steps <= 0) {
            finish();
          }
        }
      };
    }

    @Override
    public void finish() {
      if (pass != null) {
        pass.close();
        pass = null;
      }
    }
  }

  /**
   * Checks the data, splits off {@code validation_split}, builds the model and trains it.
   *
   * @param x one tensor per model input
   * @param y one tensor of targets per model output
   * @throws IllegalStateException before compile(), or with the epoch and batch if the loss becomes NaN or
   *     infinite
   * @throws IllegalArgumentException for mismatched x/y, NaN/Inf in the data, or shapes the model can't take
   */
  static History fit(Model model, List<Tensor> x, List<Tensor> y, FitOptions options) {
    model.requireCompiled("fit");
    Evaluator.requireCounts(model, x, y);
    DataChecks.requireSameRows(x, y);
    DataChecks.requireFinite(x, y);
    List<Tensor> trainX = x;
    List<Tensor> trainY = y;
    Tensor weights = SampleWeights.of(options, y.get(0));
    List<Tensor> valX = options.validationInputs();
    List<Tensor> valY = options.validationTargets();
    if (valX != null) {
      Evaluator.requireCounts(model, valX, valY);
      DataChecks.requireSameRows(valX, valY);
    }
    if (options.validationSplit() > 0) {
      int n = x.get(0).shape().dim(0);
      int split = (int) (n * (1.0 - options.validationSplit()));
      if (split <= 0 || split >= n) {
        throw new IllegalArgumentException("validation_split=" + options.validationSplit() + " leaves " + split
            + " of " + n + " samples for training; choose a split that keeps both parts non-empty");
      }
      trainX = rows(x, 0, split);
      trainY = rows(y, 0, split);
      valX = rows(x, split, n);
      valY = rows(y, split, n);
      weights = weights == null ? null : Ops.sliceRows(weights, 0, split);
    }
    model.buildFor(Evaluator.shapes(trainX));
    if (valX != null) {
      model.buildFor(Evaluator.shapes(valX));
    }
    List<Tensor> finalX = trainX;
    List<Tensor> finalY = trainY;
    Tensor finalWeights = weights;
    int n = trainX.get(0).shape().dim(0);
    int batches = (n + options.batchSize() - 1) / options.batchSize();
    if (options.stepsPerEpoch() > 0) {
      throw new IllegalArgumentException("steps_per_epoch=" + options.stepsPerEpoch() + " applies to Dataset input; "
          + "with arrays every epoch is one pass of " + batches + " batches");
    }
    EpochData arrays = new EpochData() {
      @Override
      public int batches() {
        return batches;
      }

      @Override
      public Batches.Cursor open(long epoch) {
        int[] order;
        if (options.shuffle()) {
          order = model.root().fold(Model.STREAM_SHUFFLE).fold(epoch).stream().permutation(n);
        } else {
          order = new int[n];
          for (int i = 0; i < n; i++) {
            order[i] = i;
          }
        }
        return Batches.arrays(finalX, finalY, finalWeights, order, options.batchSize());
      }
    };
    return new Trainer(model, arrays, valX, valY, options).run();
  }

  /**
   * Trains on a dataset's batches, read as needed (Keras' {@code fit(dataset)}): a whole pass per epoch, or
   * {@code steps_per_epoch} batches with the pass continuing into the next epoch. The batch size and
   * {@code shuffle} of the options do not apply (the dataset batches and shuffles); pass {@code e} is the model's
   * epoch count, so a seeded shuffle is the same in a resumed run.
   *
   * @throws IllegalArgumentException for {@code validation_split} or {@code sample_weight} with a dataset, or a
   *     batch that does not fit the model
   */
  static History fit(Model model, Dataset dataset, FitOptions options) {
    model.requireCompiled("fit");
    if (options.validationSplit() > 0 || options.sampleWeight() != null) {
      throw new IllegalArgumentException("`" + (options.validationSplit() > 0 ? "validation_split" : "sample_weight")
          + "` is only supported for array input; a Dataset carries its own validation data (validationData"
          + "(Dataset)) and sample weights (Dataset.fromRows(x, y, sampleWeight))");
    }
    List<Tensor> valX = options.validationInputs();
    List<Tensor> valY = options.validationTargets();
    if (valX != null) {
      Evaluator.requireCounts(model, valX, valY);
      DataChecks.requireSameRows(valX, valY);
    }
    StreamedData streamed = new StreamedData(model, dataset, options);
    streamed.prime(model.epochsTrained());
    return new Trainer(model, streamed, valX, valY, options).run();
  }

  private static List<Tensor> rows(List<Tensor> ts, int from, int to) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor t : ts) {
      out.add(Ops.sliceRows(t, from, to));
    }
    return out;
  }

  private History run() {
    try {
      return runEpochs();
    } finally {
      data.finish();
    }
  }

  private History runEpochs() {
    History history = new History();
    TrainedWeights trained = model.trained();
    List<Parameter> params = trained.params();
    trainedParams = params;
    List<List<Metric>> metrics = Evaluator.newMetrics(model);
    int batches = data.batches();
    ProgressLogger progress = new ProgressLogger(options.out(), options.verbose(), options.epochs(), batches);
    RngKey noiseRoot = model.root().fold(Model.STREAM_NOISE);
    ExecutionPlan.Execution run = model.plan().start(CallContext.training(noiseRoot, 0));
    for (Callback c : options.callbacks()) {
      c.onTrainBegin(this);
    }
    int start = resumeEpoch >= 0 ? resumeEpoch : options.initialEpoch(); // a restored backup decides
    for (int epoch = start; epoch < options.epochs() && !stop; epoch++) {
      for (Callback c : options.callbacks()) {
        c.onEpochBegin(epoch, this);
      }
      progress.epochBegin(epoch);
      for (List<Metric> ms : metrics) {
        ms.forEach(Metric::reset);
      }
      double lossSum = 0;
      long seen = 0;
      double[] outputSums = new double[model.outputCount()];
      try (Batches.Cursor cursor = data.open(model.epochsTrained())) {
        int b = 0;
        for (Batches.StepBatch batch = cursor.next(); batch != null; batch = cursor.next(), b++) {
          int rows = batch.rows();
          long step = model.trainingStep();
          CallContext ctx = CallContext.training(noiseRoot.fold(step), step).collectingLosses()
              .withFrozenLayers(trained.frozenLayers());
          if (!rateOverrides.isEmpty()) {
            ctx = ctx.withRateOverrides(rateOverrides);
          }
          for (Parameter p : params) {
            p.zeroGrad();
          }
          int epochIndex = epoch;
          int batchIndex = b;
          Tensor wb = batch.weights();
          Loss loss = wb == null ? model.loss() : SampleWeights.weighted(model.loss(), wb);
          ExecutionPlan.Step result = run.trainStep(batch.inputs(), batch.order(), batch.from(), batch.to(),
              batch.targets(), ctx, loss, value -> checkFinite(value, epochIndex, batchIndex, batches));
          model.optimizer().apply(params);
          WeightPenalties.applyConstraints(model);
          model.nextTrainingStep();
          seen += rows;
          lossSum += (double) result.loss() * rows;
          for (int k = 0; k < outputSums.length && outputSums.length > 1; k++) {
            outputSums[k] += (double) result.outputLosses()[k] * rows;
          }
          for (int k = 0; k < metrics.size(); k++) {
            for (Metric m : metrics.get(k)) {
              m.update(batch.targets().get(k), result.predictions().get(k), wb);
            }
          }
          Map<String, Double> batchLogs = currentLogs(metrics, lossSum / seen, outputSums, seen);
          progress.batchEnd(b, batchLogs);
          for (Callback c : options.callbacks()) {
            c.onBatchEnd(b, batchLogs, this);
          }
          if (stop && !Float.isFinite(result.loss())) { // TerminateOnNaN: the epoch ends here
            break;
          }
        }
      }
      model.nextEpoch();
      Map<String, Double> logs = currentLogs(metrics, lossSum / seen, outputSums, seen);
      Map<String, Double> val = validate(run);
      if (val != null) {
        for (String key : List.copyOf(logs.keySet())) { // same order as the training keys, like Keras
          logs.put("val_" + key, val.get(key));
        }
      }
      for (Layer l : model.layers()) {
        l.epochLogs().forEach((k, v) -> logs.put(l.name() + "/" + k, v));
      }
      for (Callback c : options.callbacks()) {
        c.onEpochEnd(epoch, logs, this);
      }
      logs.forEach(history::record);
      progress.epochEnd(logs);
    }
    if (options.epochs() > start) { // Keras: the moving averages replace the weights (use_ema)
      model.optimizer().finalizeVariableValues(params);
    }
    for (Callback c : options.callbacks()) {
      c.onTrainEnd(this);
    }
    return history;
  }

  /** The validation logs of the epoch (arrays or a dataset), or {@code null} without validation data. */
  private Map<String, Double> validate(ExecutionPlan.Execution run) {
    if (valX != null) {
      return Evaluator.evaluate(model, valX, valY, options.batchSize(), run);
    }
    Dataset valData = options.validationDataset();
    return valData == null ? null : Evaluator.evaluate(model, valData, options.validationSteps(), run);
  }

  private void checkFinite(float value, int epoch, int batch, int batches) {
    if (!Float.isFinite(value) && !terminateOnNaN) {
      throw new IllegalStateException("Training of model \"" + model.name() + "\" diverged: the loss became "
          + value + " at epoch " + (epoch + 1) + ", batch " + (batch + 1) + " of " + batches
          + ". Lower the learning rate, scale the inputs, or check the targets.");
    }
  }

  private Map<String, Double> currentLogs(List<List<Metric>> metrics, double meanLoss, double[] outputSums,
      long rows) {
    Map<String, Double> logs = new LinkedHashMap<>();
    Evaluator.putMetrics(model, metrics, logs);
    logs.put("loss", meanLoss);
    if (outputSums.length > 1) { // Keras 3 logs each output's loss of a multi-output model as <output>_loss
      for (int k = 0; k < outputSums.length; k++) {
        logs.put(model.outputName(k) + "_loss", outputSums[k] / rows);
      }
    }
    return logs;
  }

  @Override
  public double learningRate() {
    return model.optimizer().learningRate();
  }

  @Override
  public void setLearningRate(double value) {
    model.optimizer().setLearningRate(value);
  }

  @Override
  public TrainingSnapshot snapshot(int nextEpoch) {
    Optimizer opt = model.optimizer();
    return new TrainingSnapshot(nextEpoch, model.getWeights(), model.trainingStep(), model.epochsTrained(),
        opt.iterations(), opt.exportSlots(), opt.learningRateSchedule() != null ? Double.NaN : opt.learningRate());
  }

  @Override
  public void restore(TrainingSnapshot state) {
    Optimizer opt = model.optimizer();
    if (state.optimizerSlots().size() > trainedParams.size()) {
      throw new IllegalArgumentException("the optimizer state holds " + state.optimizerSlots().size()
          + " weights, but model \"" + model.name() + "\" trains " + trainedParams.size());
    }
    if (state.nextEpoch() < 0) {
      throw new IllegalArgumentException("the next epoch is " + state.nextEpoch() + ", expected >= 0");
    }
    model.setWeights(state.weights());
    opt.importState(state.optimizerIterations(), state.optimizerSlots());
    model.restoreTrainingState(state.trainingStep(), state.epochsTrained());
    if (opt.learningRateSchedule() == null && !Double.isNaN(state.learningRate())) {
      opt.setLearningRate(state.learningRate());
    }
    resumeEpoch = state.nextEpoch();
  }

  @Override
  public void requestStop() {
    stop = true;
  }

  @Override
  public List<float[]> snapshotWeights() {
    return model.getWeights();
  }

  @Override
  public List<String> weightPaths() {
    return model.weights().stream().map(p -> model.name() + "/" + p.name()).toList();
  }

  @Override
  public void restoreWeights(List<float[]> weights) {
    model.setWeights(weights);
  }

  @Override
  public void setDropoutRate(String layerName, float rate) {
    boolean found = false;
    for (Layer l : model.layers()) {
      found |= l.name().equals(layerName) && l instanceof DropoutFamily && ((DropoutFamily) l).schedulable();
    }
    if (!found) {
      throw new IllegalArgumentException("model \"" + model.name() + "\" has no dropout layer with a schedulable "
          + "rate named \"" + layerName + "\"; its layers are " + model.layers().stream().map(Layer::name).toList());
    }
    Noise.checkRate(rate);
    rateOverrides.put(layerName, rate);
  }
}
