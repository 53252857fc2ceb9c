package org.dropout4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The mechanics of reverse-mode autodiff in {@link Tensor#backward()}. */
class AutodiffTest {

  @Test
  void leafGradient_accumulatesAcrossTwoBackwardCalls() {
    Tensor x = Tensor.variable(Shape.of(2), 1f, -2f);
    Ops.sum(Ops.mulScalar(x, 3f)).backward();
    Ops.sum(Ops.mulScalar(x, 3f)).backward();
    assertArrayEquals(new float[] {6f, 6f}, x.grad().toArray());
  }

  @Test
  void leafGradient_accumulatesWhenTheSameGraphIsBackpropagatedTwice() {
    Tensor x = Tensor.variable(Shape.of(2), 1f, -2f);
    Tensor y = Ops.sum(Ops.square(x));
    y.backward();
    y.backward();
    assertArrayEquals(new float[] {4f, -8f}, x.grad().toArray()); // 2 * (2x)
  }

  @Test
  void backwardOnALeafItself_accumulatesLikeAnyOtherLeaf() {
    Tensor x = Tensor.variable(Shape.of(), 5f);
    x.backward();
    x.backward();
    assertArrayEquals(new float[] {2f}, x.grad().toArray());
  }

  @Test
  void leafUsedInTwoBranches_getsTheSumOfBothPaths() {
    Tensor x = Tensor.variable(Shape.of(2), 0.5f, -1f);
    // y = sum(exp(x) + 3x): dy/dx = exp(x) + 3
    Ops.sum(Ops.add(Ops.exp(x), Ops.mulScalar(x, 3f))).backward();
    assertArrayEquals(new float[] {(float) Math.exp(0.5) + 3f, (float) Math.exp(-1) + 3f}, x.grad().toArray(),
        1e-6f);
  }

  @Test
  void intermediateUsedTwice_getsTheSumOfBothPaths() {
    Tensor x = Tensor.variable(Shape.of(2), 0.5f, -1f);
    Tensor z = Ops.mulScalar(x, 2f);
    // y = sum(z * z) = 4 x^2: dy/dx = 8x
    Ops.sum(Ops.mul(z, z)).backward();
    assertArrayEquals(new float[] {4f, -8f}, x.grad().toArray());
  }

  @Test
  void backwardOnANonScalar_throwsSayingItNeedsAScalar() {
    Tensor x = Tensor.variable(Shape.of(2, 3), new float[6]);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Ops.exp(x).backward());
    assertTrue(e.getMessage().contains("scalar") && e.getMessage().contains("(2, 3)"), e.getMessage());
  }

  @Test
  void backwardOnAConstant_throwsSayingNoVariableWasUsed() {
    Tensor c = Ops.sum(Tensor.of(Shape.of(2), 1f, 2f));
    IllegalStateException e = assertThrows(IllegalStateException.class, c::backward);
    assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
  }

  @Test
  void constants_getNoGradient() {
    Tensor x = Tensor.variable(Shape.of(2), 1f, 2f);
    Tensor c = Tensor.of(Shape.of(2), 3f, 4f);
    Ops.sum(Ops.mul(x, c)).backward();
    assertFalse(c.requiresGrad());
    assertNull(c.grad());
    assertArrayEquals(new float[] {3f, 4f}, x.grad().toArray());
  }

  @Test
  void opsOnConstantsOnly_recordNoGraph() {
    Tensor c = Tensor.of(Shape.of(2), 3f, 4f);
    assertFalse(Ops.exp(Ops.add(c, c)).requiresGrad());
  }

  @Test
  void detach_cutsTheGraph() {
    Tensor x = Tensor.variable(Shape.of(2), 1f, 2f);
    Tensor d = Ops.square(x).detach();
    Ops.sum(Ops.mul(x, d)).backward();
    assertArrayEquals(new float[] {1f, 4f}, x.grad().toArray()); // d treated as constant x^2
  }

  @Test
  void broadcastGradient_sumsOverTheBroadcastAxes() {
    Tensor b = Tensor.variable(Shape.of(3), 0f, 0f, 0f);
    Tensor x = Tensor.of(Shape.of(4, 3), new float[12]);
    Ops.sum(Ops.add(x, b)).backward();
    assertArrayEquals(new float[] {4f, 4f, 4f}, b.grad().toArray());
  }
}
