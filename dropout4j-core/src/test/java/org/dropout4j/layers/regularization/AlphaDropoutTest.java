package org.dropout4j.layers.regularization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.Moments;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AlphaDropout} (Klambauer et al. 2017): on 10^6 standard-normal inputs in training the output keeps mean 0
 * and variance 1 within 4 standard errors (about 4e-3 for the mean, 1e-2 for the variance); a deep SELU network
 * stays self-normalizing with it; dropped units take the single value {@code a * alpha' + b}.
 */
class AlphaDropoutTest {
  private static final Shape SHAPE = Shape.of(1000, 1000);

  private static Tensor standardNormal(long seed, Shape shape) {
    float[] v = new float[shape.size()];
    RngKey.of(seed).fillNormal(v);
    return Tensor.of(shape, v);
  }

  private static CallContext training(long key) {
    return CallContext.training(RngKey.of(key), 0);
  }

  @ParameterizedTest(name = "rate {0}")
  @ValueSource(floats = {0.05f, 0.1f, 0.3f, 0.6f})
  void onStandardNormalInputs_outputMeanIsZeroWithinFourSigma(float rate) {
    Moments m = new Moments(new AlphaDropout(rate).call(standardNormal(1, SHAPE), training(2)).toArray());
    assertEquals(0.0, m.mean, 4 * m.meanSigma(), "mean over 10^6 draws");
  }

  @ParameterizedTest(name = "rate {0}")
  @ValueSource(floats = {0.05f, 0.1f, 0.3f, 0.6f})
  void onStandardNormalInputs_outputVarianceIsOneWithinFourSigma(float rate) {
    Moments m = new Moments(new AlphaDropout(rate).call(standardNormal(3, SHAPE), training(4)).toArray());
    assertEquals(1.0, m.variance, 4 * m.varianceSigma(), "variance over 10^6 draws");
  }

  @Test
  void droppedUnits_allTakeTheAffineImageOfAlphaPrime_atFractionRateWithinFourSigma() {
    float rate = 0.2f;
    float[] x = standardNormal(5, SHAPE).toArray();
    float[] out = new AlphaDropout(rate).call(Tensor.of(SHAPE, x), training(6)).toArray();
    double alphaPrime = -Activations.SELU_SCALE * Activations.SELU_ALPHA;
    double a = Math.pow((1 - rate) * (1 + rate * alphaPrime * alphaPrime), -0.5);
    double b = -a * alphaPrime * rate;
    int dropped = 0;
    for (int i = 0; i < x.length; i++) {
      boolean isDropped = Math.abs(out[i] - (a * alphaPrime + b)) < 1e-6;
      boolean isKept = Math.abs(out[i] - (a * x[i] + b)) < 1e-5;
      if (!isDropped && !isKept) {
        fail("element " + i + ": " + out[i] + " for input " + x[i] + " is neither a*x+b nor a*alpha'+b");
      }
      dropped += isDropped && !isKept ? 1 : 0;
    }
    double n = x.length;
    assertEquals(rate, dropped / n, 4 * Math.sqrt(rate * (1 - rate) / n), "dropped fraction");
  }

  /**
   * 8 x (Dense(256, selu, lecun_normal), AlphaDropout(0.1)) in training mode on 1000 standard-normal rows: after
   * every block the activations' mean is within 0.05 of 0 and their variance within 0.1 of 1 (measured: |mean| at
   * most 0.006, |variance - 1| at most 0.006; the tolerance covers other weight draws of a width-256 network).
   */
  @Test
  void deepSeluNetwork_keepsEveryLayersActivationsNearMeanZeroVarianceOne() {
    Sequential model = new Sequential(Input.shape(256)).setRandomSeed(11);
    for (int i = 0; i < 8; i++) {
      model.add(Dense.builder(256).activation("selu").kernelInitializer("lecun_normal").build());
      model.add(new AlphaDropout(0.1f));
    }
    model.build(Shape.batchOf(256));
    CallContext ctx = training(12);
    Tensor h = standardNormal(13, Shape.of(1000, 256));
    StringBuilder stats = new StringBuilder();
    for (int i = 0; i < model.layers().size(); i++) {
      h = model.layers().get(i).call(h, ctx.forLayer(i)).detach();
      if (i % 2 == 1) {
        Moments m = new Moments(h.toArray());
        stats.append(String.format(" [%d] mean %.4f var %.4f", i / 2 + 1, m.mean, m.variance));
        assertEquals(0.0, m.mean, 0.05, "mean after block " + (i / 2 + 1) + ";" + stats);
        assertEquals(1.0, m.variance, 0.1, "variance after block " + (i / 2 + 1) + ";" + stats);
      }
    }
  }

  @Test
  void inference_returnsTheInputUnchanged() {
    Tensor x = GradientCheck.uniform(4, -1f, 1f, 30, 7);
    assertArrayEquals(x.toArray(), new AlphaDropout(0.5f).call(x, CallContext.inference()).toArray());
  }

  @Test
  void noiseShape_sharesEachDecisionAlongTheAxesOfSizeOne() {
    Tensor x = Tensor.zeros(Shape.of(200, 6));
    float[] out = new AlphaDropout(0.5f, Arrays.asList(null, 1), null, null).call(x, training(8)).toArray();
    for (int r = 0; r < 200; r++) {
      for (int c = 1; c < 6; c++) {
        assertEquals(out[r * 6], out[r * 6 + c], 0f, "row " + r);
      }
    }
  }

  @Test
  void layerSeed_givesAMaskIndependentOfTheContextKey() {
    Tensor x = GradientCheck.uniform(4, -1f, 1f, 30, 7);
    AlphaDropout d = new AlphaDropout(0.5f, null, 5L, "a");
    assertArrayEquals(d.call(x, training(1)).toArray(), d.call(x, training(2)).toArray());
  }

  @Test
  void gradient_matchesFiniteDifferencesWithAFixedKey() {
    AlphaDropout d = new AlphaDropout(0.3f);
    CallContext ctx = training(9);
    GradientCheck.check("AlphaDropout", in -> d.call(in[0], ctx), GradientCheck.uniform(10, -2f, 2f, 4, 5));
  }

  @Test
  void rateOne_throwsEchoingTheRate() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AlphaDropout(1f));
    assertTrue(e.getMessage().contains("`rate`") && e.getMessage().endsWith("rate=1.0"), e.getMessage());
  }

  @Test
  void noiseShapeOfWrongRank_throwsNamingTheLayer() {
    AlphaDropout d = new AlphaDropout(0.5f, Arrays.asList(null, 1, 1), null, "ad");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.build(Shape.batchOf(4), RngKey.of(0)));
    assertEquals("Layer \"ad\" (AlphaDropout): noise_shape [null, 1, 1] has rank 3, input shape (None, 4) has "
        + "rank 2", e.getMessage());
  }

  @Test
  void config_hasBaseKeysRateSeedAndNoiseShapeInKerasOrder() {
    var c = new AlphaDropout(0.1f, Arrays.asList(null, 1), 4L, "a").getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "rate", "seed", "noise_shape"), List.copyOf(c.keySet()));
    assertEquals(Arrays.asList(null, 1), c.get("noise_shape"));
  }
}
