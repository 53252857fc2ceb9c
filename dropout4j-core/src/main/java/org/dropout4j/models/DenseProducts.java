package org.dropout4j.models;

import java.util.List;
import org.dropout4j.layers.Dense;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.blas.Blas;

/**
 * The products of an {@link InferencePlan}'s Dense layers: {@code z = x W + b} for {@code m} rows, on the layer's
 * live weight arrays, through the product kernel the generic Dense call uses ({@link Blas#gemm()}), in the same
 * order, so the same bits.
 */
final class DenseProducts {
  /**
   * Writes {@code x W + b} of {@code m} rows of {@code k} inputs into {@code z} ({@code m x n}, row-major).
   *
   * @param biasFirst whether the bias rows are written first and the product added to them ({@code Ops.dense}, the
   *     fused-activation kernel), or added after the product ({@code matmul} then {@code add}, the generic layer)
   */
  void forward(Dense d, float[] x, int m, int k, int n, float[] z, boolean biasFirst) {
    List<Parameter> w = d.weights();
    float[] kernel = w.get(0).data();
    float[] b = d.useBias() ? w.get(1).data() : null;
    if (b != null && biasFirst) {
      for (int r = 0; r < m; r++) {
        System.arraycopy(b, 0, z, r * n, n);
      }
    }
    Blas.gemm().sgemm(false, false, m, n, k, 1f, x, 0, k, kernel, 0, n, b != null && biasFirst ? 1f : 0f, z, 0, n);
    if (b != null && !biasFirst) {
      for (int r = 0; r < m; r++) {
        int o = r * n;
        for (int j = 0; j < n; j++) {
          z[o + j] += b[j];
        }
      }
    }
  }
}
