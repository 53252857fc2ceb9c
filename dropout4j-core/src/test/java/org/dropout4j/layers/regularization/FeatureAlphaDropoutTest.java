package org.dropout4j.layers.regularization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.dropout4j.layers.CallContext;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link FeatureAlphaDropout}, PyTorch's channel-wise alpha dropout. PyTorch (ATen {@code _dropout_impl} with
 * feature and alpha dropout) computes {@code x * a * m + b} with a Bernoulli(1 - p) mask {@code m} of shape
 * {@code (N, C, 1, ...)}, {@code alpha = 1.7580993408473766}, {@code a = 1 / sqrt((alpha^2 p + 1)(1 - p))} and
 * {@code b = (m - 1) * alpha * a + alpha * a * p}: a kept channel is {@code a * x + alpha * a * p}, a dropped one is
 * the constant {@code -alpha * a * (1 - p)}. Statistical checks use 6,400 independent (sample, channel) decisions
 * of 64 positions each, with 4-standard-error tolerances.
 */
class FeatureAlphaDropoutTest {
  private static final double ALPHA = 1.7580993408473766;
  private static final Shape SHAPE = Shape.of(128, 8, 8, 50);

  private static Tensor standardNormal(long seed, Shape shape) {
    float[] v = new float[shape.size()];
    RngKey.of(seed).fillNormal(v);
    return Tensor.of(shape, v);
  }

  private static CallContext training(long key) {
    return CallContext.training(RngKey.of(key), 0);
  }

  @Test
  void each_channel_of_each_sample_is_kept_or_dropped_whole_with_pytorch_values_at_fraction_rate() {
    double p = 0.2;
    float[] x = standardNormal(1, SHAPE).toArray();
    float[] out = new FeatureAlphaDropout(p).call(Tensor.of(SHAPE, x), training(2)).toArray();
    double a = 1 / Math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p));
    int n = SHAPE.dim(0);
    int positions = SHAPE.dim(1) * SHAPE.dim(2);
    int channels = SHAPE.dim(3);
    int dropped = 0;
    for (int s = 0; s < n; s++) {
      for (int c = 0; c < channels; c++) {
        int kept = 0;
        int zeroed = 0;
        for (int q = 0; q < positions; q++) {
          int i = (s * positions + q) * channels + c;
          kept += Math.abs(out[i] - (a * x[i] + ALPHA * a * p)) < 1e-5 ? 1 : 0;
          zeroed += Math.abs(out[i] - (-ALPHA * a * (1 - p))) < 1e-5 ? 1 : 0;
        }
        if (kept != positions && zeroed != positions) {
          fail("sample " + s + " channel " + c + ": " + kept + " kept and " + zeroed + " dropped of " + positions);
        }
        dropped += zeroed == positions ? 1 : 0;
      }
    }
    double decisions = (double) n * channels;
    assertEquals(p, dropped / decisions, 4 * Math.sqrt(p * (1 - p) / decisions), "dropped fraction of channels");
  }

  @Test
  void on_standard_normal_inputs_the_mean_stays_0_and_the_second_moment_1_within_4_standard_errors() {
    float[] out = new FeatureAlphaDropout(0.3).call(standardNormal(3, SHAPE), training(4)).toArray();
    int positions = SHAPE.dim(1) * SHAPE.dim(2);
    int channels = SHAPE.dim(3);
    int groups = SHAPE.dim(0) * channels;
    double[] mean = new double[groups];
    double[] square = new double[groups];
    for (int i = 0; i < out.length; i++) {
      int g = (i / (positions * channels)) * channels + i % channels; // (sample, channel): independent groups
      mean[g] += out[i] / (double) positions;
      square[g] += (double) out[i] * out[i] / positions;
    }
    assertEquals(0.0, average(mean), 4 * standardError(mean), "mean");
    assertEquals(1.0, average(square), 4 * standardError(square), "second moment (= variance, the mean being 0)");
  }

  private static double average(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }

  private static double standardError(double[] v) {
    double m = average(v);
    double s = 0;
    for (double d : v) {
      s += (d - m) * (d - m);
    }
    return Math.sqrt(s / (v.length - 1) / v.length);
  }

  @Test
  void channels_first_shares_one_decision_along_every_axis_but_batch_and_axis_1() {
    Shape shape = Shape.of(64, 6, 5);
    float[] out = new FeatureAlphaDropout(0.5f, "channels_first", 9L, null)
        .call(Tensor.full(shape, 1f), training(5)).toArray();
    boolean differs = false;
    for (int g = 0; g < 64 * 6; g++) {
      for (int q = 1; q < 5; q++) {
        assertEquals(out[g * 5], out[g * 5 + q], "one value per (sample, channel) " + g);
      }
      differs |= out[g * 5] != out[0];
    }
    assertTrue(differs, "some channels kept, some dropped");
  }

  @Test
  void inference_is_the_identity() {
    Tensor x = standardNormal(6, Shape.of(2, 3, 4));
    assertArrayEquals(x.toArray(), new FeatureAlphaDropout(0.4).call(x, CallContext.inference()).toArray());
  }

  @Test
  void rank_2_input_is_refused_naming_the_layer_and_shape() {
    FeatureAlphaDropout layer = new FeatureAlphaDropout(0.2f, null, null, "fad");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> layer.call(Tensor.full(Shape.of(4, 3), 1f), training(1)));
    assertTrue(e.getMessage().contains("\"fad\"") && e.getMessage().contains("ndim>=3")
        && e.getMessage().contains("(4, 3)"), e.getMessage());
  }

  @Test
  void rate_1_and_an_unknown_data_format_are_refused() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new FeatureAlphaDropout(1.0)).getMessage()
        .contains("rate=1.0"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new FeatureAlphaDropout(0.1f, "nhwc", null, null)).getMessage().contains("data_format=nhwc"));
  }
}
