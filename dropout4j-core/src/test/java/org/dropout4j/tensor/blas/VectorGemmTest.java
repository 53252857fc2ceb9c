package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.dropout4j.tensor.Parallel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernel: the {@link Gemm} contract ({@link GemmContractTest}), and its own, stricter one: every
 * element of C is, to the bit, the scalar loop {@code s = Math.fma(opA(i, p), opB(p, j), s)} over ascending p from
 * {@code s = 0}, then {@code alpha * s} (beta 0, NaN in C included) or {@code alpha * s + beta * C} — whatever the
 * shape, transposes, offsets, strides, depth blocking or thread count. Elements outside the C window keep their
 * sentinels. Runs where the JVM resolves {@code jdk.incubator.vector} with 512-bit vectors (the build's test JVMs
 * do, on AVX-512 machines); skipped elsewhere.
 */
final class VectorGemmTest extends GemmContractTest {
  @BeforeEach
  void requireVectorKernel() {
    assumeTrue(VectorKernel.available(), () -> "Vector API kernel not available: " + VectorKernel.unavailableReason());
  }

  @Override
  Gemm gemm() {
    return VectorKernel.create();
  }

  @Test
  void random_shapes_are_bit_identical_to_the_scalar_fma_chain() {
    SplittableRandom rnd = new SplittableRandom(2026);
    int[] sizes = {1, 2, 3, 7, 8, 9, 13, 16, 31, 32, 33, 64, 97, 127, 128, 211, 257, 300};
    for (int trial = 0; trial < 150; trial++) {
      int m = sizes[rnd.nextInt(sizes.length)];
      int n = sizes[rnd.nextInt(sizes.length)];
      int k = sizes[rnd.nextInt(sizes.length)];
      float[] alphas = {1f, -1f, 0.37f};
      float[] betas = {0f, 1f, -0.61f};
      GemmContractTest.Case c = new GemmContractTest.Case(rnd, rnd.nextBoolean(), rnd.nextBoolean(), m, n, k,
          rnd.nextInt(5), rnd.nextInt(20), alphas[rnd.nextInt(3)], betas[rnd.nextInt(3)]);
      checkBits(c, gemm());
    }
  }

