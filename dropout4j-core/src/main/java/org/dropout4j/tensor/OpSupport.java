package org.dropout4j.tensor;

/** Helpers shared by the op classes behind {@link Ops}: gradient checks and results that record a backward rule. */
final class OpSupport {
  private OpSupport() {
  }

  static boolean anyGrad(Tensor a) {
    return a.requiresGrad();
  }

  static boolean anyGrad(Tensor a, Tensor b) {
    return a.requiresGrad() || b.requiresGrad();
  }

  static Tensor unaryResult(float[] out, Tensor x, Tensor.Backward bw) {
    return x.requiresGrad() ? new Tensor(out, x.shape, true, new Tensor[] {x}, bw) : Tensor.wrap(x.shape, out);
  }

  static Tensor unaryOrWrap(float[] r, Shape out, Tensor x, Tensor.Backward bw) {
    return x.requiresGrad() ? new Tensor(r, out, true, new Tensor[] {x}, bw) : Tensor.wrap(out, r);
  }
}
