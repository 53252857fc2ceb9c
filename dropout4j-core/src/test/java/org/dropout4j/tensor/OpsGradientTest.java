package org.dropout4j.tensor;

import static org.dropout4j.tensor.GradientCheck.awayFromZero;
import static org.dropout4j.tensor.GradientCheck.check;
import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Every op of {@link Ops} against finite differences ({@link GradientCheck}: h = 1e-2, tolerance
 * 1e-3 + 1e-2 * |g|). Inputs avoid each op's kinks by more than h.
 */
class OpsGradientTest {

  private static Tensor a34() {
    return uniform(1, -1f, 1f, 3, 4);
  }

  @Test
  void checker_rejects_a_wrong_backward_rule() {
    // y = 2x with a backward rule claiming dy/dx = 3: the checker must notice
    Tensor x0 = uniform(1, -1f, 1f, 3);
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> check("wrong", in -> {
      Tensor x = in[0];
      float[] r = new float[x.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = 2f * x.get(i);
      }
      return new Tensor(r, x.shape(), true, new Tensor[] {x}, g -> {
        float[] gx = new float[g.length];
        for (int i = 0; i < g.length; i++) {
          gx[i] = 3f * g[i];
        }
        x.accumulate(gx);
      });
    }, x0));
    assertEquals(true, e.getMessage().contains("gradient mismatch"), e.getMessage());
  }

  // ---------------------------------------------------------------- binary ops, same shape and broadcasting

  @Test
  void add_sameShape_gradientMatchesFiniteDifferences() {
    check("add (3,4)+(3,4)", in -> Ops.add(in[0], in[1]), a34(), uniform(2, -1f, 1f, 3, 4));
  }

  @Test
  void add_rowVectorBroadcast_gradientMatchesFiniteDifferences() {
    check("add (3,4)+(4,)", in -> Ops.add(in[0], in[1]), a34(), uniform(2, -1f, 1f, 4));
  }

  @Test
  void add_columnBroadcast_gradientMatchesFiniteDifferences() {
    check("add (3,4)+(3,1)", in -> Ops.add(in[0], in[1]), a34(), uniform(2, -1f, 1f, 3, 1));
  }

  @Test
  void add_scalarBroadcast_gradientMatchesFiniteDifferences() {
    check("add (3,4)+()", in -> Ops.add(in[0], in[1]), a34(), Tensor.scalar(0.3f));
    check("add ()+(3,4)", in -> Ops.add(in[0], in[1]), Tensor.scalar(0.3f), a34());
  }

  @Test
  void add_generalBroadcastBothSides_gradientMatchesFiniteDifferences() {
    Tensor a = uniform(3, -1f, 1f, 2, 1, 3);
    Tensor b = uniform(4, -1f, 1f, 1, 4, 1);
    Tensor out = Ops.add(a, b);
    assertEquals(Shape.of(2, 4, 3), out.shape());
    check("add (2,1,3)+(1,4,1)", in -> Ops.add(in[0], in[1]), a, b);
  }

  @Test
  void sub_sameShapeAndBroadcast_gradientMatchesFiniteDifferences() {
    check("sub (3,4)-(3,4)", in -> Ops.sub(in[0], in[1]), a34(), uniform(2, -1f, 1f, 3, 4));
    check("sub (3,4)-(4,)", in -> Ops.sub(in[0], in[1]), a34(), uniform(2, -1f, 1f, 4));
    check("sub (3,1)-(3,4)", in -> Ops.sub(in[0], in[1]), uniform(2, -1f, 1f, 3, 1), a34());
    check("sub ()-(3,4)", in -> Ops.sub(in[0], in[1]), Tensor.scalar(0.7f), a34());
    check("sub (2,1,3)-(1,4,1)", in -> Ops.sub(in[0], in[1]), uniform(3, -1f, 1f, 2, 1, 3),
        uniform(4, -1f, 1f, 1, 4, 1));
  }

  @Test
  void mul_sameShapeAndBroadcast_gradientMatchesFiniteDifferences() {
    check("mul (3,4)*(3,4)", in -> Ops.mul(in[0], in[1]), a34(), uniform(2, -1f, 1f, 3, 4));
    check("mul (3,4)*(4,)", in -> Ops.mul(in[0], in[1]), a34(), uniform(2, -1f, 1f, 4));
    check("mul (3,4)*(3,1)", in -> Ops.mul(in[0], in[1]), a34(), uniform(2, -1f, 1f, 3, 1));
    check("mul (3,4)*()", in -> Ops.mul(in[0], in[1]), a34(), Tensor.scalar(-0.6f));
    check("mul (2,1,3)*(1,4,1)", in -> Ops.mul(in[0], in[1]), uniform(3, -1f, 1f, 2, 1, 3),
        uniform(4, -1f, 1f, 1, 4, 1));
  }

  @Test
  void div_sameShapeAndBroadcast_gradientMatchesFiniteDifferences() {
    // denominators in [0.5, 1.5]: far from the pole at 0
    check("div (3,4)/(3,4)", in -> Ops.div(in[0], in[1]), a34(), uniform(2, 0.5f, 1.5f, 3, 4));
    check("div (3,4)/(4,)", in -> Ops.div(in[0], in[1]), a34(), uniform(2, 0.5f, 1.5f, 4));
    check("div (3,4)/(3,1)", in -> Ops.div(in[0], in[1]), a34(), uniform(2, 0.5f, 1.5f, 3, 1));
    check("div (3,4)/()", in -> Ops.div(in[0], in[1]), a34(), Tensor.scalar(0.8f));
    check("div ()/(3,4)", in -> Ops.div(in[0], in[1]), Tensor.scalar(0.8f), uniform(2, 0.5f, 1.5f, 3, 4));
    check("div (2,1,3)/(1,4,1)", in -> Ops.div(in[0], in[1]), uniform(3, -1f, 1f, 2, 1, 3),
        uniform(4, 0.5f, 1.5f, 1, 4, 1));
  }

  @Test
  void sameTensorOnBothSides_gradientSumsBothOperands() {
    check("mul(x, x)", in -> Ops.mul(in[0], in[0]), a34());
    check("div(x, x+2)", in -> Ops.div(in[0], Ops.addScalar(in[0], 2f)), a34());
  }

  // ---------------------------------------------------------------- scalar arithmetic

  @Test
  void mulScalar_gradientMatchesFiniteDifferences() {
    check("mulScalar", in -> Ops.mulScalar(in[0], -2.5f), a34());
  }

  @Test
  void addScalar_gradientMatchesFiniteDifferences() {
    check("addScalar", in -> Ops.addScalar(in[0], 3f), a34());
  }

  @Test
  void rsubScalar_gradientMatchesFiniteDifferences() {
    check("rsubScalar", in -> Ops.rsubScalar(1f, in[0]), a34());
  }

  @Test
  void neg_gradientMatchesFiniteDifferences() {
    check("neg", in -> Ops.neg(in[0]), a34());
  }

  // ---------------------------------------------------------------- elementwise math

  @Test
  void exp_gradientMatchesFiniteDifferences() {
    check("exp", in -> Ops.exp(in[0]), uniform(5, -2f, 2f, 3, 4));
  }

  @Test
  void log_gradientMatchesFiniteDifferences() {
    check("log", in -> Ops.log(in[0]), uniform(5, 0.5f, 3f, 3, 4));
  }

  @Test
  void sqrt_gradientMatchesFiniteDifferences() {
    check("sqrt", in -> Ops.sqrt(in[0]), uniform(5, 0.5f, 3f, 3, 4));
  }

  @Test
  void square_gradientMatchesFiniteDifferences() {
    check("square", in -> Ops.square(in[0]), uniform(5, -2f, 2f, 3, 4));
  }

  @Test
  void abs_awayFromZero_gradientMatchesFiniteDifferences() {
    check("abs", in -> Ops.abs(in[0]), awayFromZero(5, 0.1f, 2f, 3, 4));
  }

  @Test
  void clip_insideAndOutsideTheRange_gradientMatchesFiniteDifferences() {
    // values at least 0.1 from the edges -0.5 and 0.5, on both sides of each
    Tensor x = Tensor.of(Shape.of(2, 4), -1.2f, -0.6f, -0.4f, -0.1f, 0.2f, 0.4f, 0.6f, 1.5f);
    check("clip", in -> Ops.clip(in[0], -0.5f, 0.5f), x);
  }

  @Test
  void clip_outsideTheRange_gradientIsExactlyZero() {
    Tensor x = Tensor.variable(Shape.of(4), -2f, -0.6f, 0.6f, 3f);
    Ops.sum(Ops.clip(x, -0.5f, 0.5f)).backward();
    assertEquals(0f, x.grad().get(0));
    assertEquals(0f, x.grad().get(1));
    assertEquals(0f, x.grad().get(2));
    assertEquals(0f, x.grad().get(3));
  }

  @Test
  void clip_minAboveMax_throwsNamingBoth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ops.clip(a34(), 1f, 0f));
    assertEquals(true, e.getMessage().contains("min=1.0") && e.getMessage().contains("max=0.0"), e.getMessage());
  }

  // ---------------------------------------------------------------- activations

  @Test
  void relu_awayFromZero_gradientMatchesFiniteDifferences() {
    check("relu", in -> Ops.relu(in[0]), awayFromZero(6, 0.1f, 2f, 3, 4));
  }

  @Test
  void leakyRelu_awayFromZero_gradientMatchesFiniteDifferences() {
    check("leakyRelu", in -> Ops.leakyRelu(in[0], 0.2f), awayFromZero(6, 0.1f, 2f, 3, 4));
  }

  @Test
  void sigmoid_gradientMatchesFiniteDifferences() {
    check("sigmoid", in -> Ops.sigmoid(in[0]), uniform(7, -4f, 4f, 3, 4));
  }

  @Test
  void tanh_gradientMatchesFiniteDifferences() {
    check("tanh", in -> Ops.tanh(in[0]), uniform(7, -2f, 2f, 3, 4));
  }

  @Test
  void elu_bothSidesOfZero_gradientMatchesFiniteDifferences() {
    check("elu", in -> Ops.elu(in[0], 1f, 1f), awayFromZero(8, 0.1f, 2f, 3, 4));
    check("selu", in -> Ops.elu(in[0], 1.6732632f, 1.0507010f), awayFromZero(8, 0.1f, 2f, 3, 4));
  }

  @Test
  void softplus_gradientMatchesFiniteDifferences() {
    check("softplus", in -> Ops.softplus(in[0]), uniform(9, -4f, 4f, 3, 4));
  }

  @Test
  void softmax_lastAxis_gradientMatchesFiniteDifferences() {
    check("softmax (3,4)", in -> Ops.softmax(in[0]), uniform(10, -2f, 2f, 3, 4));
    check("softmax (2,2,3)", in -> Ops.softmax(in[0]), uniform(10, -2f, 2f, 2, 2, 3));
  }

  @Test
  void logSoftmax_lastAxis_gradientMatchesFiniteDifferences() {
    check("logSoftmax (3,4)", in -> Ops.logSoftmax(in[0]), uniform(11, -2f, 2f, 3, 4));
    check("logSoftmax (2,2,3)", in -> Ops.logSoftmax(in[0]), uniform(11, -2f, 2f, 2, 2, 3));
  }

  // ---------------------------------------------------------------- reductions

  @Test
  void sumAll_gradientMatchesFiniteDifferences() {
    check("sum", in -> Ops.sum(in[0]), uniform(12, -1f, 1f, 2, 3, 4));
  }

  @Test
  void meanAll_gradientMatchesFiniteDifferences() {
    check("mean", in -> Ops.mean(in[0]), uniform(12, -1f, 1f, 2, 3, 4));
  }

  @Test
  void sumPerAxis_everyAxisWithAndWithoutKeepDims_gradientMatchesFiniteDifferences() {
    Tensor x = uniform(13, -1f, 1f, 2, 3, 4);
    for (int axis = -3; axis < 3; axis++) {
      for (boolean keep : new boolean[] {true, false}) {
        int ax = axis;
        check("sum axis " + axis + " keepDims " + keep, in -> Ops.sum(in[0], ax, keep), x);
      }
    }
  }

  @Test
  void meanPerAxis_everyAxisWithAndWithoutKeepDims_gradientMatchesFiniteDifferences() {
    Tensor x = uniform(14, -1f, 1f, 2, 3, 4);
    for (int axis = -3; axis < 3; axis++) {
      for (boolean keep : new boolean[] {true, false}) {
        int ax = axis;
        check("mean axis " + axis + " keepDims " + keep, in -> Ops.mean(in[0], ax, keep), x);
      }
    }
  }

  @Test
  void sumPerAxis_keepDims_keepsTheAxisWithSizeOne() {
    Tensor x = uniform(14, -1f, 1f, 2, 3, 4);
    assertEquals(Shape.of(2, 1, 4), Ops.sum(x, 1, true).shape());
    assertEquals(Shape.of(2, 4), Ops.sum(x, 1, false).shape());
    assertEquals(Shape.of(2, 3, 1), Ops.mean(x, -1, true).shape());
  }

  // ---------------------------------------------------------------- shape ops and matmul

  @Test
  void reshape_gradientMatchesFiniteDifferences() {
    check("reshape", in -> Ops.reshape(in[0], 4, -1), uniform(15, -1f, 1f, 2, 3, 2));
  }

  @Test
  void transpose_gradientMatchesFiniteDifferences() {
    check("transpose", in -> Ops.transpose(in[0]), uniform(16, -1f, 1f, 3, 5));
  }

  @Test
  void matmul_gradientMatchesFiniteDifferences() {
    check("matmul (3,4)x(4,2)", in -> Ops.matmul(in[0], in[1]), a34(), uniform(17, -1f, 1f, 4, 2));
    check("matmul (1,5)x(5,3)", in -> Ops.matmul(in[0], in[1]), uniform(18, -1f, 1f, 1, 5),
        uniform(19, -1f, 1f, 5, 3));
  }

  @Test
  void composition_gradientMatchesFiniteDifferences() {
    // a small network by hand: mean(softplus(x W + b))
    check("mean(softplus(xW+b))", in -> Ops.mean(Ops.softplus(Ops.add(Ops.matmul(in[0], in[1]), in[2]))),
        a34(), uniform(20, -1f, 1f, 4, 3), uniform(21, -1f, 1f, 3));
  }
}
