package org.dropout4j.tensor.blas;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise row loops with the Vector API in 512-bit registers, for the loops HotSpot's auto-vectoriser leaves
 * scalar: each lane does the scalar loop's float operations in the same order, so the bits are the scalar loop's.
 * Loaded only where {@link VectorKernel#available()}.
 */
final class VectorRows {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;

  private VectorRows() {
  }

  /** {@code dst[d + p] = src[s + p] * (scale * keep[p])} for {@code p < len}, as {@link Blas#scaleKept}. */
  static void scaleKept(float[] dst, int d, float[] src, int s, int[] keep, float scale, int len) {
    int p = 0;
    for (int end = len - S.length(); p <= end; p += S.length()) {
      FloatVector k = (FloatVector) IntVector.fromArray(I, keep, p).convert(VectorOperators.I2F, 0);
      FloatVector.fromArray(S, src, s + p).mul(k.mul(scale)).intoArray(dst, d + p);
    }
    for (; p < len; p++) {
      dst[d + p] = src[s + p] * (scale * keep[p]);
    }
  }
}
