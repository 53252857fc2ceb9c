package org.dropout4j.layers.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.layers.activations.Activations;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Variance-scaling initializers: ranges and moments (tolerance four standard errors of the estimate). */
class InitializersTest {

  @Test
  void glorotUniform_valuesWithinTheLimit_andUniformVariance() {
    int fanIn = 200;
    int fanOut = 300;
    int n = fanIn * fanOut;
    float[] v = Initializers.get("glorot_uniform").create(Shape.of(fanIn, fanOut), RngKey.of(1)).toArray();
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    double sq = 0;
    for (float x : v) {
      assertTrue(Math.abs(x) <= limit, "value " + x + " beyond limit " + limit);
      sq += (double) x * x;
    }
    // U(-L, L): variance L^2/3; the variance estimate has relative standard error sqrt(4/5 * 9 / N - 1/N)
    double expected = limit * limit / 3;
    double relativeSe = Math.sqrt((9.0 / 5 - 1) / n);
    assertEquals(expected, sq / n, 4 * relativeSe * expected);
  }

  @Test
  void lecunNormal_hasStandardDeviationSqrtOneOverFanIn() {
    int fanIn = 400;
    int fanOut = 200;
    int n = fanIn * fanOut;
    float[] v = Initializers.get("lecun_normal").create(Shape.of(fanIn, fanOut), RngKey.of(2)).toArray();
    double expected = Math.sqrt(1.0 / fanIn);
    double sum = 0;
    double sq = 0;
    for (float x : v) {
      // truncated at two standard deviations of the underlying normal, whose stddev is expected / 0.8796
      assertTrue(Math.abs(x) <= 2 * expected / 0.87962566103423978 + 1e-6, "value " + x);
      sum += x;
      sq += (double) x * x;
    }
    double mean = sum / n;
    double std = Math.sqrt(sq / n - mean * mean);
    // relative standard error of a sample stddev is at most sqrt(1 / (2N)) for tails no heavier than normal
    assertEquals(expected, std, 4 * Math.sqrt(1.0 / (2 * n)) * expected);
    assertEquals(0.0, mean, 4 * expected / Math.sqrt(n));
  }

  @Test
  void zerosAndOnes_fillConstants() {
    for (float x : Initializers.get("zeros").create(Shape.of(3), RngKey.of(0)).toArray()) {
      assertEquals(0f, x);
    }
    for (float x : Initializers.get("ones").create(Shape.of(3), RngKey.of(0)).toArray()) {
      assertEquals(1f, x);
    }
  }

  @Test
  void unknownInitializer_throwsListingTheKnownNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Initializers.get("xavier"));
    assertTrue(e.getMessage().contains("xavier") && e.getMessage().contains("glorot_uniform")
        && e.getMessage().contains("he_normal"), e.getMessage());
  }

  @Test
  void unknownActivation_throwsListingTheKnownNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.get("gelu_new"));
    assertTrue(e.getMessage().contains("gelu_new") && e.getMessage().contains("relu")
        && e.getMessage().contains("softmax"), e.getMessage());
  }
}
