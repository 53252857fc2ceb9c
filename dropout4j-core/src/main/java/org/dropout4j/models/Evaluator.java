package org.dropout4j.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.dropout4j.data.Dataset;
import org.dropout4j.internal.Guards;
import org.dropout4j.layers.CallContext;
import org.dropout4j.losses.FlatLoss;
import org.dropout4j.losses.Loss;
import org.dropout4j.metrics.Metric;
import org.dropout4j.metrics.Metrics;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/** Evaluation and prediction of any {@link Model}, in batches, through the model's execution plan. */
final class Evaluator {
  private Evaluator() {
  }

  /**
   * Predictions in batches of {@code batchSize}, one tensor per output.
   *
   * @throws IllegalArgumentException if {@code batchSize} is not positive or an input contains NaN/Inf
   */
  static List<Tensor> predict(Model model, List<Tensor> inputs, int batchSize, CallContext context) {
    return predict(model, inputs, batchSize, context, null);
  }

  /** As {@link #predict(Model, List, int, CallContext)}, telling {@code rowsDone} (if not null) after each batch. */
  static List<Tensor> predict(Model model, List<Tensor> inputs, int batchSize, CallContext context,
      LongConsumer rowsDone) {
    Guards.argument(batchSize > 0, null, "batch_size", "a positive integer", batchSize);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("predict() of model \"" + model.name() + "\" needs one tensor per input, "
          + "received none");
    }
    if (plainInference(context) && inputs.size() == 1 && inputs.get(0).mask() == null) {
      model.buildFor(shapes(inputs));
      InferencePlan inference = model.plan().inference();
      if (inference != null) { // it checks NaN/Inf on its copy of the rows
        return List.of(inference.predict(inputs.get(0), batchSize, rowsDone));
      }
    }
    for (Tensor x : inputs) {
      DataChecks.requireFinite(x, "x");
    }
    model.buildFor(shapes(inputs));
    ExecutionPlan.Execution run = model.plan().start(context);
    run.weightsChanged();
    int n = inputs.get(0).shape().dim(0);
    if (n <= batchSize) {
      List<Tensor> out = new ArrayList<>();
      for (Tensor t : run.forward(inputs, null, 0, n, context)) {
        out.add(t.detach());
      }
      report(rowsDone, n);
      return out;
    }
    List<List<Tensor>> parts = new ArrayList<>();
    for (int from = 0; from < n; from += batchSize) {
      parts.add(run.forward(inputs, null, from, Math.min(n, from + batchSize), context));
      report(rowsDone, Math.min(n, from + batchSize));
    }
    List<Tensor> out = new ArrayList<>();
    for (int k = 0; k < parts.get(0).size(); k++) {
      List<Tensor> column = new ArrayList<>();
      for (List<Tensor> p : parts) {
        column.add(p.get(k));
      }
      out.add(DataChecks.concatRows(column));
    }
    return out;
  }

  /**
   * Loss (including weight penalties, as Keras) and metrics in inference mode, through {@code execution} if given
   * (fit's validation reuses its buffers), else a new one.
   *
   * @return {@code loss} then each metric, in compile order
   */
  static Map<String, Double> evaluate(Model model, List<Tensor> inputs, List<Tensor> targets, int batchSize,
      ExecutionPlan.Execution execution) {
    return evaluate(model, inputs, targets, batchSize, execution, null);
  }

  /** As {@link #evaluate(Model, List, List, int, ExecutionPlan.Execution)}, telling {@code rowsDone} (if not null). */
  static Map<String, Double> evaluate(Model model, List<Tensor> inputs, List<Tensor> targets, int batchSize,
      ExecutionPlan.Execution execution, LongConsumer rowsDone) {
    model.requireCompiled("evaluate");
    requireCounts(model, inputs, targets);
    DataChecks.requireSameRows(inputs, targets);
    DataChecks.requireFinite(inputs, targets);
    model.buildFor(shapes(inputs));
    try (Batches.Cursor batches = Batches.arrays(inputs, targets, null, null, batchSize)) {
      return evaluate(model, batches, execution, rowsDone);
    }
  }

  /**
   * Loss and metrics over a dataset's batches ({@code steps > 0}: at most that many; else a whole pass), in
   * inference mode, as {@link #evaluate(Model, List, List, int, ExecutionPlan.Execution)}. The pass is pass 0 of
   * the dataset (the same batches at every call) and is closed afterwards, also on an exception.
   */
  static Map<String, Double> evaluate(Model model, Dataset data, long steps, ExecutionPlan.Execution execution) {
    model.requireCompiled("evaluate");
    try (Batches.Cursor batches = Batches.dataset(model, data.iterator(0), steps, true, null)) {
      return evaluate(model, batches, execution, null);
    }
  }

  private static Map<String, Double> evaluate(Model model, Batches.Cursor batches,
      ExecutionPlan.Execution execution, LongConsumer rowsDone) {
    CallContext ctx = CallContext.inference();
    Batches.StepBatch batch = batches.next();
    if (batch == null) {
      throw new IllegalArgumentException("evaluate() of model \"" + model.name() + "\" received no batches");
    }
    ExecutionPlan plan = execution != null ? null : model.plan();
    ExecutionPlan.Execution run = execution != null ? execution : plan.acquireInference();
    int largest = 0;
    try {
      run.weightsChanged();
      List<List<Metric>> metrics = newMetrics(model);
      long n = 0;
      double lossSum = 0;
      double[] outputSums = new double[model.outputCount()];
      double penalty = 0;
      for (Tensor t : WeightPenalties.losses(model, ctx)) {
        penalty += t.item();
      }
      for (; batch != null; batch = batches.next()) {
        int rows = batch.rows();
        largest = Math.max(largest, rows);
        CallContext batchCtx = ctx.collectingLosses();
        List<Tensor> preds = run.forward(batch.inputs(), null, batch.from(), batch.to(), batchCtx);
        double added = 0; // output-dependent penalties (activity regularizers), per batch as in Keras
        for (Tensor t : batchCtx.losses()) {
          added += t.item();
        }
        double value = 0;
        for (int k = 0; k < preds.size(); k++) {
          Tensor yb = batch.targets().get(k);
          double term = lossValue(model.loss(k), yb, preds.get(k));
          outputSums[k] += term * rows;
          value += model.lossWeight(k) * term;
          for (Metric m : metrics.get(k)) {
            m.update(yb, preds.get(k), null);
          }
        }
        lossSum += (value + penalty + added) * rows;
        n += rows;
        report(rowsDone, n);
      }
      Map<String, Double> logs = new LinkedHashMap<>();
      logs.put("loss", lossSum / n);
      putMetrics(model, metrics, logs);
      if (outputSums.length > 1) {
        for (int k = 0; k < outputSums.length; k++) {
          logs.put(model.outputName(k) + "_loss", outputSums[k] / n);
        }
      }
      return logs;
    } finally {
      if (plan != null && largest <= InferencePlan.MAX_ROWS) { // a model keeps no buffers of a huge batch
        plan.releaseInference(run);
      }
    }
  }

  /**
   * Predictions over a dataset's batches (pass 0, whole), one tensor per output with a row per input row; the
   * batches' targets, if any, are ignored. Only the predictions are held, not the inputs.
   */
  static List<Tensor> predict(Model model, Dataset data, CallContext context) {
    List<List<Tensor>> parts = new ArrayList<>();
    try (Batches.Cursor batches = Batches.dataset(model, data.iterator(0), 0, false, null)) {
      ExecutionPlan.Execution run = null;
      for (Batches.StepBatch b = batches.next(); b != null; b = batches.next()) {
        if (run == null) {
          run = model.plan().start(context);
          run.weightsChanged();
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : run.forward(b.inputs(), null, b.from(), b.to(), context)) {
          out.add(t.detach());
        }
        parts.add(out);
      }
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("predict() of model \"" + model.name() + "\" received no batches");
    }
    List<Tensor> out = new ArrayList<>();
    for (int k = 0; k < parts.get(0).size(); k++) {
      List<Tensor> column = new ArrayList<>();
      for (List<Tensor> p : parts) {
        column.add(p.get(k));
      }
      out.add(column.size() == 1 ? column.get(0) : DataChecks.concatRows(column));
    }
    return out;
  }

  /** Whether a pass in {@code context} is a plain prediction: no training, no Monte Carlo noise, no gradients. */
  private static boolean plainInference(CallContext context) {
    return !context.training() && !context.dropoutActive() && !context.recordGradients();
  }

  private static void report(LongConsumer rowsDone, long rows) {
    if (rowsDone != null) {
      rowsDone.accept(rows);
    }
  }

  /**
   * Checks that there is one input tensor per model input and one target tensor per output.
   *
   * @throws IllegalArgumentException naming the model's inputs or outputs
   */
  static void requireCounts(Model model, List<Tensor> inputs, List<Tensor> targets) {
    if (targets.size() != model.outputCount()) {
      throw new IllegalArgumentException("model \"" + model.name() + "\" has " + model.outputCount() + " outputs "
          + model.outputNames() + ", received " + targets.size() + " target arrays");
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("model \"" + model.name() + "\" needs one tensor per input, received none");
    }
  }

  /** The loss of one batch without a gradient: on arrays where {@link Loss#flat()} applies, else the loss graph. */
  private static float lossValue(Loss loss, Tensor yTrue, Tensor pred) {
    FlatLoss flat = loss.flat();
    return flat != null && pred.mask() == null && FusedDensePlan.flatTargets(yTrue, pred)
        ? (float) flat.compute(yTrue.toArray(), pred.toArray(), pred.shape().dim(-1), null)
        : loss.call(yTrue, pred).item();
  }

  /**
   * Fresh metric objects per output, in compile order: the metrics (which ignore sample weights), then the
   * weighted metrics (a name taken by a metric becomes {@code weighted_<name>}, as Keras reports it). Callers
   * update every one with the batch's sample weights.
   */
  static List<List<Metric>> newMetrics(Model model) {
    List<List<Metric>> all = new ArrayList<>();
    for (int k = 0; k < model.outputCount(); k++) {
      List<Metric> ms = new ArrayList<>();
      if (model.hasOutputConfig()) {
        for (String name : model.metrics(k)) {
          ms.add(new WeightedMetric(Metrics.resolve(name), name, false));
        }
        all.add(ms);
        continue;
      }
      java.util.Set<String> names = new java.util.HashSet<>();
      for (Metric m : model.newMetrics()) {
        ms.add(new WeightedMetric(m, m.name(), false));
        names.add(m.name());
      }
      for (Metric m : model.newWeightedMetrics()) {
        String name = names.add(m.name()) ? m.name() : "weighted_" + m.name();
        ms.add(new WeightedMetric(m, name, true));
      }
      all.add(ms);
    }
    return all;
  }

  /** Adds each metric's result to {@code logs}: {@code name}, or {@code <output>_<name>} with several outputs. */
  static void putMetrics(Model model, List<List<Metric>> metrics, Map<String, Double> logs) {
    for (int k = 0; k < metrics.size(); k++) {
      String prefix = metrics.size() == 1 ? "" : model.outputName(k) + "_";
      for (Metric m : metrics.get(k)) {
        logs.put(prefix + m.name(), m.result());
      }
    }
  }

  static List<org.dropout4j.tensor.Shape> shapes(List<Tensor> tensors) {
    List<org.dropout4j.tensor.Shape> out = new ArrayList<>();
    for (Tensor t : tensors) {
      out.add(t.shape());
    }
    return out;
  }

  /** Rows {@code [from, to)} of each tensor through {@code order}. */
  static List<Tensor> gather(List<Tensor> ts, int[] order, int from, int to) {
    List<Tensor> out = new ArrayList<>(ts.size());
    for (Tensor t : ts) {
      out.add(Ops.gatherRows(t, order, from, to));
    }
    return out;
  }
}
