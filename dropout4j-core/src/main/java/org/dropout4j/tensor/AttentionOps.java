package org.dropout4j.tensor;

/**
 * The two tensor operations attention needs beyond matrix products: swapping the two middle axes of a rank-4
 * tensor (projected heads {@code (batch, time, heads, dim)} to {@code (batch, heads, time, dim)} and back), and a
 * softmax over the last axis that gives probability 0 to masked positions (Keras' {@code Softmax} called with a
 * mask: masked scores become {@code -1e9} and masked probabilities 0, so a fully masked row is all zeros). Both have
 * hand-written backward passes, checked against finite differences in the tests.
 */
public final class AttentionOps {
  private AttentionOps() {
  }

  /**
   * {@code (a, b, c, d) -> (a, c, b, d)}.
   *
   * @throws IllegalArgumentException if {@code x} is not rank 4
   */
  public static Tensor swapMiddleAxes(Tensor x) {
    if (x.rank() != 4) {
      throw new IllegalArgumentException("swapMiddleAxes needs a rank-4 tensor, received shape " + x.shape);
    }
    int a = x.shape.dim(0);
    int b = x.shape.dim(1);
    int c = x.shape.dim(2);
    int d = x.shape.dim(3);
    float[] r = swap(x.data, a, b, c, d);
    return OpSupport.unaryOrWrap(r, Shape.of(a, c, b, d), x, g -> x.accumulateOwned(swap(g, a, c, b, d)));
  }

  /** The data of {@code (a, b, c, d)} laid out as {@code (a, c, b, d)}. */
  private static float[] swap(float[] in, int a, int b, int c, int d) {
    float[] out = new float[in.length];
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        for (int k = 0; k < c; k++) {
          System.arraycopy(in, ((i * b + j) * c + k) * d, out, ((i * c + k) * b + j) * d, d);
        }
      }
    }
    return out;
  }

  /**
   * Softmax over the last axis with a mask of the allowed positions: {@code allowed} holds one flag per element of
   * a block of trailing rows ({@code (Tq, Tv)} shared by every batch and head, or the whole tensor for per-sample
   * masks), repeated over the leading rows. Masked positions get probability 0. A row with no allowed position is
   * all zeros, or, with {@code emptyRowsUniform}, uniform {@code 1 / Tv} (Keras' fused dot-product attention, which
   * replaces masked scores by a large negative number and does not zero them afterwards). The gradient of an empty
   * row is 0, or with {@code emptyRowsGradient} the softmax's at equal scores (Keras' {@code Attention}, which
   * subtracts {@code 1e9} from masked scores, so that they still depend on the scores).
   *
   * @param allowed the pattern, row-major, or {@code null} for a plain softmax
   * @throws IllegalArgumentException if the pattern does not tile the tensor by whole rows
   */
  public static Tensor maskedSoftmax(Tensor x, boolean[] allowed, boolean emptyRowsUniform,
      boolean emptyRowsGradient) {
    if (allowed == null) {
      return Ops.softmax(x);
    }
    int cols = x.shape.dim(-1);
    if (x.rank() < 2 || allowed.length % cols != 0 || x.data.length % allowed.length != 0) {
      throw new IllegalArgumentException("maskedSoftmax: a mask of " + allowed.length + " positions does not tile "
          + "shape " + x.shape + " by whole rows");
    }
    int rows = x.data.length / Math.max(cols, 1);
    int block = allowed.length;
    float[] r = new float[x.data.length];
    boolean[] empty = new boolean[rows];
    for (int row = 0; row < rows; row++) {
      int o = row * cols;
      int m = o % block;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        if (allowed[m + j]) {
          max = Math.max(max, x.data[o + j]);
        }
      }
      if (max == Float.NEGATIVE_INFINITY) {
        empty[row] = true;
        if (emptyRowsUniform) {
          java.util.Arrays.fill(r, o, o + cols, 1f / cols);
        }
        continue;
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        if (allowed[m + j]) {
          double e = Math.exp(x.data[o + j] - max);
          r[o + j] = (float) e;
          sum += e;
        }
      }
      BasicActivationOps.divideRow(r, o, cols, sum);
    }
    return OpSupport.unaryResult(r, x, g -> {
      float[] gx = new float[g.length];
      for (int row = 0; row < rows; row++) {
        if (empty[row] && !(emptyRowsUniform && emptyRowsGradient)) {
          continue;
        }
        BasicActivationOps.softmaxRowBackward(g, r, gx, row * cols, cols);
      }
      x.accumulateOwned(gx);
    });
  }
}
