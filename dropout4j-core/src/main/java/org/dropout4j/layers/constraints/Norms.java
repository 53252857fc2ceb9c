package org.dropout4j.layers.constraints;

import java.util.function.DoubleUnaryOperator;
import org.dropout4j.tensor.Shape;

/** L2 norms of the slices of a weight along one axis, and rescaling by a function of the norm. */
final class Norms {
  private Norms() {
  }

  /** Multiplies every slice along {@code axis} by {@code factor(norm of that slice)}. */
  static void rescale(float[] w, Shape shape, int axis, DoubleUnaryOperator factor) {
    int rank = shape.rank();
    if (rank == 0) {
      double n = Math.abs(w[0]);
      w[0] = (float) (w[0] * factor.applyAsDouble(n));
      return;
    }
    int ax = axis < 0 ? rank + axis : axis;
    if (ax < 0 || ax >= rank) {
      throw new IllegalArgumentException("constraint axis " + axis + " is out of range for a weight of shape " + shape);
    }
    int outer = 1;
    for (int i = 0; i < ax; i++) {
      outer *= shape.dim(i);
    }
    int len = shape.dim(ax);
    int inner = 1;
    for (int i = ax + 1; i < rank; i++) {
      inner *= shape.dim(i);
    }
    double[] sq = new double[inner];
    for (int o = 0; o < outer; o++) {
      java.util.Arrays.fill(sq, 0.0);
      for (int k = 0; k < len; k++) {
        int base = (o * len + k) * inner;
        for (int i = 0; i < inner; i++) {
          double v = w[base + i];
          sq[i] += v * v;
        }
      }
      for (int i = 0; i < inner; i++) {
        float f = (float) factor.applyAsDouble((float) Math.sqrt(sq[i]));
        for (int k = 0; k < len; k++) {
          w[(o * len + k) * inner + i] *= f;
        }
      }
    }
  }
}
