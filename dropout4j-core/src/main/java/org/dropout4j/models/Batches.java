package org.dropout4j.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.dropout4j.data.Batch;
import org.dropout4j.data.BatchIterator;
import org.dropout4j.data.Dataset;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * Where the batches of fit, evaluate and predict come from: rows of arrays in memory (through a shuffled order,
 * gathered by the execution plan itself) or the batches of a {@link Dataset}, read as they are needed. Either way
 * the loops see the same {@link StepBatch}.
 */
final class Batches {
  private Batches() {
  }

  /**
   * One batch as the execution plan takes it: rows {@code [from, to)} of {@code inputs} (through {@code order} if
   * not {@code null}), the batch's targets and sample weights (or {@code null}).
   */
  record StepBatch(List<Tensor> inputs, int[] order, int from, int to, List<Tensor> targets, Tensor weights) {
    int rows() {
      return to - from;
    }
  }

  /** The batches of one epoch or evaluation; {@link #next()} returns {@code null} at the end. */
  interface Cursor extends AutoCloseable {
    /** The next batch, or {@code null} when there is none. */
    StepBatch next();

    @Override
    void close();
  }

  /** Consecutive batches of arrays in memory through {@code order} ({@code null}: in order). */
  static Cursor arrays(List<Tensor> x, List<Tensor> y, Tensor weights, int[] order, int batchSize) {
    int n = x.get(0).shape().dim(0);
    return new Cursor() {
      private int from;

      @Override
      public StepBatch next() {
        if (from >= n) {
          return null;
        }
        int to = Math.min(n, from + batchSize);
        List<Tensor> yb = order == null ? rows(y, from, to) : Evaluator.gather(y, order, from, to);
        Tensor wb = weights == null ? null : order == null ? Ops.sliceRows(weights, from, to)
            : Ops.gatherRows(weights, order, from, to);
        StepBatch b = new StepBatch(x, order, from, to, yb, wb);
        from = to;
        return b;
      }

      @Override
      public void close() {
      }
    };
  }

  /** Rows {@code [from, to)} of each tensor (a loop, not a stream: it runs for every batch of every epoch). */
  private static List<Tensor> rows(List<Tensor> ts, int from, int to) {
    List<Tensor> out = new ArrayList<>(ts.size());
    for (Tensor t : ts) {
      out.add(GenericPlan.rows(t, null, from, to));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Up to {@code maxSteps} batches ({@code <= 0}: all) of a dataset pass, each checked (counts, finite values,
   * shapes the model takes; the model is built on the first), weighted by {@code classWeight} if given.
   *
   * @param needTargets whether batches must carry one target per model output (fit and evaluate)
   */
  static Cursor dataset(Model model, BatchIterator pass, long maxSteps, boolean needTargets,
      Map<Integer, Double> classWeight) {
    return new Cursor() {
      private long steps;

      @Override
      public StepBatch next() {
        if ((maxSteps > 0 && steps >= maxSteps) || !pass.hasNext()) {
          return null;
        }
        steps++;
        return check(model, pass.next(), needTargets, classWeight);
      }

      @Override
      public void close() {
        pass.close();
      }
    };
  }

  /** The checks {@code fit} makes on arrays, made on one dataset batch; builds the model on first use. */
  static StepBatch check(Model model, Batch b, boolean needTargets, Map<Integer, Double> classWeight) {
    if (needTargets) {
      Evaluator.requireCounts(model, b.x(), b.y());
      DataChecks.requireFinite(b.x(), b.y());
    } else {
      for (Tensor t : b.x()) {
        DataChecks.requireFinite(t, "x");
      }
    }
    model.buildFor(Evaluator.shapes(b.x()));
    Tensor w = b.sampleWeight();
    if (classWeight != null) {
      if (w != null) {
        throw new IllegalArgumentException("You cannot pass both `class_weight` and a dataset with sample weights");
      }
      w = SampleWeights.classWeights(classWeight, b.y().get(0));
    }
    return new StepBatch(b.x(), null, 0, b.rows(), b.y(), w);
  }
}
