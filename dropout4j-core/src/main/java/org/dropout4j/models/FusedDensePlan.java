package org.dropout4j.models;

import java.util.List;
import org.dropout4j.layers.CallContext;
import org.dropout4j.losses.FlatLoss;
import org.dropout4j.losses.Loss;
import org.dropout4j.tensor.Tensor;

/**
 * The fused step of a small Dense/Dropout stack ({@link FusedDenseStack}): forward and backward over reused row
 * buffers, the loss and its gradient on arrays where the loss has a {@link FlatLoss} form, else autodiff on the
 * (small) output only. Monte Carlo passes take the generic step.
 */
final class FusedDensePlan extends ExecutionPlan {
  private final FusedDenseStack stack;
  private final GenericPlan generic;

  FusedDensePlan(FusedDenseStack stack, GenericPlan generic) {
    super(generic.fusesLayerPairs());
    this.stack = stack;
    this.generic = generic;
  }

  @Override
  Execution start(CallContext context) {
    return context.mcSamplesPerPass() == 0 ? new FusedExecution(stack.workspace()) : generic.start(context);
  }

  @Override
  String kind() {
    return "fused-dense";
  }

  /**
   * Whether targets line up with predictions element for element, as the losses align them: the same shape, or
   * {@code (n,)} targets for {@code (n, 1)} predictions. Anything else goes to {@link Loss#call}, which says why.
   */
  static boolean flatTargets(Tensor y, Tensor pred) {
    return y.shape().equals(pred.shape())
        || (y.rank() == pred.rank() - 1 && pred.shape().dim(-1) == 1 && y.size() == pred.size());
  }

  private static final class FusedExecution extends Execution {
    private final FusedDenseStack.Workspace fused;

    FusedExecution(FusedDenseStack.Workspace fused) {
      this.fused = fused;
    }

    @Override
    void weightsChanged() {
      fused.loadWeights();
    }

    @Override
    List<Tensor> forward(List<Tensor> inputs, int[] order, int from, int to, CallContext context) {
      return List.of(fused.forward(inputs.get(0), order, from, to, context));
    }

    @Override
    Step trainStep(List<Tensor> inputs, int[] order, int from, int to, List<Tensor> targets, CallContext context,
        Loss loss, LossCheck check) {
      fused.loadWeights();
      Tensor pred = fused.forward(inputs.get(0), order, from, to, context);
      Tensor yb = targets.get(0);
      FlatLoss flat = loss.flat();
      float value;
      if (flat != null && flatTargets(yb, pred)) {
        float[] dPred = new float[pred.size()];
        value = (float) flat.compute(yb.toArray(), pred.toArray(), pred.shape().dim(-1), dPred);
        check.check(value);
        fused.backward(dPred);
      } else {
        Tensor predLeaf = Tensor.variable(pred.shape(), pred.toArray());
        Tensor total = loss.call(yb, predLeaf);
        value = total.item();
        check.check(value);
        total.backward();
        fused.backward(predLeaf.grad().toArray());
      }
      return new Step(List.of(pred), value);
    }
  }
}
