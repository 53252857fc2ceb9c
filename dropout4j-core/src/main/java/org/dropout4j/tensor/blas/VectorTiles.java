package org.dropout4j.tensor.blas;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link VectorGemm}: {@code MR} rows by 32 columns of C held in {@code 2 * MR} 512-bit
 * accumulators while the depth runs, each element one fused multiply-add chain in ascending {@code p}. Written out
 * in full (one local per accumulator): HotSpot keeps vector locals in registers only when they are named. One
 * variant per layout of op(A), each stepping one index through the depth: a single tile with both of A's strides
 * as arguments ran at full speed only in JVMs where C2 inlined it into its caller with the strides constant, and at
 * half speed where it did not (the mlp's 300 training batches in 0.95-1.01 s in 4 of 7 JVMs, 1.88-1.91 s in 3, and
 * 1.79-1.92 s in 4 of 4 with inlining switched off).
 */
final class VectorTiles {
  /** 16 floats: the tiles are written for 512-bit vectors. */
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
  /** Columns of a tile. */
  static final int NR = 32;
  /** Columns of a narrow tile ({@link #tile12NarrowRows}): products of at most this many columns take it. */
  static final int NARROW = 16;

  private VectorTiles() {
  }

  /**
   * One 12 x 32 tile with op(A)'s rows contiguous in the depth: row r of op(A) at {@code a[ao + r * ars + p]}, 32
   * columns of op(B) at {@code b[bo + p * bks + j]}; {@code t[to + r * 32 + j]} continues its fma chain over
   * {@code p < kLen} and is stored back (the caller zeroes it for the first block of the depth).
   */
  static void tile12Rows(float[] a, int ao, int ars, float[] b, int bo, int bks, int kLen, float[] t, int to) {
    FloatVector c00 = FloatVector.fromArray(S, t, to);
    FloatVector c01 = FloatVector.fromArray(S, t, to + 16);
    FloatVector c10 = FloatVector.fromArray(S, t, to + 32);
    FloatVector c11 = FloatVector.fromArray(S, t, to + 48);
    FloatVector c20 = FloatVector.fromArray(S, t, to + 64);
    FloatVector c21 = FloatVector.fromArray(S, t, to + 80);
    FloatVector c30 = FloatVector.fromArray(S, t, to + 96);
    FloatVector c31 = FloatVector.fromArray(S, t, to + 112);
    FloatVector c40 = FloatVector.fromArray(S, t, to + 128);
    FloatVector c41 = FloatVector.fromArray(S, t, to + 144);
    FloatVector c50 = FloatVector.fromArray(S, t, to + 160);
    FloatVector c51 = FloatVector.fromArray(S, t, to + 176);
    FloatVector c60 = FloatVector.fromArray(S, t, to + 192);
    FloatVector c61 = FloatVector.fromArray(S, t, to + 208);
    FloatVector c70 = FloatVector.fromArray(S, t, to + 224);
    FloatVector c71 = FloatVector.fromArray(S, t, to + 240);
    FloatVector c80 = FloatVector.fromArray(S, t, to + 256);
    FloatVector c81 = FloatVector.fromArray(S, t, to + 272);
    FloatVector c90 = FloatVector.fromArray(S, t, to + 288);
    FloatVector c91 = FloatVector.fromArray(S, t, to + 304);
    FloatVector c100 = FloatVector.fromArray(S, t, to + 320);
    FloatVector c101 = FloatVector.fromArray(S, t, to + 336);
    FloatVector c110 = FloatVector.fromArray(S, t, to + 352);
    FloatVector c111 = FloatVector.fromArray(S, t, to + 368);
    int a1 = ao + ars;
    int a2 = ao + 2 * ars;
    int a3 = ao + 3 * ars;
    int a4 = ao + 4 * ars;
    int a5 = ao + 5 * ars;
    int a6 = ao + 6 * ars;
    int a7 = ao + 7 * ars;
    int a8 = ao + 8 * ars;
    int a9 = ao + 9 * ars;
    int a10 = ao + 10 * ars;
    int a11 = ao + 11 * ars;
    for (int p = 0; p < kLen; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + 16);
      FloatVector x;
      x = FloatVector.broadcast(S, a[ao + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[a4 + p]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[a5 + p]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[a6 + p]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[a7 + p]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
      x = FloatVector.broadcast(S, a[a8 + p]);
      c80 = x.fma(b0, c80);
      c81 = x.fma(b1, c81);
      x = FloatVector.broadcast(S, a[a9 + p]);
      c90 = x.fma(b0, c90);
      c91 = x.fma(b1, c91);
      x = FloatVector.broadcast(S, a[a10 + p]);
      c100 = x.fma(b0, c100);
      c101 = x.fma(b1, c101);
      x = FloatVector.broadcast(S, a[a11 + p]);
      c110 = x.fma(b0, c110);
      c111 = x.fma(b1, c111);
      bo += bks;
    }
    c00.intoArray(t, to);
    c01.intoArray(t, to + 16);
    c10.intoArray(t, to + 32);
    c11.intoArray(t, to + 48);
    c20.intoArray(t, to + 64);
    c21.intoArray(t, to + 80);
    c30.intoArray(t, to + 96);
    c31.intoArray(t, to + 112);
    c40.intoArray(t, to + 128);
    c41.intoArray(t, to + 144);
    c50.intoArray(t, to + 160);
    c51.intoArray(t, to + 176);
    c60.intoArray(t, to + 192);
    c61.intoArray(t, to + 208);
    c70.intoArray(t, to + 224);
    c71.intoArray(t, to + 240);
    c80.intoArray(t, to + 256);
    c81.intoArray(t, to + 272);
    c90.intoArray(t, to + 288);
    c91.intoArray(t, to + 304);
    c100.intoArray(t, to + 320);
    c101.intoArray(t, to + 336);
    c110.intoArray(t, to + 352);
    c111.intoArray(t, to + 368);
  }

  /**
   * One 12 x 32 tile with op(A)'s columns contiguous: element (r, p) of op(A) at {@code a[ao + p * aks + r]}, 32
   * columns of op(B) at {@code b[bo + p * bks + j]}; {@code t[to + r * 32 + j]} continues its fma chain over
   * {@code p < kLen} and is stored back (the caller zeroes it for the first block of the depth).
   */
  static void tile12Columns(float[] a, int ao, int aks, float[] b, int bo, int bks, int kLen, float[] t, int to) {
    FloatVector c00 = FloatVector.fromArray(S, t, to);
    FloatVector c01 = FloatVector.fromArray(S, t, to + 16);
    FloatVector c10 = FloatVector.fromArray(S, t, to + 32);
    FloatVector c11 = FloatVector.fromArray(S, t, to + 48);
    FloatVector c20 = FloatVector.fromArray(S, t, to + 64);
    FloatVector c21 = FloatVector.fromArray(S, t, to + 80);
    FloatVector c30 = FloatVector.fromArray(S, t, to + 96);
    FloatVector c31 = FloatVector.fromArray(S, t, to + 112);
    FloatVector c40 = FloatVector.fromArray(S, t, to + 128);
    FloatVector c41 = FloatVector.fromArray(S, t, to + 144);
    FloatVector c50 = FloatVector.fromArray(S, t, to + 160);
    FloatVector c51 = FloatVector.fromArray(S, t, to + 176);
    FloatVector c60 = FloatVector.fromArray(S, t, to + 192);
    FloatVector c61 = FloatVector.fromArray(S, t, to + 208);
    FloatVector c70 = FloatVector.fromArray(S, t, to + 224);
    FloatVector c71 = FloatVector.fromArray(S, t, to + 240);
    FloatVector c80 = FloatVector.fromArray(S, t, to + 256);
    FloatVector c81 = FloatVector.fromArray(S, t, to + 272);
    FloatVector c90 = FloatVector.fromArray(S, t, to + 288);
    FloatVector c91 = FloatVector.fromArray(S, t, to + 304);
    FloatVector c100 = FloatVector.fromArray(S, t, to + 320);
    FloatVector c101 = FloatVector.fromArray(S, t, to + 336);
    FloatVector c110 = FloatVector.fromArray(S, t, to + 352);
    FloatVector c111 = FloatVector.fromArray(S, t, to + 368);
    for (int p = 0; p < kLen; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + 16);
      FloatVector x;
      x = FloatVector.broadcast(S, a[ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ao + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[ao + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[ao + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[ao + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
      x = FloatVector.broadcast(S, a[ao + 8]);
      c80 = x.fma(b0, c80);
      c81 = x.fma(b1, c81);
      x = FloatVector.broadcast(S, a[ao + 9]);
      c90 = x.fma(b0, c90);
      c91 = x.fma(b1, c91);
      x = FloatVector.broadcast(S, a[ao + 10]);
      c100 = x.fma(b0, c100);
      c101 = x.fma(b1, c101);
      x = FloatVector.broadcast(S, a[ao + 11]);
      c110 = x.fma(b0, c110);
      c111 = x.fma(b1, c111);
      ao += aks;
      bo += bks;
    }
    c00.intoArray(t, to);
    c01.intoArray(t, to + 16);
    c10.intoArray(t, to + 32);
    c11.intoArray(t, to + 48);
    c20.intoArray(t, to + 64);
    c21.intoArray(t, to + 80);
    c30.intoArray(t, to + 96);
    c31.intoArray(t, to + 112);
    c40.intoArray(t, to + 128);
    c41.intoArray(t, to + 144);
    c50.intoArray(t, to + 160);
    c51.intoArray(t, to + 176);
    c60.intoArray(t, to + 192);
    c61.intoArray(t, to + 208);
    c70.intoArray(t, to + 224);
    c71.intoArray(t, to + 240);
    c80.intoArray(t, to + 256);
    c81.intoArray(t, to + 272);
    c90.intoArray(t, to + 288);
    c91.intoArray(t, to + 304);
    c100.intoArray(t, to + 320);
    c101.intoArray(t, to + 336);
    c110.intoArray(t, to + 352);
    c111.intoArray(t, to + 368);
  }

  /**
   * One 12 x 16 tile for products of at most 16 columns (a Dense layer of ten units), op(A)'s rows contiguous in the
   * depth: row r of op(A) at {@code a[ao + r * ars + p]}, the 16 columns of op(B) at {@code b[bo + p * 16 + j]} (a
   * packed panel); {@code t[to + r * 16 + j]} continues its fma chain over {@code p < kLen} and is stored back. Half
   * the multiply-adds of a 12 x 32 tile for the same columns.
   */
  static void tile12NarrowRows(float[] a, int ao, int ars, float[] b, int bo, int kLen, float[] t, int to) {
    FloatVector c0 = FloatVector.fromArray(S, t, to);
    FloatVector c1 = FloatVector.fromArray(S, t, to + 16);
    FloatVector c2 = FloatVector.fromArray(S, t, to + 32);
    FloatVector c3 = FloatVector.fromArray(S, t, to + 48);
    FloatVector c4 = FloatVector.fromArray(S, t, to + 64);
    FloatVector c5 = FloatVector.fromArray(S, t, to + 80);
    FloatVector c6 = FloatVector.fromArray(S, t, to + 96);
    FloatVector c7 = FloatVector.fromArray(S, t, to + 112);
    FloatVector c8 = FloatVector.fromArray(S, t, to + 128);
    FloatVector c9 = FloatVector.fromArray(S, t, to + 144);
    FloatVector c10 = FloatVector.fromArray(S, t, to + 160);
    FloatVector c11 = FloatVector.fromArray(S, t, to + 176);
    int a1 = ao + ars;
    int a2 = ao + 2 * ars;
    int a3 = ao + 3 * ars;
    int a4 = ao + 4 * ars;
    int a5 = ao + 5 * ars;
    int a6 = ao + 6 * ars;
    int a7 = ao + 7 * ars;
    int a8 = ao + 8 * ars;
    int a9 = ao + 9 * ars;
    int a10 = ao + 10 * ars;
    int a11 = ao + 11 * ars;
    for (int p = 0; p < kLen; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      c0 = FloatVector.broadcast(S, a[ao + p]).fma(b0, c0);
      c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1);
      c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2);
      c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3);
      c4 = FloatVector.broadcast(S, a[a4 + p]).fma(b0, c4);
      c5 = FloatVector.broadcast(S, a[a5 + p]).fma(b0, c5);
      c6 = FloatVector.broadcast(S, a[a6 + p]).fma(b0, c6);
      c7 = FloatVector.broadcast(S, a[a7 + p]).fma(b0, c7);
      c8 = FloatVector.broadcast(S, a[a8 + p]).fma(b0, c8);
      c9 = FloatVector.broadcast(S, a[a9 + p]).fma(b0, c9);
      c10 = FloatVector.broadcast(S, a[a10 + p]).fma(b0, c10);
      c11 = FloatVector.broadcast(S, a[a11 + p]).fma(b0, c11);
      bo += NARROW;
    }
    c0.intoArray(t, to);
    c1.intoArray(t, to + 16);
    c2.intoArray(t, to + 32);
    c3.intoArray(t, to + 48);
    c4.intoArray(t, to + 64);
    c5.intoArray(t, to + 80);
    c6.intoArray(t, to + 96);
    c7.intoArray(t, to + 112);
    c8.intoArray(t, to + 128);
    c9.intoArray(t, to + 144);
    c10.intoArray(t, to + 160);
    c11.intoArray(t, to + 176);
  }

  /**
   * {@link #tile12NarrowRows} with op(A)'s columns contiguous: element (r, p) of op(A) at {@code a[ao + p * aks + r]}.
   */
  static void tile12NarrowColumns(float[] a, int ao, int aks, float[] b, int bo, int kLen, float[] t, int to) {
    FloatVector c0 = FloatVector.fromArray(S, t, to);
    FloatVector c1 = FloatVector.fromArray(S, t, to + 16);
    FloatVector c2 = FloatVector.fromArray(S, t, to + 32);
    FloatVector c3 = FloatVector.fromArray(S, t, to + 48);
    FloatVector c4 = FloatVector.fromArray(S, t, to + 64);
    FloatVector c5 = FloatVector.fromArray(S, t, to + 80);
    FloatVector c6 = FloatVector.fromArray(S, t, to + 96);
    FloatVector c7 = FloatVector.fromArray(S, t, to + 112);
    FloatVector c8 = FloatVector.fromArray(S, t, to + 128);
    FloatVector c9 = FloatVector.fromArray(S, t, to + 144);
    FloatVector c10 = FloatVector.fromArray(S, t, to + 160);
    FloatVector c11 = FloatVector.fromArray(S, t, to + 176);
    for (int p = 0; p < kLen; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      c0 = FloatVector.broadcast(S, a[ao]).fma(b0, c0);
      c1 = FloatVector.broadcast(S, a[ao + 1]).fma(b0, c1);
      c2 = FloatVector.broadcast(S, a[ao + 2]).fma(b0, c2);
      c3 = FloatVector.broadcast(S, a[ao + 3]).fma(b0, c3);
      c4 = FloatVector.broadcast(S, a[ao + 4]).fma(b0, c4);
      c5 = FloatVector.broadcast(S, a[ao + 5]).fma(b0, c5);
      c6 = FloatVector.broadcast(S, a[ao + 6]).fma(b0, c6);
      c7 = FloatVector.broadcast(S, a[ao + 7]).fma(b0, c7);
      c8 = FloatVector.broadcast(S, a[ao + 8]).fma(b0, c8);
      c9 = FloatVector.broadcast(S, a[ao + 9]).fma(b0, c9);
      c10 = FloatVector.broadcast(S, a[ao + 10]).fma(b0, c10);
      c11 = FloatVector.broadcast(S, a[ao + 11]).fma(b0, c11);
      ao += aks;
      bo += NARROW;
    }
    c0.intoArray(t, to);
    c1.intoArray(t, to + 16);
    c2.intoArray(t, to + 32);
    c3.intoArray(t, to + 48);
    c4.intoArray(t, to + 64);
    c5.intoArray(t, to + 80);
    c6.intoArray(t, to + 96);
    c7.intoArray(t, to + 112);
    c8.intoArray(t, to + 128);
    c9.intoArray(t, to + 144);
    c10.intoArray(t, to + 160);
    c11.intoArray(t, to + 176);
  }
}
