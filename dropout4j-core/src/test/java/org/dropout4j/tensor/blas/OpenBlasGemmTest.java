package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenBLAS kernel: the shared contract, and agreement with the Java kernel on a large product. Skipped only
 * when the native library cannot load on this machine.
 */
final class OpenBlasGemmTest extends GemmContractTest {
  @BeforeAll
  static void nativeLibraryLoads() {
    assumeTrue(Blas.nativeAvailable(), "OpenBLAS native library not loadable here");
  }

  @Override
  Gemm gemm() {
    return Blas.openBlas();
  }

  @Test
  void large_product_with_offsets_matches_reference() {
    new Case(new SplittableRandom(5), true, false, 300, 257, 190, 5, 3, 1.5f, -0.5f).runAndCheck(gemm());
  }

  @Test
  void repeated_calls_with_shrinking_and_growing_shapes_reuse_buffers_correctly() {
    SplittableRandom rnd = new SplittableRandom(9);
    for (int size : new int[] {200, 3, 120, 1, 250}) {
      new Case(rnd, false, true, size, size + 1, size + 2, 2, 1, 1f, 0f).runAndCheck(gemm());
    }
  }

  @Test
  void beta_zero_ignores_nan_left_in_the_reused_c_buffer() {
    float[] nan = new float[9 * 11];
    java.util.Arrays.fill(nan, Float.NaN);
    gemm().sgemm(false, false, 9, 11, 5, 1f, new float[9 * 5], 0, 5, new float[5 * 11], 0, 11, 1f, nan, 0, 11);
    assertTrue(Float.isNaN(nan[0]), "the first call must leave NaN in the off-heap C buffer");
    new Case(new SplittableRandom(13), false, false, 9, 11, 5, 0, 0, 1f, 0f).runAndCheck(gemm());
  }

  @Test
  void products_split_into_row_blocks_match_the_reference_for_every_transpose() {
    SplittableRandom rnd = new SplittableRandom(21);
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        assertTrue(OpenBlasGemm.blocks(333, 160, 170) > 1, "this shape is split");
        new Case(rnd, ta, tb, 333, 160, 170, 3, 2, 0.75f, 0.5f).runAndCheck(gemm());
      }
    }
  }

  @Test
  void row_blocks_cover_every_row_once_and_depend_only_on_the_shape() {
    for (int m : new int[] {64, 127, 128, 200, 333, 784, 5000, 43264}) {
      int blocks = OpenBlasGemm.blocks(m, 512, 784);
      int rows = OpenBlasGemm.blockRows(m, blocks);
      assertTrue(blocks >= 1 && blocks <= OpenBlasGemm.MAX_BLOCKS, "m=" + m + ": " + blocks + " blocks");
      assertTrue((long) (blocks - 1) * rows < m && (long) blocks * rows >= m, "m=" + m + ": blocks cover m once");
      assertEquals(0, rows % 16, "m=" + m);
    }
    assertEquals(1, OpenBlasGemm.blocks(128, 10, 512), "small products are not split");
  }

  @Test
  void name_is_openblas() {
    assertEquals("openblas", gemm().name());
  }
}
