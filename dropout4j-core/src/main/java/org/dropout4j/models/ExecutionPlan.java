package org.dropout4j.models;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dropout4j.layers.CallContext;
import org.dropout4j.losses.Loss;
import org.dropout4j.tensor.Tensor;

/**
 * How a model runs its batches, chosen once per model by {@link ExecutionPlanner}: the generic autodiff step
 * ({@link GenericPlan}) or a fused step with the same semantics ({@link FusedDensePlan}), and whether a stack of
 * layers fuses adjacent pairs inside the autodiff graph ({@link LayerChain}). The training loop and the
 * evaluator see only this type, so a new model kind or a new fast path changes neither.
 */
abstract class ExecutionPlan {
  private final boolean fuseLayerPairs;
  private InferencePlan inference;
  /** An inference execution that the last evaluate call gave back, for the next one (a one-slot pool). */
  private final AtomicReference<Execution> idleInference = new AtomicReference<>();

  /** @param fuseLayerPairs whether a stack of layers runs fusing pairs ({@link LayerChain}) */
  ExecutionPlan(boolean fuseLayerPairs) {
    this.fuseLayerPairs = fuseLayerPairs;
  }

  /**
   * How plain predictions (inference, no Monte Carlo pass) run without autodiff, or {@code null}: they then take
   * {@link #start} like every other pass.
   */
  final InferencePlan inference() {
    return inference;
  }

  /** Sets {@link #inference()}; returns this plan. */
  final ExecutionPlan withInference(InferencePlan value) {
    inference = value;
    return this;
  }

  /** Whether the model's layer stack runs adjacent pairs that fuse (Conv2D + MaxPooling2D) as one op. */
  final boolean fusesLayerPairs() {
    return fuseLayerPairs;
  }

  /**
   * The buffers for one user of the plan (one fit, evaluate or predict call); an execution is not thread-safe.
   * An execution that cannot run {@code context} (e.g. a Monte Carlo pass) is the generic one.
   */
  abstract Execution start(CallContext context);

  /**
   * An execution for one inference pass over a whole call (an evaluate): the one the previous call gave back
   * with {@link #releaseInference}, else a new one. Small repeated calls (a metric tracked every epoch) thus build
   * their buffers once; concurrent callers each get one of their own (the pool holds one, taken atomically). The
   * caller runs {@link Execution#weightsChanged} before its first forward, as for a new execution, so the weights
   * as they are at the call are used. An execution is per plan: a model's new plan starts with an empty pool.
   */
  final Execution acquireInference() {
    Execution run = idleInference.getAndSet(null);
    return run != null ? run : start(CallContext.inference());
  }

  /**
   * Gives back an execution from {@link #acquireInference} once its call is done, for the next call. Callers give
   * back only executions whose batches had at most {@link InferencePlan#MAX_ROWS} rows, so what a model keeps
   * between calls stays small; a larger one is left to the garbage collector, as before.
   */
  final void releaseInference(Execution run) {
    idleInference.set(run);
  }

  /** A name for tests and logs, e.g. {@code generic} or {@code fused-dense}. */
  abstract String kind();

  /** Checks a batch's loss before its backward pass, e.g. that it is finite. */
  @FunctionalInterface
  interface LossCheck {
    /** @throws IllegalStateException if training cannot go on with this loss value */
    void check(float value);
  }

  /**
   * The outputs of a training step, its loss value (the weighted sum of the outputs' losses and every penalty) and
   * each output's own loss (unweighted, without penalties).
   */
  record Step(List<Tensor> predictions, float loss, float[] outputLosses) {
    /** A step of a single-output model: its output's loss is the total. */
    Step(List<Tensor> predictions, float loss) {
      this(predictions, loss, new float[] {loss});
    }
  }

  /** One user's view of the plan. */
  abstract static class Execution {
    /** Called after the weights changed (an optimizer step, a constraint, setWeights), before the next forward. */
    abstract void weightsChanged();

    /**
     * The model's outputs for rows {@code [from, to)} of the inputs (through {@code order} if not {@code null}),
     * without a gradient.
     */
    abstract List<Tensor> forward(List<Tensor> inputs, int[] order, int from, int to, CallContext context);

    /**
     * One training step's forward pass, loss and backward pass: afterwards every trainable weight holds its
     * gradient. The total loss is {@code sum_k w_k loss_k(y_k, pred_k)} (the model's per-output losses and
     * weights; {@code loss} for a single output), then the losses layers added in the pass, then the weight
     * penalties, added in that order.
     *
     * @param targets the batch's targets, one per output
     * @param check called with the loss value before the backward pass
     */
    abstract Step trainStep(List<Tensor> inputs, int[] order, int from, int to, List<Tensor> targets,
        CallContext context, Loss loss, LossCheck check);
  }
}
