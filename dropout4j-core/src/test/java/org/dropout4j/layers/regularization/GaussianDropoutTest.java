package org.dropout4j.layers.regularization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Moments;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GaussianDropout}: over 10^6 draws on an input of ones the multiplier has mean 1 and variance
 * {@code rate / (1 - rate)}, each within 4 standard errors; identity at inference; seeds; config; argument checks;
 * gradient against finite differences with a fixed key.
 */
class GaussianDropoutTest {
  private static final Tensor ONES = Tensor.full(Shape.of(1000, 1000), 1f);

  private static CallContext training(long key) {
    return CallContext.training(RngKey.of(key), 0);
  }

  @ParameterizedTest(name = "rate {0}")
  @ValueSource(floats = {0.1f, 0.5f, 0.8f})
  void multiplierMean_isOneWithinFourSigma(float rate) {
    Moments m = new Moments(new GaussianDropout(rate).call(ONES, training(1)).toArray());
    assertEquals(1.0, m.mean, 4 * Math.sqrt(rate / (1.0 - rate) / m.n), "mean multiplier over 10^6 draws");
  }

  @ParameterizedTest(name = "rate {0}")
  @ValueSource(floats = {0.1f, 0.5f, 0.8f})
  void multiplierVariance_isRateOverOneMinusRateWithinFourSigma(float rate) {
    Moments m = new Moments(new GaussianDropout(rate).call(ONES, training(2)).toArray());
    double expected = rate / (1.0 - rate);
    // for normal noise the sample variance has standard error variance * sqrt(2 / n)
    assertEquals(expected, m.variance, 4 * expected * Math.sqrt(2.0 / m.n), "variance over 10^6 draws");
  }

  @Test
  void inference_returnsTheInputUnchanged() {
    Tensor x = GradientCheck.uniform(4, -1f, 1f, 30, 7);
    assertArrayEquals(x.toArray(), new GaussianDropout(0.5f).call(x, CallContext.inference()).toArray());
  }

  @Test
  void sameKey_givesTheSameNoise() {
    Tensor x = GradientCheck.uniform(4, -1f, 1f, 30, 7);
    assertArrayEquals(new GaussianDropout(0.5f).call(x, training(5)).toArray(),
        new GaussianDropout(0.5f).call(x, training(5)).toArray());
  }

  @Test
  void differentKey_givesDifferentNoise() {
    Tensor x = GradientCheck.uniform(4, -1f, 1f, 30, 7);
    GaussianDropout d = new GaussianDropout(0.5f);
    assertFalse(java.util.Arrays.equals(d.call(x, training(5)).toArray(), d.call(x, training(6)).toArray()));
  }

  @Test
  void layerSeed_givesNoiseIndependentOfTheContextKey() {
    Tensor x = GradientCheck.uniform(4, -1f, 1f, 30, 7);
    GaussianDropout d = new GaussianDropout(0.5f, 42L, "g");
    assertArrayEquals(d.call(x, training(5)).toArray(), d.call(x, training(6)).toArray());
  }

  @Test
  void gradient_matchesFiniteDifferencesWithAFixedKey() {
    GaussianDropout d = new GaussianDropout(0.4f);
    CallContext ctx = training(7);
    GradientCheck.check("GaussianDropout", in -> d.call(in[0], ctx), GradientCheck.uniform(8, -2f, 2f, 4, 5));
  }

  @Test
  void rateOne_throwsEchoingTheRate() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(1f));
    assertEquals("Invalid value received for argument `rate`. Expected a float value in [0, 1) (the probability "
        + "to drop). Received: rate=1.0", e.getMessage());
  }

  @Test
  void rateNegative_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(-0.1f));
    assertTrue(e.getMessage().contains("rate=-0.1"), e.getMessage());
  }

  @Test
  void rateNaN_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(Float.NaN));
    assertTrue(e.getMessage().contains("rate=NaN"), e.getMessage());
  }

  @Test
  void config_hasBaseKeysRateAndSeed() {
    var c = new GaussianDropout(0.25f, 3L, "g").getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "rate", "seed"), List.copyOf(c.keySet()));
    assertEquals(0.25, c.get("rate"));
    assertEquals(3L, c.get("seed"));
  }
}
