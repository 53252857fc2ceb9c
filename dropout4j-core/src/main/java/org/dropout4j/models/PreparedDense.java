package org.dropout4j.models;

import java.util.List;
import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.layers.Dense;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.blas.Blas;
import org.dropout4j.tensor.blas.MirroredOperand;
import org.dropout4j.tensor.blas.PreparedMatrix;

/**
 * The product of one Dense layer in an {@link InferencePlan}: {@code z = x W + b} for {@code m} rows, with the
 * kernel as a {@link PreparedMatrix} (prepared again when the weight's version changes: after {@code fit},
 * {@code setWeights}, loading, or any write through {@code Parameter.data()}) and the bias read live; products
 * that OpenBLAS computes read the kernel's native copy ({@code Parameter}'s mirror, shared with the fused training
 * head and copied again only when the version moved) instead of copying it for each product. The same calls, in the
 * same order, as the generic layer, so the same bits: {@link Blas#gemm()}'s for every product.
 */
final class PreparedDense {
  private final Parameter kernel;
  private final Parameter bias;
  private final float[] biasValues;
  private final PreparedMatrix prepared;
  final int inputs;
  final int units;

  PreparedDense(Dense d, int inputs) {
    List<Parameter> w = d.weights();
    this.kernel = w.get(0);
    this.bias = d.useBias() ? w.get(1) : null;
    // the live arrays, kept (a data() call counts as a change, made here before any prepared copy exists)
    this.biasValues = bias == null ? null : bias.data();
    this.inputs = inputs;
    this.units = d.units();
    this.prepared = new PreparedMatrix(kernel.data(), inputs, units);
  }

  /** Scratch rows for one caller at a time. */
  float[][] newScratch() {
    return prepared.newScratch();
  }

  /**
   * Writes {@code x W + b} of {@code m} rows into {@code z} ({@code m x units}, row-major).
   *
   * @param x the rows, compact, as an operand of the caller's that it said {@code changed()} of since it last
   *     wrote them
   *
   * @param biasFirst whether the bias rows are written first and the product added to them ({@code Ops.dense}, the
   *     fused-activation kernel), or added after the product ({@code matmul} then {@code add}, the generic layer)
   */
  void forward(MirroredOperand x, int m, float[] z, boolean biasFirst, float[][] scratch) {
    if (biasFirst) {
      writeBias(z, 0, m);
    }
    multiply(x, m, z, biasFirst, scratch);
    if (!biasFirst) {
      addBias(z, 0, m);
    }
  }

  /** Whether the layer has a bias. */
  boolean hasBias() {
    return biasValues != null;
  }

  /** Writes the bias into rows {@code [r0, r1)} of {@code z}: the rows a bias-first product adds to. */
  void writeBias(float[] z, int r0, int r1) {
    float[] b = biasValues;
    if (b != null) {
      for (int r = r0; r < r1; r++) {
        System.arraycopy(b, 0, z, r * units, units);
      }
    }
  }

  /** Adds the bias to rows {@code [r0, r1)} of a product without it, as the generic layer's {@code add}. */
  void addBias(float[] z, int r0, int r1) {
    float[] b = biasValues;
    if (b != null) {
      int n = units;
      for (int r = r0; r < r1; r++) {
        int o = r * n;
        for (int j = 0; j < n; j++) {
          z[o + j] += b[j];
        }
      }
    }
  }

  /**
   * Whether an {@code m}-row {@link #multiply} is computed row by row, so that {@link #multiplyRows} gives any range
   * of its rows alone ({@link PreparedMatrix#multipliesRowsAlone}).
   */
  boolean multipliesRowsAlone(int m) {
    return prepared.multipliesRowsAlone(m);
  }

  /**
   * {@code rows} rows of the {@code m}-row {@link #multiply}, on the calling thread: x's rows compact from
   * {@code x[xOffset]}, z's from {@code z[zOffset]}; only where {@link #multipliesRowsAlone multipliesRowsAlone(m)}.
   */
  void multiplyRows(int m, int rows, float[] x, int xOffset, float[] z, int zOffset, boolean onBias) {
    prepared.multiplyRows(m, rows, x, xOffset, biasValues != null && onBias ? 1f : 0f, z, zOffset);
  }

  /**
   * {@link #multiplyRows} with x compacted to the input columns {@code depth} lists ({@code kk} of them, ascending):
   * the other columns' terms are skipped ({@link PreparedMatrix#multiplyRowsGathered}). Gives {@link #multiplyRows}'s
   * bits for the full rows when those are zero in every other column and {@link #skipsZeroTermsExactly()}.
   */
  void multiplyRowsGathered(int m, int rows, float[] x, int xOffset, int[] depth, int kk, float[] z, int zOffset,
      boolean onBias) {
    prepared.multiplyRowsGathered(m, rows, x, xOffset, depth, kk, biasValues != null && onBias ? 1f : 0f, z,
        zOffset);
  }

  /**
   * Whether a product that skips the terms of zero inputs gives this layer's bits ({@link #multiplyRowsGathered}):
   * the kernel is finite (so a zero input times a weight is a zero, which leaves a sum unchanged except for the sign
   * of a zero sum) and the layer has a bias without -0.0 (added to a zero sum, with or without that sign, it gives
   * the same float). Checks the live values: call it again after they may have changed.
   */
  boolean skipsZeroTermsExactly() {
    if (biasValues == null) {
      return false;
    }
    for (float b : biasValues) {
      if (Float.floatToRawIntBits(b) == Float.floatToRawIntBits(-0f)) {
        return false;
      }
    }
    return prepared.finite();
  }

  /**
   * {@code z = x W}, or {@code z = x W + z} when {@code onBias} and the layer has a bias (its rows written by
   * {@link #writeBias}): the product alone, for callers that write and add the bias rows themselves.
   */
  void multiply(MirroredOperand x, int m, float[] z, boolean onBias, float[][] scratch) {
    prepared.multiply(m, x, FastPathHooks.tensors().mirror(kernel), biasValues != null && onBias ? 1f : 0f, z, 0,
        units, kernel.version(), scratch);
  }
}
