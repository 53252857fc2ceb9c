package org.dropout4j.models;

import java.util.List;
import org.dropout4j.layers.CallContext;
import org.dropout4j.losses.Loss;
import org.dropout4j.losses.SoftmaxLoss;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The step of a {@link Sequential} whose first layers form a {@link DenseHead}: the head forward and backward over
 * its reused buffers, the remaining layers (the tail, e.g. a softmax output layer) and the loss as the generic
 * autodiff step on a leaf that holds the head's output, whose gradient then goes back through the head; a tail that
 * is one softmax Dense, trained with a loss that has a {@link SoftmaxLoss} form and without sample weights, runs as
 * a {@link SoftmaxTail} over reused buffers instead. Values, losses and gradients equal the generic step's to the
 * bit (tested). Monte Carlo passes take the generic step.
 */
final class DenseHeadPlan extends ExecutionPlan {
  private final Sequential model;
  private final DenseHead head;
  private final GenericPlan generic;
  /** The fused form of the layers after the head, or {@code null}. */
  private final SoftmaxTail tail;

  DenseHeadPlan(Sequential model, DenseHead head, GenericPlan generic) {
    super(generic.fusesLayerPairs());
    this.model = model;
    this.head = head;
    this.generic = generic;
    this.tail = SoftmaxTail.plan(model.layers(), head.layerCount, head.outputWidth());
  }

  @Override
  Execution start(CallContext context) {
    return context.mcSamplesPerPass() == 0 ? new HeadExecution(head.workspace()) : generic.start(context);
  }

  @Override
  String kind() {
    return tail == null ? "fused-dense-head" : "fused-dense-head, softmax tail";
  }

  private final class HeadExecution extends Execution {
    private final DenseHead.Workspace fused;
    private SoftmaxTail.Workspace fusedTail;

    HeadExecution(DenseHead.Workspace fused) {
      this.fused = fused;
    }

    @Override
    void weightsChanged() {
      // the head reads the weights themselves
    }

    /** The head's output values for the rows, exactly {@code (to - from) * outputWidth} of them (copied by the caller). */
    private float[] headOutput(List<Tensor> inputs, int[] order, int from, int to, CallContext context) {
      float[] h = fused.forward(inputs.get(0), order, from, to, context);
      int size = (to - from) * head.outputWidth();
      return h.length == size ? h : java.util.Arrays.copyOf(h, size);
    }

    /** The tail's output for the head's output {@code h}. */
    private Tensor tail(Tensor h, CallContext context) {
      return model.callLayers(h, context, head.layerCount, model.layers().size());
    }

    @Override
    List<Tensor> forward(List<Tensor> inputs, int[] order, int from, int to, CallContext context) {
      Tensor h = Tensor.of(Shape.of(to - from, head.outputWidth()), headOutput(inputs, order, from, to, context));
      return List.of(tail(h, context));
    }

    /**
     * The tail's loss in its {@link SoftmaxLoss} form, or {@code null} where the generic step is needed: no fused
     * tail, a loss without that form, sample weights, a loss weight other than 1.
     */
    private SoftmaxLoss softmaxLoss(Loss loss) {
      return tail == null || model.lossWeight(0) != 1.0 ? null : SampleWeights.forOutput(model, 0, loss).softmaxForm();
    }

    @Override
    Step trainStep(List<Tensor> inputs, int[] order, int from, int to, List<Tensor> targets, CallContext context,
        Loss loss, LossCheck check) {
      SoftmaxLoss softmax = softmaxLoss(loss);
      if (softmax != null) {
        float[] h = fused.forward(inputs.get(0), order, from, to, context);
        if (fusedTail == null) {
          fusedTail = tail.workspace();
        }
        float[] dh = fused.outputGradBuffer();
        Step step = fusedTail.step(h, to - from, targets.get(0), softmax, check, dh);
        fused.backward(dh);
        return step;
      }
      Tensor leaf = Tensor.variable(Shape.of(to - from, head.outputWidth()), headOutput(inputs, order, from, to,
          context));
      Step step = GenericPlan.lossAndBackward(model, List.of(tail(leaf, context)), targets, context, loss, check);
      Tensor dh = leaf.grad();
      float[] g = fused.outputGradBuffer();
      if (dh == null) {
        java.util.Arrays.fill(g, 0f);
      } else {
        dh.copyTo(0, g, 0, dh.size());
      }
      fused.backward(g);
      return step;
    }
  }
}
