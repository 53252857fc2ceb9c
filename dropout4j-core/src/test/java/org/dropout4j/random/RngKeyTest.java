package org.dropout4j.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RngKey} and {@link RngStream}: key derivation and the distribution of draws. Moment tolerances are four
 * standard errors of the estimate over the stated number of draws.
 */
class RngKeyTest {
  private static final int N = 1000 * 1000;

  @Test
  void fold_differentData_givesDifferentKeys() {
    RngKey root = RngKey.of(42);
    Set<RngKey> keys = new HashSet<>();
    for (long d = 0; d < 1000; d++) {
      keys.add(root.fold(d));
    }
    assertEquals(1000, keys.size());
    assertNotEquals(root.fold(1L), root.fold(1L << 32), "high bits of the data count");
  }

  @Test
  void fold_equalData_givesEqualKeys() {
    assertEquals(RngKey.of(42).fold(7), RngKey.of(42).fold(7));
    assertEquals(RngKey.of(42).fold(7).hashCode(), RngKey.of(42).fold(7).hashCode());
  }

  @Test
  void fold_differsFromTheParentAndFromOtherParents() {
    assertNotEquals(RngKey.of(42), RngKey.of(42).fold(0));
    assertNotEquals(RngKey.of(42).fold(0), RngKey.of(43).fold(0));
  }

  @Test
  void seedsDifferingOnlyInHighBits_giveDifferentKeys() {
    assertNotEquals(RngKey.of(1), RngKey.of(1 + (1L << 32)));
  }

  @Test
  void fromBits_roundTripsBits() {
    RngKey k = RngKey.of(-123456789012345L).fold(3);
    assertEquals(k, RngKey.fromBits(k.bits()));
  }

  @Test
  void fillUniform_sameKey_givesTheSameValues() {
    float[] a = new float[1001];
    float[] b = new float[1001];
    RngKey.of(5).fillUniform(a);
    RngKey.of(5).fillUniform(b);
    assertArrayEquals(a, b);
  }

  @Test
  void fillUniform_elementDependsOnlyOnKeyAndIndex() {
    float[] small = new float[7];
    float[] large = new float[100];
    RngKey.of(5).fillUniform(small);
    RngKey.of(5).fillUniform(large);
    for (int i = 0; i < small.length; i++) {
      assertEquals(large[i], small[i], 0f, "element " + i);
    }
  }

  @Test
  void fillUniform_valuesInUnitInterval_withMeanHalfAndVarianceOneTwelfth() {
    float[] u = new float[N];
    RngKey.of(6).fillUniform(u);
    double sum = 0;
    double sq = 0;
    for (float v : u) {
      assertTrue(v >= 0f && v < 1f, "value " + v);
      sum += v;
      sq += (double) v * v;
    }
    double mean = sum / N;
    double var = sq / N - mean * mean;
    // standard errors: sqrt(1/12 / N) for the mean, sqrt((1/80 - 1/144) / N) for the variance
    assertEquals(0.5, mean, 4 * Math.sqrt(1.0 / 12 / N));
    assertEquals(1.0 / 12, var, 4 * Math.sqrt((1.0 / 80 - 1.0 / 144) / N));
  }

  @Test
  void fillNormal_hasMeanZeroAndVarianceOne() {
    float[] z = new float[N + 3]; // a length that is not a multiple of 4
    RngKey.of(7).fillNormal(z);
    double sum = 0;
    double sq = 0;
    for (float v : z) {
      assertTrue(Float.isFinite(v));
      sum += v;
      sq += (double) v * v;
    }
    int n = z.length;
    double mean = sum / n;
    double var = sq / n - mean * mean;
    // standard errors: 1/sqrt(N) for the mean, sqrt(2/N) for the variance
    assertEquals(0.0, mean, 4 / Math.sqrt(n));
    assertEquals(1.0, var, 4 * Math.sqrt(2.0 / n));
  }

  @Test
  void permutation_containsEveryIndexOnce() {
    int[] p = RngKey.of(8).stream().permutation(1000);
    boolean[] seen = new boolean[1000];
    for (int v : p) {
      assertFalse(seen[v], "duplicate " + v);
      seen[v] = true;
    }
    for (boolean s : seen) {
      assertTrue(s);
    }
  }

  @Test
  void permutation_positionOfTheFirstElementIsUniform() {
    int n = 10;
    int trials = 20000;
    long[] counts = new long[n];
    RngStream s = RngKey.of(9).stream();
    for (int t = 0; t < trials; t++) {
      int[] p = s.permutation(n);
      for (int i = 0; i < n; i++) {
        if (p[i] == 0) {
          counts[i]++;
        }
      }
    }
    double expected = trials / (double) n;
    double chi2 = 0;
    for (long c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    // chi-square with 9 degrees of freedom: P(chi2 > 27.88) = 0.001
    assertTrue(chi2 < 27.88, "chi-square " + chi2 + " for counts " + java.util.Arrays.toString(counts));
  }

  @Test
  void nextInt_boundZeroOrNegative_throwsNamingBound() {
    RngStream s = RngKey.of(1).stream();
    for (int bound : new int[] {0, -1, Integer.MIN_VALUE}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.nextInt(bound));
      assertTrue(e.getMessage().contains("bound=" + bound), e.getMessage());
    }
  }

