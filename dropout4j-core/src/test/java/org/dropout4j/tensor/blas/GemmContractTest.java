package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@link Gemm} contract, checked for one kernel against a double-precision triple loop.
 *
 * <p>Tolerance: for each element, |C - reference| <= 4 (k + 2) 2^-24 (|alpha| sum_p |A_ip B_pj| + |beta C_ij|),
 * a small multiple of the standard float error bound of a length-k dot product. Elements of the arrays outside
 * the C window (offset, leading-dimension padding) must keep their sentinel value.
 */
abstract class GemmContractTest {
  private static final float SENTINEL = -12345.5f;

  /** The kernel under test. */
  abstract Gemm gemm();

  @Test
  void random_shapes_all_transposes_match_reference() {
    SplittableRandom rnd = new SplittableRandom(42);
    int[] sizes = {1, 2, 3, 5, 7, 15, 16, 17, 33, 64, 65, 130};
    for (int trial = 0; trial < 120; trial++) {
      int m = sizes[rnd.nextInt(sizes.length)];
      int n = sizes[rnd.nextInt(sizes.length)];
      int k = sizes[rnd.nextInt(sizes.length)];
      boolean ta = rnd.nextBoolean();
      boolean tb = rnd.nextBoolean();
      float alpha = rnd.nextBoolean() ? 1f : (float) rnd.nextDouble(-2, 2);
      float beta = rnd.nextInt(3) == 0 ? 0f : (float) rnd.nextDouble(-2, 2);
      Case c = new Case(rnd, ta, tb, m, n, k, rnd.nextInt(4), rnd.nextInt(3), alpha, beta);
      c.runAndCheck(gemm());
    }
  }

