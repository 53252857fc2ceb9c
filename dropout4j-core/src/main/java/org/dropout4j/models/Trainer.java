package org.dropout4j.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.TerminateOnNaN;
import org.dropout4j.callbacks.TrainingControl;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.DropoutFamily;
import org.dropout4j.layers.Layer;
import org.dropout4j.losses.Loss;
import org.dropout4j.metrics.Metric;
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
  private final List<Tensor> x;
  private final List<Tensor> y;
  private final List<Tensor> valX;
  private final List<Tensor> valY;
  private final FitOptions options;
  private final Tensor sampleWeights;
  private final Map<String, Float> rateOverrides = new LinkedHashMap<>();
  private boolean stop;
  private final boolean terminateOnNaN;

  private Trainer(Model model, List<Tensor> x, List<Tensor> y, List<Tensor> valX, List<Tensor> valY,
      FitOptions options, Tensor sampleWeights) {
    this.model = model;
    this.sampleWeights = sampleWeights;
    this.terminateOnNaN = options.callbacks().stream().anyMatch(c -> c instanceof TerminateOnNaN);
    this.x = x;
    this.y = y;
    this.valX = valX;
    this.valY = valY;
    this.options = options;
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
    return new Trainer(model, trainX, trainY, valX, valY, options, weights).run();
  }

  private static List<Tensor> rows(List<Tensor> ts, int from, int to) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor t : ts) {
      out.add(Ops.sliceRows(t, from, to));
    }
    return out;
  }

  private History run() {
    History history = new History();
    List<Parameter> params = model.trainableWeights();
    List<List<Metric>> metrics = Evaluator.newMetrics(model);
    int n = x.get(0).shape().dim(0);
    int batchSize = options.batchSize();
    int batches = (n + batchSize - 1) / batchSize;
    ProgressLogger progress = new ProgressLogger(options.out(), options.verbose(), options.epochs(), batches);
    RngKey shuffleRoot = model.root().fold(Model.STREAM_SHUFFLE);
    RngKey noiseRoot = model.root().fold(Model.STREAM_NOISE);
    int[] order = new int[n];
    ExecutionPlan.Execution run = model.plan().start(CallContext.training(noiseRoot, 0));
    for (Callback c : options.callbacks()) {
      c.onTrainBegin(this);
    }
    for (int epoch = options.initialEpoch(); epoch < options.epochs() && !stop; epoch++) {
      for (Callback c : options.callbacks()) {
        c.onEpochBegin(epoch, this);
      }
      progress.epochBegin(epoch);
      if (options.shuffle()) {
        order = shuffleRoot.fold(model.epochsTrained()).stream().permutation(n);
      } else {
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
      }
      for (List<Metric> ms : metrics) {
        ms.forEach(Metric::reset);
      }
      double lossSum = 0;
      double[] outputSums = new double[model.outputCount()];
      for (int b = 0; b < batches; b++) {
        int from = b * batchSize;
        int to = Math.min(n, from + batchSize);
        List<Tensor> yb = Evaluator.gather(y, order, from, to);
        long step = model.trainingStep();
        CallContext ctx = CallContext.training(noiseRoot.fold(step), step).collectingLosses();
        if (!rateOverrides.isEmpty()) {
          ctx = ctx.withRateOverrides(rateOverrides);
        }
        for (Parameter p : params) {
          p.zeroGrad();
        }
        int epochIndex = epoch;
        int batchIndex = b;
        Tensor wb = sampleWeights == null ? null : Ops.gatherRows(sampleWeights, order, from, to);
        Loss loss = wb == null ? model.loss() : SampleWeights.weighted(model.loss(), wb);
        ExecutionPlan.Step result = run.trainStep(x, order, from, to, yb, ctx, loss,
            value -> checkFinite(value, epochIndex, batchIndex, batches));
        model.optimizer().apply(params);
        model.applyConstraints();
        model.nextTrainingStep();
        lossSum += (double) result.loss() * (to - from);
        for (int k = 0; k < outputSums.length && outputSums.length > 1; k++) {
          outputSums[k] += (double) result.outputLosses()[k] * (to - from);
        }
        for (int k = 0; k < metrics.size(); k++) {
          for (Metric m : metrics.get(k)) {
            m.update(yb.get(k), result.predictions().get(k), wb);
          }
        }
        Map<String, Double> batchLogs = currentLogs(metrics, lossSum / to, outputSums, to);
        progress.batchEnd(b, batchLogs);
        for (Callback c : options.callbacks()) {
          c.onBatchEnd(b, batchLogs, this);
        }
        if (stop && !Float.isFinite(result.loss())) { // TerminateOnNaN: the epoch ends here
          break;
        }
      }
      model.nextEpoch();
      Map<String, Double> logs = currentLogs(metrics, lossSum / n, outputSums, n);
      if (valX != null) {
        Map<String, Double> val = Evaluator.evaluate(model, valX, valY, batchSize, run);
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
    if (options.epochs() > options.initialEpoch()) { // Keras: the moving averages replace the weights (use_ema)
      model.optimizer().finalizeVariableValues(params);
    }
    for (Callback c : options.callbacks()) {
      c.onTrainEnd(this);
    }
    return history;
  }

  private void checkFinite(float value, int epoch, int batch, int batches) {
    if (!Float.isFinite(value) && !terminateOnNaN) {
      throw new IllegalStateException("Training of model \"" + model.name() + "\" diverged: the loss became "
          + value + " at epoch " + (epoch + 1) + ", batch " + (batch + 1) + " of " + batches
          + ". Lower the learning rate, scale the inputs, or check the targets.");
    }
  }

  private Map<String, Double> currentLogs(List<List<Metric>> metrics, double meanLoss, double[] outputSums,
      int rows) {
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
  public void requestStop() {
    stop = true;
  }

  @Override
  public List<float[]> snapshotWeights() {
    return model.getWeights();
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
