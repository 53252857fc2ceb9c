package org.dropout4j.layers.regularization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.dropout4j.layers.CallContext;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

import org.junit.jupiter.api.Test;

/**
 * {@link DropPath}, stochastic depth per sample (KerasCV's {@code DropPath}, timm's {@code drop_path} with
 * {@code scale_by_keep=True}): in training each sample is either all zeros or exactly {@code x / (1 - rate)}, the
 * dropped fraction of samples is {@code rate}, and the output's mean is the input's; identity at inference. The
 * statistical checks use 20,000 independent per-sample decisions, with 4-standard-error tolerances (a false failure
 * about once in 15,000 runs for each; the seeds are fixed, so a run is reproducible).
 */
class DropPathTest {
  private static final int SAMPLES = 20_000;
  private static final Shape SHAPE = Shape.of(SAMPLES, 3, 4);

  private static Tensor standardNormal(long seed, Shape shape) {
    float[] v = new float[shape.size()];
    RngKey.of(seed).fillNormal(v);
    return Tensor.of(shape, v);
  }

  private static CallContext training(long key) {
    return CallContext.training(RngKey.of(key), 0);
  }

  /** Per sample: 1 if kept (every value x / (1 - rate)), 0 if dropped (every value 0); fails on a mixed sample. */
  private static int[] keptSamples(float[] x, float[] out, double rate, int perSample) {
    int[] kept = new int[out.length / perSample];
    for (int s = 0; s < kept.length; s++) {
      int scaled = 0;
      int zeros = 0;
      for (int q = 0; q < perSample; q++) {
        int i = s * perSample + q;
        scaled += Math.abs(out[i] - x[i] / (1 - rate)) <= 1e-6 * (1 + Math.abs(x[i])) ? 1 : 0;
        zeros += out[i] == 0f ? 1 : 0;
      }
      if (scaled != perSample && zeros != perSample) {
        fail("sample " + s + ": " + scaled + " scaled and " + zeros + " zero values of " + perSample);
      }
      kept[s] = scaled == perSample ? 1 : 0;
    }
    return kept;
  }

  @Test
  void each_sample_is_dropped_whole_or_kept_scaled_by_1_over_1_minus_rate_at_fraction_rate() {
    double rate = 0.3;
    float[] x = standardNormal(1, SHAPE).toArray();
    float[] out = new DropPath(rate).call(Tensor.of(SHAPE, x), training(2)).toArray();
    int kept = 0;
    for (int k : keptSamples(x, out, rate, 12)) {
      kept += k;
    }
    double dropped = 1 - kept / (double) SAMPLES;
    assertEquals(rate, dropped, 4 * Math.sqrt(rate * (1 - rate) / SAMPLES), "dropped fraction of samples");
  }

  @Test
  void the_mean_output_equals_the_input_within_4_standard_errors_and_kept_samples_peak_at_1_over_1_minus_rate() {
    double rate = 0.25;
    float[] out = new DropPath(rate).call(Tensor.full(SHAPE, 1f), training(3)).toArray();
    double mean = 0;
    float max = 0;
    for (float v : out) {
      mean += v / out.length;
      max = Math.max(max, v);
    }
    // one decision per sample: the mean over samples of a variable that is 1/(1-rate) w.p. 1-rate, else 0
    double standardError = Math.sqrt(rate / (1 - rate) / SAMPLES);
    assertEquals(1.0, mean, 4 * standardError, "mean of the output on an all-ones input");
    assertEquals(1 / (1 - rate), max, 1e-6, "kept samples are scaled by 1 / (1 - rate)");
  }

  @Test
  void works_on_any_rank_from_2_one_decision_per_row() {
    Shape shape = Shape.of(4000, 5);
    float[] x = standardNormal(4, shape).toArray();
    int[] kept = keptSamples(x, new DropPath(0.5).call(Tensor.of(shape, x), training(5)).toArray(), 0.5, 5);
    int sum = 0;
    for (int k : kept) {
      sum += k;
    }
    assertEquals(0.5, sum / 4000.0, 4 * Math.sqrt(0.25 / 4000), "kept fraction of rows");
  }

  @Test
  void inference_is_the_identity() {
    Tensor x = standardNormal(6, Shape.of(8, 3, 4));
    assertArrayEquals(x.toArray(), new DropPath(0.4).call(x, CallContext.inference()).toArray());
  }

  @Test
  void monte_carlo_passes_draw_per_sample_masks_and_differ_between_keys() {
    Tensor x = Tensor.full(Shape.of(200, 6), 1f);
    float[] a = new DropPath(0.5).call(x, CallContext.monteCarlo(RngKey.of(7), 1)).toArray();
    float[] b = new DropPath(0.5).call(x, CallContext.monteCarlo(RngKey.of(8), 1)).toArray();
    keptSamples(x.toArray(), a, 0.5, 6);
    assertFalse(java.util.Arrays.equals(a, b), "two Monte Carlo keys give two masks");
    assertArrayEquals(a, new DropPath(0.5).call(x, CallContext.monteCarlo(RngKey.of(7), 1)).toArray(),
        "the same key gives the same mask");
  }

  @Test
  void the_same_seed_gives_the_same_mask_in_training() {
    Tensor x = Tensor.full(Shape.of(300, 2), 1f);
    DropPath layer = new DropPath(0.5f, 11L, null);
    assertArrayEquals(layer.call(x, training(1)).toArray(), new DropPath(0.5f, 11L, null).call(x, training(1))
        .toArray());
  }

  @Test
  void rank_1_input_is_refused_naming_the_layer_and_shape() {
    DropPath layer = new DropPath(0.2f, null, "dp");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> layer.call(Tensor.full(Shape.of(4), 1f), training(1)));
    assertTrue(e.getMessage().contains("\"dp\"") && e.getMessage().contains("ndim>=2")
        && e.getMessage().contains("(4"), e.getMessage());
  }

  @Test
  void rate_outside_0_to_1_is_refused_echoing_it() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DropPath(1.0)).getMessage()
        .contains("rate=1.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new DropPath(-0.1)).getMessage()
        .contains("rate=-0.1"));
  }
}