  @Test
  void unit_shape_and_block_boundaries_match_reference() {
    SplittableRandom rnd = new SplittableRandom(7);
    int[][] shapes = {{1, 1, 1}, {1, 1, 300}, {300, 1, 1}, {1, 300, 1}, {3, 1100, 257}, {70, 9, 129},
        {30, 500, 2}, {30, 1, 500}, {128, 10, 512}, {63, 15, 40}, {200, 40, 300}};
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        new Case(rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 3, 2, 0.75f, 0.5f).runAndCheck(gemm());
      }
    }
  }

  @Test
  void beta_zero_overwrites_nan_in_c() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int[] s : new int[][] {{5, 40, 7}, {100, 3, 20}, {4, 3, 20}, {2, 2, 0}}) {
      Case c = new Case(rnd, false, true, s[0], s[1], s[2], 1, 1, 1f, 0f);
      c.fillCWindow(Float.NaN);
      c.runAndCheck(gemm());
    }
  }

  @Test
  void k_zero_scales_c_by_beta() {
    float[] c = {1f, 2f, 3f, 4f, 5f, 6f};
    gemm().sgemm(false, false, 2, 3, 0, 1f, new float[0], 0, 1, new float[0], 0, 3, 0.5f, c, 0, 3);
    assertArrayEqualsExact(new float[] {0.5f, 1f, 1.5f, 2f, 2.5f, 3f}, c);
  }

  @Test
  void alpha_zero_scales_c_by_beta_without_reading_a_and_b() {
    float[] nan = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
    float[] c = {1f, 2f, 3f, 4f};
    gemm().sgemm(false, false, 2, 2, 2, 0f, nan, 0, 2, nan, 0, 2, 2f, c, 0, 2);
    assertArrayEqualsExact(new float[] {2f, 4f, 6f, 8f}, c);
  }

  @Test
  void small_example_gives_exact_product() {
    float[] a = {1, 2, 3, 4, 5, 6};
    float[] b = {1, 0, 0, 1, 1, 1};
    float[] c = new float[4];
    gemm().sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
    assertArrayEqualsExact(new float[] {4, 5, 10, 11}, c);
  }

  @Test
  void lda_too_small_throws_naming_lda() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gemm().sgemm(false, false,
        2, 2, 3, 1f, new float[6], 0, 2, new float[6], 0, 2, 0f, new float[4], 0, 2));
    assertTrue(e.getMessage().contains("lda=2"), e.getMessage());
  }

  @Test
  void c_array_too_short_throws_naming_c() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gemm().sgemm(false, false,
        2, 2, 3, 1f, new float[6], 0, 3, new float[6], 0, 2, 0f, new float[4], 1, 2));
    assertTrue(e.getMessage().contains("c.length=4"), e.getMessage());
  }

  @Test
  void negative_dimension_throws_naming_it() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gemm().sgemm(false, false,
        2, -1, 3, 1f, new float[6], 0, 3, new float[6], 0, 2, 0f, new float[4], 0, 2));
    assertTrue(e.getMessage().contains("n=-1"), e.getMessage());
  }

  static void assertArrayEqualsExact(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        fail("element " + i + ": expected " + expected[i] + ", received " + actual[i]);
      }
    }
  }

  /** One randomly filled call with padded, offset operands and its double-precision reference. */
  static final class Case {
    final boolean ta;
    final boolean tb;
    final int m;
    final int n;
    final int k;
    final float alpha;
    final float beta;
    final float[] a;
    final float[] b;
    final float[] c;
    final int aOff;
    final int bOff;
    final int cOff;
    final int lda;
    final int ldb;
    final int ldc;

    Case(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, int offset, int pad,
        float alpha, float beta) {
      this.ta = ta;
      this.tb = tb;
      this.m = m;
      this.n = n;
      this.k = k;
      this.alpha = alpha;
      this.beta = beta;
      int aRows = ta ? k : m;
      int aCols = ta ? m : k;
      int bRows = tb ? n : k;
      int bCols = tb ? k : n;
      lda = Math.max(1, aCols) + pad;
      ldb = Math.max(1, bCols) + pad;
      ldc = Math.max(1, n) + pad;
      aOff = offset;
      bOff = offset + 1;
      cOff = offset + 2;
      a = filled(rnd, aOff + aRows * lda + 3);
      b = filled(rnd, bOff + bRows * ldb + 3);
      c = new float[cOff + m * ldc + 3];
      java.util.Arrays.fill(c, SENTINEL);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          c[cOff + i * ldc + j] = (float) rnd.nextDouble(-1, 1);
        }
      }
    }

    private static float[] filled(SplittableRandom rnd, int len) {
      float[] x = new float[len];
      for (int i = 0; i < len; i++) {
        x[i] = (float) rnd.nextDouble(-1, 1);
      }
      return x;
    }

    void fillCWindow(float value) {
      for (int i = 0; i < m; i++) {
        java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, value);
      }
    }

    float opA(int i, int p) {
      return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    float opB(int p, int j) {
      return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** Runs the kernel on a copy of C and checks every element of the C array. */
    float[] runAndCheck(Gemm g) {
      float[] out = c.clone();
      g.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
      String where = g.name() + " " + m + "x" + k + "x" + n + " trans=" + ta + "," + tb + " alpha=" + alpha
          + " beta=" + beta;
      for (int idx = 0; idx < c.length; idx++) {
        int rel = idx - cOff;
        boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
        if (!inside) {
          if (Float.floatToIntBits(out[idx]) != Float.floatToIntBits(c[idx])) {
            fail(where + ": element " + idx + " outside C changed from " + c[idx] + " to " + out[idx]);
          }
          continue;
        }
        int i = rel / ldc;
        int j = rel % ldc;
        double sum = 0;
        double bound = 0;
        for (int p = 0; p < k; p++) {
          double t = (double) opA(i, p) * opB(p, j);
          sum += t;
          bound += Math.abs(t);
        }
        double old = beta == 0f ? 0 : (double) beta * c[idx];
        double expected = alpha * sum + old;
        double tol = 4.0 * (k + 2) * 0x1p-24 * (Math.abs(alpha) * bound + Math.abs(old)) + 1e-30;
        assertFalse(Float.isNaN(out[idx]), where + ": NaN at (" + i + ", " + j + ")");
        if (Math.abs(out[idx] - expected) > tol) {
          fail(where + ": at (" + i + ", " + j + ") expected " + expected + " +- " + tol + ", received " + out[idx]);
        }
      }
      return out;
    }
  }
}
