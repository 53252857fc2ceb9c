package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void name_is_openblas() {
    assertEquals("openblas", gemm().name());
  }
}
