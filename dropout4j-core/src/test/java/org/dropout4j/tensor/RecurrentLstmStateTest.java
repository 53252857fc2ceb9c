package org.dropout4j.tensor;

import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.dropout4j.tensor.Ops.FusedActivation;
import org.dropout4j.tensor.Recurrent.Cell;
import org.junit.jupiter.api.Test;

/**
 * The LSTM kernel's pooled forward state ({@link LstmState}): reusing buffers across calls never changes a result,
 * even when a call is back-propagated again after a later call of the same shapes took its buffers.
 */
class RecurrentLstmStateTest {
  private static final Recurrent.Spec SPEC = new Recurrent.Spec(Cell.LSTM, FusedActivation.TANH,
      FusedActivation.SIGMOID, false, false, false);

  @Test
  void backwardTwice_givesTheSameGradients_afterALaterCallTookTheBuffers() {
    Tensor k = Tensor.variable(Shape.of(3, 8), uniform(2, -0.5f, 0.5f, 3, 8).toArray());
    Tensor r = Tensor.variable(Shape.of(2, 8), uniform(3, -0.5f, 0.5f, 2, 8).toArray());
    Tensor x1 = Tensor.variable(Shape.of(4, 5, 3), uniform(1, -1f, 1f, 4, 5, 3).toArray());
    Tensor loss1 = Ops.sum(Ops.mul(Recurrent.run(SPEC, x1, k, r, null, null, null), uniform(9, -1f, 1f, 4, 2)));
    loss1.backward();
    float[] first = r.grad().toArray();
    r.clearGrad();
    // a second call of the same shapes, forward and backward, reuses the pooled buffers of the first
    Tensor x2 = Tensor.variable(Shape.of(4, 5, 3), uniform(4, -1f, 1f, 4, 5, 3).toArray());
    Ops.sum(Recurrent.run(SPEC, x2, k, r, null, null, null)).backward();
    assertFalse(Arrays.equals(first, r.grad().toArray()), "the second call has other gradients");
    r.clearGrad();
    loss1.backward();
    assertArrayEquals(first, r.grad().toArray());
  }

  @Test
  void inferenceCalls_inBetween_doNotChangeATrainingResult() {
    Tensor k = Tensor.variable(Shape.of(3, 8), uniform(2, -0.5f, 0.5f, 3, 8).toArray());
    Tensor r = Tensor.variable(Shape.of(2, 8), uniform(3, -0.5f, 0.5f, 2, 8).toArray());
    Tensor x = Tensor.variable(Shape.of(4, 5, 3), uniform(1, -1f, 1f, 4, 5, 3).toArray());
    Tensor y = Recurrent.run(SPEC, x, k, r, null, null, null);
    float[] out = y.toArray();
    Tensor constant = Tensor.of(Shape.of(4, 5, 3), uniform(5, -1f, 1f, 4, 5, 3).toArray());
    Tensor kc = Tensor.of(Shape.of(3, 8), k.toArray());
    Tensor rc = Tensor.of(Shape.of(2, 8), r.toArray());
    Recurrent.run(SPEC, constant, kc, rc, null, null, null); // no gradient: its buffers go straight back
    Ops.sum(y).backward();
    float[] grad = x.grad().toArray();
    Tensor again = Tensor.variable(Shape.of(4, 5, 3), x.toArray());
    Tensor y2 = Recurrent.run(SPEC, again, k, r, null, null, null);
    assertArrayEquals(out, y2.toArray());
    Ops.sum(y2).backward();
    assertArrayEquals(grad, again.grad().toArray());
  }
}
