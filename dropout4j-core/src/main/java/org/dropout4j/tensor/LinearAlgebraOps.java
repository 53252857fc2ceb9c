package org.dropout4j.tensor;

import org.dropout4j.tensor.blas.Blas;

/** Linear algebra behind {@link Ops}: the matrix product and the fused Dense kernel. */
final class LinearAlgebraOps {
  private LinearAlgebraOps() {
  }

  /**
   * Matrix product of 2-D tensors {@code (m, k) x (k, n) -> (m, n)} through the selected BLAS kernel.
   *
   * @throws IllegalArgumentException if the inner dimensions differ or an operand is not 2-D
   */
  static Tensor matmul(Tensor a, Tensor b) {
    if (a.rank() != 2 || b.rank() != 2) {
      throw new IllegalArgumentException("matmul needs 2-D tensors, received shapes " + a.shape + " and " + b.shape);
    }
    int m = a.shape.dim(0);
    int k = a.shape.dim(1);
    int n = b.shape.dim(1);
    if (b.shape.dim(0) != k) {
      throw new IllegalArgumentException("matmul: inner dimensions differ: " + a.shape + " x " + b.shape
          + " (" + k + " vs " + b.shape.dim(0) + ")");
    }
    float[] c = new float[m * n];
    Blas.gemm().sgemm(false, false, m, n, k, 1f, a.data, 0, k, b.data, 0, n, 0f, c, 0, n);
    if (!OpSupport.anyGrad(a, b)) {
      return Tensor.wrap(Shape.of(m, n), c);
    }
    return new Tensor(c, Shape.of(m, n), true, new Tensor[] {a, b}, g -> {
      if (a.requiresGrad()) {
        float[] ga = new float[m * k];
        Blas.gemm().sgemm(false, true, m, k, n, 1f, g, 0, n, b.data, 0, n, 0f, ga, 0, k);
        a.accumulateOwned(ga);
      }
      if (b.requiresGrad()) {
        float[] gb = new float[k * n];
        Blas.gemm().sgemm(true, false, k, n, m, 1f, a.data, 0, k, g, 0, n, 0f, gb, 0, n);
        b.accumulateOwned(gb);
      }
    });
  }

  /**
   * The fused hot path of a Dense layer: {@code activation(x · kernel + bias)} for 2-D {@code x}, with one output
   * array and a hand-written backward ({@code dz = g * activation'}, {@code dKernel = x^T dz},
   * {@code dBias = colsum(dz)}, {@code dx = dz kernel^T}), checked against finite differences in the tests.
   *
   * @param bias the bias of shape {@code (units,)}, or {@code null}
   * @throws IllegalArgumentException if the shapes do not fit
   */
  static Tensor dense(Tensor x, Tensor kernel, Tensor bias, Ops.FusedActivation activation) {
    if (x.rank() != 2 || kernel.rank() != 2 || x.shape.dim(1) != kernel.shape.dim(0)) {
      throw new IllegalArgumentException("dense: input of shape " + x.shape + " does not fit a kernel of shape "
          + kernel.shape);
    }
    int m = x.shape.dim(0);
    int k = x.shape.dim(1);
    int n = kernel.shape.dim(1);
    if (bias != null && (bias.rank() != 1 || bias.shape.dim(0) != n)) {
      throw new IllegalArgumentException("dense: bias of shape " + bias.shape + " does not fit " + n + " units");
    }
    if (k <= SmallDense.MAX_K) {
      return SmallDense.apply(x, kernel, bias, activation);
    }
    float[] out = new float[m * n];
    if (bias != null) {
      for (int r = 0; r < m; r++) {
        System.arraycopy(bias.data, 0, out, r * n, n);
      }
    }
    Blas.gemm().sgemm(false, false, m, n, k, 1f, x.data, 0, k, kernel.data, 0, n, bias == null ? 0f : 1f, out, 0,
        n);
    activation.applyInPlace(out);
    boolean grad = x.requiresGrad() || kernel.requiresGrad() || (bias != null && bias.requiresGrad());
    if (!grad) {
      return Tensor.wrap(Shape.of(m, n), out);
    }
    Tensor[] inputs = bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
    return new Tensor(out, Shape.of(m, n), true, inputs, g -> {
      float[] dz = activation == Ops.FusedActivation.LINEAR ? g : g.clone();
      activation.gradientInPlace(dz, out);
      if (kernel.requiresGrad()) {
        float[] gk = kernel.gradScratch(k * n); // overwritten whole: beta = 0
        Blas.gemm().sgemm(true, false, k, n, m, 1f, x.data, 0, k, dz, 0, n, 0f, gk, 0, n);
        kernel.accumulateOwned(gk);
      }
      if (bias != null && bias.requiresGrad()) {
        float[] gb = new float[n];
        for (int r = 0; r < m; r++) {
          int o = r * n;
          for (int j = 0; j < n; j++) {
            gb[j] += dz[o + j];
          }
        }
        bias.accumulateOwned(gb);
      }
      if (x.requiresGrad()) {
        float[] gx = new float[m * k];
        Blas.gemm().sgemm(false, true, m, k, n, 1f, dz, 0, n, kernel.data, 0, n, 0f, gx, 0, k);
        x.accumulateOwned(gx);
      }
    });
  }
}
