package org.dropout4j.models;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.layers.CallContext;
import org.dropout4j.losses.Loss;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/** The generic step: the model's own {@code call} on the batch's rows, then autodiff over the recorded graph. */
final class GenericPlan extends ExecutionPlan {
  private final Model model;

  GenericPlan(Model model, boolean fuseLayerPairs) {
    super(fuseLayerPairs);
    this.model = model;
  }

  @Override
  Execution start(CallContext context) {
    return new GenericExecution();
  }

  @Override
  String kind() {
    return fusesLayerPairs() ? "generic, fused layer pairs" : "generic";
  }

  /** Rows {@code [from, to)} of {@code x} through {@code order}, or the slice (the tensor itself if whole). */
  static Tensor rows(Tensor x, int[] order, int from, int to) {
    if (order != null) {
      return Ops.gatherRows(x, order, from, to);
    }
    return from == 0 && to == x.shape().dim(0) ? x : Ops.sliceRows(x, from, to);
  }

  private static List<Tensor> rows(List<Tensor> xs, int[] order, int from, int to) {
    List<Tensor> out = new ArrayList<>(xs.size());
    for (Tensor x : xs) {
      out.add(rows(x, order, from, to));
    }
    return out;
  }

  private final class GenericExecution extends Execution {
    @Override
    void weightsChanged() {
      // the graph reads the weights themselves
    }

    @Override
    List<Tensor> forward(List<Tensor> inputs, int[] order, int from, int to, CallContext context) {
      return model.call(rows(inputs, order, from, to), context);
    }

    @Override
    Step trainStep(List<Tensor> inputs, int[] order, int from, int to, List<Tensor> targets, CallContext context,
        Loss loss, LossCheck check) {
      return lossAndBackward(model, model.call(rows(inputs, order, from, to), context), targets, context, loss,
          check);
    }
  }

  /**
   * The loss of a step's predictions (each output's loss, weighted, then the losses layers added to
   * {@code context}, then the weight penalties, added in that order), checked, then back-propagated through the
   * recorded graph.
   */
  static Step lossAndBackward(Model model, List<Tensor> predictions, List<Tensor> targets, CallContext context,
      Loss loss, LossCheck check) {
    Tensor total = null;
    float[] outputLosses = new float[predictions.size()];
    for (int k = 0; k < predictions.size(); k++) {
      Tensor term = SampleWeights.forOutput(model, k, loss).call(targets.get(k), predictions.get(k));
      outputLosses[k] = term.item();
      double w = model.lossWeight(k);
      if (w != 1.0) {
        term = Ops.mulScalar(term, (float) w);
      }
      total = total == null ? term : Ops.add(total, term);
    }
    for (Tensor added : context.losses()) {
      total = Ops.add(total, added);
    }
    for (Tensor penalty : WeightPenalties.losses(model, context)) {
      total = Ops.add(total, penalty);
    }
    float value = total.item();
    check.check(value);
    total.backward();
    return predictions.size() == 1 ? new Step(predictions, value) : new Step(predictions, value, outputLosses);
  }
}