  @Test
  void depth_longer_than_one_block_continues_each_chain() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int k : new int[] {VectorGemm.KC - 1, VectorGemm.KC + 1, 2 * VectorGemm.KC + 3}) {
      for (int t = 0; t < 4; t++) {
        checkBits(new GemmContractTest.Case(rnd, (t & 1) != 0, (t & 2) != 0, 19, 45, k, 2, 3, 0.5f, 1f), gemm());
      }
    }
  }

  @Test
  void products_cut_into_tasks_are_bit_identical_to_the_scalar_fma_chain() {
    SplittableRandom rnd = new SplittableRandom(5);
    int[][] shapes = {{128, 512, 40}, {300, 129, 97}, {17, 1000, 130}, {1001, 40, 70}};
    for (int[] s : shapes) {
      assertTrue(VectorGemm.tasks(s[0], s[1], s[2]) > 1, "shape is cut into tasks");
      for (int t = 0; t < 4; t++) {
        checkBits(new GemmContractTest.Case(rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1, 5, 1f, 0f),
            gemm());
      }
    }
  }

  @Test
  void one_thread_and_the_pool_give_the_same_bits() {
    SplittableRandom rnd = new SplittableRandom(9);
    GemmContractTest.Case c = new GemmContractTest.Case(rnd, false, true, 300, 257, 211, 0, 0, 1f, 0f);
    float[] pooled = c.c.clone();
    float[] single = c.c.clone();
    Gemm g = gemm();
    g.sgemm(c.ta, c.tb, c.m, c.n, c.k, c.alpha, c.a, c.aOff, c.lda, c.b, c.bOff, c.ldb, c.beta, pooled, c.cOff, c.ldc);
    // inside a task, Parallel runs every task of the product on this one thread
    Parallel.run(1, i -> g.sgemm(c.ta, c.tb, c.m, c.n, c.k, c.alpha, c.a, c.aOff, c.lda, c.b, c.bOff, c.ldb, c.beta,
        single, c.cOff, c.ldc));
    assertArrayEqualsExact(single, pooled);
  }

  @Test
  void nan_and_infinity_in_the_operands_propagate_as_in_the_scalar_chain() {
    SplittableRandom rnd = new SplittableRandom(13);
    for (int t = 0; t < 4; t++) {
      GemmContractTest.Case c = new GemmContractTest.Case(rnd, (t & 1) != 0, (t & 2) != 0, 37, 70, 45, 1, 2, 1f,
          0.5f);
      float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f};
      for (int s = 0; s < 12; s++) {
        c.a[c.aOff + rnd.nextInt(c.a.length - c.aOff - 3)] = specials[rnd.nextInt(specials.length)];
        c.b[c.bOff + rnd.nextInt(c.b.length - c.bOff - 3)] = specials[rnd.nextInt(specials.length)];
      }
      checkBits(c, gemm());
    }
  }

  @Test
  void beta_zero_overwrites_nan_in_c_bit_for_bit() {
    GemmContractTest.Case c = new GemmContractTest.Case(new SplittableRandom(4), true, false, 21, 35, 9, 0, 1, 2f,
        0f);
    c.fillCWindow(Float.NaN);
    checkBits(c, gemm());
  }

  @Test
  void narrow_products_in_sixteen_column_tiles_are_bit_identical_to_the_scalar_fma_chain() {
    // at most 16 columns of C take the 12 x 16 tiles: rows contiguous, the zero-padded last row block, A transposed
    SplittableRandom rnd = new SplittableRandom(17);
    for (int n : new int[] {1, 9, 10, 15, 16}) {
      for (int m : new int[] {12, 37, 192, 301}) {
        for (int t = 0; t < 4; t++) {
          checkBits(new GemmContractTest.Case(rnd, (t & 1) != 0, (t & 2) != 0, m, n, 512, 1, 3, 1f, t < 2 ? 0f : 1f),
              gemm());
        }
      }
    }
    checkBits(new GemmContractTest.Case(rnd, false, false, 29, 10, VectorGemm.KC + 5, 0, 0, 1f, 1f), gemm());
  }

  @Test
  void rows_multiplied_on_this_thread_are_bit_identical_to_the_scalar_fma_chain() {
    SplittableRandom rnd = new SplittableRandom(21);
    RowwiseGemm g = (RowwiseGemm) gemm();
    int[][] shapes = {{192, 512, 512}, {166, 10, 512}, {37, 45, 70}, {5, 33, 1030}};
    for (int[] s : shapes) {
      for (float beta : new float[] {0f, 1f}) {
        GemmContractTest.Case c = new GemmContractTest.Case(rnd, false, false, s[0], s[1], s[2], 2, 1, 1f, beta);
        float[] out = c.c.clone();
        Parallel.run(2, i -> { // from inside a task, as a Monte Carlo block calls it
          if (i == 0) {
            g.sgemmOnThisThread(c.m, c.n, c.k, c.alpha, c.a, c.aOff, c.lda, c.b, c.bOff, c.ldb, c.beta, out, c.cOff,
                c.ldc);
          }
        });
        assertArrayEqualsExact(reference(c), out);
      }
    }
  }

  /** Runs the kernel on a copy of C and compares every element of the C array to the scalar fma chain. */
  static void checkBits(GemmContractTest.Case c, Gemm g) {
    float[] out = c.c.clone();
    g.sgemm(c.ta, c.tb, c.m, c.n, c.k, c.alpha, c.a, c.aOff, c.lda, c.b, c.bOff, c.ldb, c.beta, out, c.cOff, c.ldc);
    float[] expected = reference(c);
    for (int idx = 0; idx < out.length; idx++) {
      if (Float.floatToRawIntBits(out[idx]) != Float.floatToRawIntBits(expected[idx])
          && !(Float.isNaN(out[idx]) && Float.isNaN(expected[idx]))) {
        int rel = idx - c.cOff;
        fail(g.name() + " " + c.m + "x" + c.n + "x" + c.k + " trans=" + c.ta + "," + c.tb + " alpha=" + c.alpha
            + " beta=" + c.beta + ": element " + idx + " (row " + Math.floorDiv(rel, c.ldc) + ", column "
            + Math.floorMod(rel, c.ldc) + ") expected " + expected[idx] + ", received " + out[idx]);
      }
    }
  }

  /** The scalar definition: one fma chain per element from 0 in ascending p, then alpha and beta. */
  static float[] reference(GemmContractTest.Case c) {
    float[] out = c.c.clone();
    for (int i = 0; i < c.m; i++) {
      for (int j = 0; j < c.n; j++) {
        int idx = c.cOff + i * c.ldc + j;
        if (c.k == 0 || c.alpha == 0f) {
          out[idx] = c.beta == 0f ? 0f : c.beta == 1f ? out[idx] : c.beta * out[idx];
          continue;
        }
        float s = 0f;
        for (int p = 0; p < c.k; p++) {
          s = Math.fma(c.opA(i, p), c.opB(p, j), s);
        }
        out[idx] = c.beta == 0f ? c.alpha * s : c.alpha * s + c.beta * out[idx];
      }
    }
    return out;
  }
}
