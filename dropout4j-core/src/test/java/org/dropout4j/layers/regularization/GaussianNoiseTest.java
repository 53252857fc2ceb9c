package org.dropout4j.layers.regularization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
 * {@link GaussianNoise}: over 10^6 draws on zeros the added noise has mean 0 and variance {@code stddev^2}, each
 * within 4 standard errors; identity at inference and for {@code stddev = 0}; seeds; config; argument checks.
 */
class GaussianNoiseTest {
  private static final Tensor ZEROS = Tensor.zeros(Shape.of(1000, 1000));

  private static CallContext training(long key) {
    return CallContext.training(RngKey.of(key), 0);
  }

  @Test
  void noiseMean_isZeroWithinFourSigma() {
    Moments m = new Moments(new GaussianNoise(0.5f).call(ZEROS, training(1)).toArray());
    assertEquals(0.0, m.mean, 4 * 0.5 / Math.sqrt(m.n), "mean noise over 10^6 draws");
  }

  @ParameterizedTest(name = "stddev {0}")
  @ValueSource(floats = {0.1f, 0.5f, 3f})
  void noiseVariance_isStddevSquaredWithinFourSigma(float stddev) {
    Moments m = new Moments(new GaussianNoise(stddev).call(ZEROS, training(2)).toArray());
    double expected = (double) stddev * stddev;
    assertEquals(expected, m.variance, 4 * expected * Math.sqrt(2.0 / m.n), "variance over 10^6 draws");
  }

  @Test
  void inference_returnsTheInputUnchanged() {
    Tensor x = GradientCheck.uniform(4, -1f, 1f, 30, 7);
    assertArrayEquals(x.toArray(), new GaussianNoise(0.5f).call(x, CallContext.inference()).toArray());
  }

  @Test
  void stddevZero_isTheIdentityInTraining() {
    Tensor x = GradientCheck.uniform(4, -1f, 1f, 30, 7);
    assertArrayEquals(x.toArray(), new GaussianNoise(0f).call(x, training(3)).toArray());
  }

  @Test
  void differentKey_givesDifferentNoise() {
    GaussianNoise g = new GaussianNoise(0.5f);
    Tensor x = Tensor.zeros(Shape.of(10, 10));
    assertFalse(java.util.Arrays.equals(g.call(x, training(5)).toArray(), g.call(x, training(6)).toArray()));
  }

  @Test
  void layerSeed_givesNoiseIndependentOfTheContextKey() {
    GaussianNoise g = new GaussianNoise(0.5f, 9L, "n");
    Tensor x = Tensor.zeros(Shape.of(10, 10));
    assertArrayEquals(g.call(x, training(5)).toArray(), g.call(x, training(6)).toArray());
  }

  @ParameterizedTest(name = "stddev {0}")
  @ValueSource(floats = {-0.5f, Float.NaN, Float.POSITIVE_INFINITY})
  void stddevNegativeOrNotFinite_throwsEchoingTheValue(float stddev) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(stddev));
    assertEquals("Invalid value received for argument `stddev`. Expected a finite float value >= 0. Received: "
        + "stddev=" + stddev, e.getMessage());
  }

  @Test
  void config_hasBaseKeysStddevAndSeed() {
    var c = new GaussianNoise(0.25f, 3L, "n").getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "stddev", "seed"), List.copyOf(c.keySet()));
    assertEquals(0.25, c.get("stddev"));
  }
}
