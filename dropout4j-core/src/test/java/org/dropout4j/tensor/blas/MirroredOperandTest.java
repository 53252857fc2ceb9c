package org.dropout4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Products with {@link MirroredOperand}s: OpenBLAS reading its kept copies gives the bits of the same product on
 * heap arrays (the same kernel on the same values), and the copy follows the heap array through every way of saying
 * it changed: {@link MirroredOperand#changed()}, a new version, {@link MirroredOperand#store} of every element, and
 * a product that reads more rows than the previous one.
 */
class MirroredOperandTest {
  private static final int M = 40;
  private static final int N = 36;
  private static final int K = 50;

  @BeforeAll
  static void nativeLibraryLoads() {
    assumeTrue(Blas.nativeAvailable(), "OpenBLAS native library not loadable here");
  }

  private static float[] random(SplittableRandom rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rnd.nextDouble(-1, 1);
    }
    return v;
  }

  /** Random A ({@code M x K} values) and B ({@code K x N}) and their operands; B follows {@code version} if given. */
  private record Fixture(float[] a, float[] b, MirroredOperand ma, MirroredOperand mb) {
    static Fixture of(long seed, java.util.function.LongSupplier version) {
      SplittableRandom rnd = new SplittableRandom(seed);
      float[] a = random(rnd, M * K);
      float[] b = random(rnd, K * N);
      return new Fixture(a, b, new MirroredOperand(a), new MirroredOperand(b, version));
    }
  }

  /** The product of the heap arrays, A {@code m x K} or stored transposed, B {@code K x N} or transposed. */
  private static float[] heapProduct(boolean ta, boolean tb, int m, float[] a, float[] b) {
    float[] c = new float[m * N];
    Blas.openBlas().sgemm(ta, tb, m, N, K, 1f, a, 0, ta ? m : K, b, 0, tb ? K : N, 0f, c, 0, N);
    return c;
  }

  private static float[] product(boolean ta, boolean tb, int m, MirroredOperand a, MirroredOperand b) {
    float[] c = new float[m * N];
    Blas.openBlas().sgemm(ta, tb, m, N, K, 1f, a, b, 0f, c, 0, N);
    return c;
  }

  @Test
  void products_equalTheHeapProduct_forEveryTransposition() {
    Fixture f = Fixture.of(3, null);
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        assertArrayEquals(heapProduct(ta, tb, M, f.a, f.b), product(ta, tb, M, f.ma, f.mb), "transA=" + ta
            + " transB=" + tb);
      }
    }
  }

  @Test
  void changed_makesTheNextProductReadTheNewValues() {
    Fixture f = Fixture.of(4, null);
    float[] before = product(false, false, M, f.ma, f.mb);
    f.b[7] += 1f;
    f.mb.changed();
    float[] after = product(false, false, M, f.ma, f.mb);
    assertTrue(after[7] != before[7], "the change reached the product");
    assertArrayEquals(heapProduct(false, false, M, f.a, f.b), after);
  }

  @Test
  void aNewVersion_makesTheNextProductReadTheNewValues() {
    AtomicLong version = new AtomicLong();
    Fixture f = Fixture.of(5, version::get);
    product(false, true, M, f.ma, f.mb);
    java.util.Arrays.fill(f.b, 0.25f);
    version.incrementAndGet();
    assertArrayEquals(heapProduct(false, true, M, f.a, f.b), product(false, true, M, f.ma, f.mb));
  }

  @Test
  void storingEveryElement_makesTheCopyCurrent() {
    AtomicLong version = new AtomicLong();
    Fixture f = Fixture.of(6, version::get);
    float[] b = f.b;
    product(false, false, M, f.ma, f.mb);
    version.incrementAndGet(); // a writer takes the array ...
    for (int from = 0; from < b.length; from += 100) { // ... and stores what it wrote, in ranges
      int to = Math.min(b.length, from + 100);
      for (int i = from; i < to; i++) {
        b[i] = -b[i];
      }
      f.mb.store(from, to);
    }
    f.mb.stored();
    assertArrayEquals(heapProduct(false, false, M, f.a, b), product(false, false, M, f.ma, f.mb));
  }

  @Test
  void aProductReadingMoreRows_copiesTheRest() {
    Fixture f = Fixture.of(7, null);
    product(false, false, M / 4, f.ma, f.mb); // the first rows only
    assertArrayEquals(heapProduct(false, false, M, f.a, f.b), product(false, false, M, f.ma, f.mb));
  }

  @Test
  void anOperandShorterThanTheProductNeeds_isRefused() {
    MirroredOperand shortA = new MirroredOperand(new float[M * K - 1]);
    MirroredOperand b = new MirroredOperand(new float[K * N]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> product(false, false, M, shortA, b));
    assertTrue(e.getMessage().contains("`a`"), e.getMessage());
  }
}
