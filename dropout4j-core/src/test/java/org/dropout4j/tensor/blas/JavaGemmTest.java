package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pure-Java kernel: the shared contract plus bit-identical results for any thread count. */
final class JavaGemmTest extends GemmContractTest {
  @Override
  Gemm gemm() {
    return Blas.java();
  }

  @Test
  void one_thread_and_four_threads_give_identical_floats_on_every_loop_order() {
    SplittableRandom rnd = new SplittableRandom(11);
    // wide C, narrow C with many rows (transposed), and each with transposes; all above the parallel threshold
    int[][] shapes = {{200, 300, 97}, {4096, 10, 70}, {1500, 15, 100}};
    Gemm serial = new JavaGemm(1);
    Gemm parallel = new JavaGemm(4);
    for (int[] s : shapes) {
      assertTrue((long) s[0] * s[1] * s[2] >= JavaGemm.PARALLEL_THRESHOLD, "shape must take the parallel path");
      for (int t = 0; t < 4; t++) {
        Case c = new Case(rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1, 1, 0.9f, 0.3f);
        assertArrayEqualsExact(c.runAndCheck(serial), c.runAndCheck(parallel));
      }
    }
  }

  @Test
  void zero_threads_throws_naming_threads() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JavaGemm(0));
    assertTrue(e.getMessage().contains("threads=0"), e.getMessage());
  }

  @Test
  void name_is_java() {
    assertEquals("java", Blas.java().name());
  }

  @Test
  void kept_sum_of_products_is_the_dot_of_the_masked_values_to_the_bit() {
    SplittableRandom rnd = new SplittableRandom(12);
    float scale = 1.6666666f;
    for (int len : new int[] {1, 3, 4, 7, 500, 1027}) {
      float[] x = new float[len];
      float[] y = new float[len];
      int[] keep = new int[len];
      float[] masked = new float[len];
      float[] products = new float[len];
      for (int p = 0; p < len; p++) {
        x[p] = p % 11 == 0 ? -0f : (float) rnd.nextDouble(-3, 3); // signed zeros and negative values
        y[p] = (float) rnd.nextDouble(-1, 1);
        keep[p] = rnd.nextInt(5) < 3 ? 1 : 0;
        masked[p] = x[p] * (scale * keep[p]);
        products[p] = x[p] * scale * y[p];
      }
      assertEquals(Float.floatToIntBits(Blas.dot(masked, 0, y, 0, len)),
          Float.floatToIntBits(Blas.keptSum(products, keep, len)), "length " + len);
    }
  }
}