  @Test
  void nextInt_staysBelowTheBoundAndReachesEveryValue() {
    RngStream s = RngKey.of(2).stream();
    int[] counts = new int[7];
    for (int i = 0; i < 7000; i++) {
      int v = s.nextInt(7);
      assertTrue(v >= 0 && v < 7, "value " + v);
      counts[v]++;
    }
    for (int c : counts) {
      assertTrue(c > 800, java.util.Arrays.toString(counts)); // expected 1000, sd about 29
    }
  }

  @Test
  void nextDouble_isInTheUnitIntervalWithMeanHalf() {
    RngStream s = RngKey.of(3).stream();
    double sum = 0;
    int n = 100000;
    for (int i = 0; i < n; i++) {
      double d = s.nextDouble();
      assertTrue(d >= 0 && d < 1);
      sum += d;
    }
    assertEquals(0.5, sum / n, 4 * Math.sqrt(1.0 / 12 / n));
  }

  private static float[] mask(RngKey key, int n, float p) {
    float[] m = new float[n];
    key.fillBernoulli(m, p, 1f);
    return m;
  }

  @Test
  void fillBernoulli_keepsEachElementWithProbabilityP_within4Sigma() {
    for (float p : new float[] {0.1f, 0.6f, 0.95f}) {
      float[] m = mask(RngKey.of(5).fold(1), N, p);
      double kept = 0;
      for (float v : m) {
        assertTrue(v == 0f || v == 1f);
        kept += v;
      }
      assertEquals(p, kept / N, 4 * Math.sqrt(p * (1 - p) / N), "p=" + p);
    }
  }

  @Test
  void fillBernoulli_neighbouringDecisionsAreIndependent() {
    float p = 0.5f;
    float[] m = mask(RngKey.of(6), N, p);
    double both = 0;
    for (int i = 0; i + 1 < N; i++) {
      both += m[i] * m[i + 1];
    }
    double q = p * p;
    assertEquals(q, both / (N - 1), 4 * Math.sqrt(q * (1 - q) / (N - 1)));
  }

  @Test
  void fillBernoulli_masksOfDifferentKeysAreIndependent_atEveryOffset() {
    // keys of consecutive steps and layers must not give shifted copies of one sequence
    float p = 0.5f;
    float[] a = mask(RngKey.of(7).fold(1).fold(0), 1 << 16, p);
    float[] b = mask(RngKey.of(7).fold(2).fold(0), 1 << 17, p);
    int n = a.length;
    for (int shift : new int[] {0, 1, 17, 1000, 1 << 16}) {
      double agree = 0;
      for (int i = 0; i < n; i++) {
        agree += a[i] == b[i + shift] ? 1 : 0;
      }
      assertEquals(0.5, agree / n, 5 * Math.sqrt(0.25 / n), "shift " + shift);
    }
  }

  @Test
  void fillBernoulli_rowSlicesAndScratchVariantGiveTheWholeMask() {
    RngKey key = RngKey.of(8);
    int rows = 7;
    int width = 300;
    float[] whole = new float[rows * width];
    key.fillBernoulli(whole, 0.7f, 2.5f);
    float[] sliced = new float[rows * width];
    int[] scratch = new int[1024];
    for (int r = 0; r < rows; r++) {
      key.fillBernoulli(sliced, r * width, width, r * width, 0.7f, 2.5f);
      float[] row = new float[width];
      key.fillBernoulli(row, r * width, 0.7f, 2.5f, scratch);
      assertArrayEquals(java.util.Arrays.copyOfRange(whole, r * width, (r + 1) * width), row, "row " + r);
    }
    assertArrayEquals(whole, sliced);
    float[] longRow = new float[3000]; // wider than one pass over the Weyl steps
    key.fillBernoulli(longRow, 0, 0.7f, 2.5f, scratch);
    float[] longWhole = new float[3000];
    key.fillBernoulli(longWhole, 0.7f, 2.5f);
    assertArrayEquals(longWhole, longRow);
  }

  @Test
  void multiplyBernoulli_appliesTheMaskOfFillBernoulli() {
    RngKey key = RngKey.of(9);
    float[] in = new float[5000];
    for (int i = 0; i < in.length; i++) {
      in[i] = i - 2500.5f;
    }
    float[] out = new float[in.length];
    key.multiplyBernoulli(in, out, 0.4f, 2.5f);
    float[] m = new float[in.length];
    key.fillBernoulli(m, 0.4f, 2.5f);
    for (int i = 0; i < in.length; i++) {
      assertEquals(in[i] * m[i], out[i], 0f, "element " + i);
    }
  }

  @Test
  void keepDecisions_areTheDecisionsOfFillBernoulli() {
    RngKey key = RngKey.of(10);
    int counter = 777;
    float[] mask = new float[2500]; // more than one pass over the Weyl steps
    key.fillBernoulli(mask, 0, mask.length, counter, 0.6f, 1f);
    int[] keep = new int[mask.length];
    key.fillKeepDecisions(keep, keep.length, counter, 0.6f);
    for (int i = 0; i < mask.length; i++) {
      assertEquals(mask[i], (float) keep[i], 0f, "decision " + i);
    }
  }
}
