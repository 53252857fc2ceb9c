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
  void products_cut_along_each_axis_match_the_reference_for_every_transpose() {
    SplittableRandom rnd = new SplittableRandom(21);
    int[][] shapes = {{2000, 100, 60}, {100, 2000, 60}, {64, 64, 4096}};
    GemmSplit.Axis[] axes = {GemmSplit.Axis.ROWS, GemmSplit.Axis.COLUMNS, GemmSplit.Axis.DEPTH};
    for (int s = 0; s < shapes.length; s++) {
      int[] d = shapes[s];
      assertEquals(axes[s], GemmSplit.of(d[0], d[1], d[2]).axis, java.util.Arrays.toString(d));
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          new Case(rnd, ta, tb, d[0], d[1], d[2], 3, 2, 0.75f, 0.5f).runAndCheck(gemm());
          new Case(rnd, ta, tb, d[0], d[1], d[2], 0, 0, 1f, 0f).runAndCheck(gemm());
        }
      }
    }
  }

  @Test
  void cuts_cover_their_axis_once_and_depend_only_on_the_shape() {
    for (int[] d : new int[][] {{64, 512, 784}, {127, 512, 784}, {200, 512, 784}, {5000, 512, 784},
        {43264, 64, 288}, {128, 128, 9216}, {128, 9216, 128}, {9216, 128, 128}, {100, 2000, 60}}) {
      GemmSplit split = GemmSplit.of(d[0], d[1], d[2]);
      int length = split.axis == GemmSplit.Axis.ROWS ? d[0] : split.axis == GemmSplit.Axis.COLUMNS ? d[1] : d[2];
      String shape = java.util.Arrays.toString(d) + ": " + split;
      assertTrue(split.blocks >= 2 && split.blocks <= GemmSplit.MAX_BLOCKS, shape);
      assertEquals(length, split.axisLength, shape);
      int covered = 0;
      for (int i = 0; i < split.blocks; i++) {
        assertEquals(covered, split.start(i), shape);
        assertTrue(split.length(i, length) > 0, shape);
        covered += split.length(i, length);
      }
      assertEquals(length, covered, shape);
      assertEquals(0, split.size % 16, shape);
      assertEquals(1, Integer.bitCount(split.blocks), shape + ": a power of two, shared evenly by 2, 4 or 8 threads");
    }
    assertEquals("COLUMNS x 2 of 256", GemmSplit.of(128, 512, 784).toString(), "the mlp's first Dense forward: "
        + "2 column blocks (51M multiply-adds, 2^24 per block at least), not depth blocks summed afterwards");
    assertEquals("COLUMNS x 2 of 256", GemmSplit.of(128, 512, 512).toString(), "its second Dense forward");
    assertEquals("ROWS x 2 of 400", GemmSplit.of(784, 512, 128).toString(), "its first kernel gradient: 2 row "
        + "blocks, each packing the 128 x 512 gradient once, not 4 (or 7)");
    assertEquals("ROWS x 2 of 256", GemmSplit.of(512, 512, 128).toString(), "its second kernel gradient, not 8");
    assertEquals("DEPTH x 8 of 1152", GemmSplit.of(128, 128, 9216).toString(), "a Dense forward on 9216 inputs");
    assertEquals(GemmSplit.Axis.COLUMNS, GemmSplit.of(128, 9216, 128).axis, "its input gradient");
    assertEquals(GemmSplit.Axis.ROWS, GemmSplit.of(9216, 128, 128).axis, "its kernel gradient");
    assertEquals(GemmSplit.NONE, GemmSplit.of(128, 10, 512), "small products are not cut");
  }

  @Test
  void a_written_by_the_caller_gives_the_bits_of_a_copied_a_in_every_kernel() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (Gemm kernel : new Gemm[] {gemm(), Blas.java(), Blas.gemm()}) {
      for (boolean ta : new boolean[] {false, true}) {
        for (int[] d : new int[][] {{7, 5, 3}, {576, 64, 288}, {100, 2000, 60}}) {
          int m = d[0];
          int n = d[1];
          int k = d[2];
          float[] a = new float[m * k];
          float[] b = new float[k * n];
          for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
          }
          for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextDouble(-1, 1);
          }
          float[] copied = new float[m * n + 3];
          float[] written = new float[m * n + 3];
          int lda = ta ? m : k;
          kernel.sgemm(ta, false, m, n, k, 0.5f, a, 0, lda, b, 0, n, 0f, copied, 3, n);
          kernel.sgemm(ta, false, m, n, k, 0.5f, dst -> dst.put(0, a, 0, a.length), b, 0, n, 0f, written, 3, n);
          org.junit.jupiter.api.Assertions.assertArrayEquals(copied, written, kernel + " transA=" + ta + " "
              + java.util.Arrays.toString(d));
        }
      }
    }
  }

  @Test
  void name_is_openblas() {
    assertEquals("openblas", gemm().name());
  }
}
