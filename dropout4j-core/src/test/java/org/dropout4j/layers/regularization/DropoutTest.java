package org.dropout4j.layers.regularization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link Dropout} contract through {@link Layer#call}: statistics of the mask over 10^6 draws, inverted
 * scaling, inference identity, the training override, keys and seeds, noise_shape and argument checks.
 */
class DropoutTest {
  private static final int N = 1000 * 1000;
  private static final Tensor ONES = Tensor.full(Shape.of(1000, 1000), 1f);

  private static CallContext training(long key, long step) {
    return CallContext.training(RngKey.of(key), step);
  }

  private static int zeros(float[] v) {
    int z = 0;
    for (float f : v) {
      z += f == 0f ? 1 : 0;
    }
    return z;
  }

  @ParameterizedTest(name = "rate {0}")
  @ValueSource(floats = {0.1f, 0.4f, 0.8f})
  void droppedFraction_isWithinFourSigmaOfRate(float rate) {
    float[] out = new Dropout(rate).call(ONES, training(1, 0)).toArray();
    double fraction = zeros(out) / (double) N;
    double sigma = Math.sqrt(rate * (1.0 - rate) / N);
    assertEquals(rate, fraction, 4 * sigma, "dropped fraction over 10^6 units");
  }

  @ParameterizedTest(name = "rate {0}")
  @ValueSource(floats = {0.1f, 0.4f, 0.8f})
  void meanOutput_equalsTheInputWithinFourSigma(float rate) {
    float[] out = new Dropout(rate).call(ONES, training(2, 0)).toArray();
    double sum = 0;
    for (float v : out) {
      sum += v;
    }
    // each output is 1/(1-rate) with probability 1-rate, else 0: mean 1, variance rate/(1-rate)
    double sigma = Math.sqrt(rate / (1.0 - rate) / N);
    assertEquals(1.0, sum / N, 4 * sigma, "mean of the output for an input of ones");
  }

  @ParameterizedTest(name = "rate {0}")
  @ValueSource(floats = {0.1f, 0.4f, 0.8f})
  void keptValues_equalExactlyOneOverOneMinusRate_andThatIsTheMaximum(float rate) {
    float[] out = new Dropout(rate).call(ONES, training(3, 0)).toArray();
    float scale = 1f / (1f - rate);
    float max = 0f;
    for (float v : out) {
      if (v != 0f) {
        assertEquals(scale, v, 0f);
      }
      max = Math.max(max, v);
    }
    assertEquals(scale, max, 0f);
  }

  @Test
  void inference_returnsTheInputUnchanged() {
    Tensor x = GradientCheck.uniform(4, -1f, 1f, 50, 20);
    Tensor out = new Dropout(0.5f).call(x, CallContext.inference());
    assertArrayEquals(x.toArray(), out.toArray());
  }

  @Test
  void inferenceContextWithTrainingTrue_appliesDropout() {
    Tensor out = new Dropout(0.5f).call(ONES, CallContext.inference().withTraining(true));
    double fraction = zeros(out.toArray()) / (double) N;
    assertEquals(0.5, fraction, 4 * Math.sqrt(0.25 / N));
  }

  @Test
  void trainingContextWithTrainingFalse_isTheIdentity() {
    Tensor x = GradientCheck.uniform(4, -1f, 1f, 50, 20);
    Tensor out = new Dropout(0.5f).call(x, training(5, 0).withTraining(false));
    assertArrayEquals(x.toArray(), out.toArray());
  }

  @Test
  void sameKey_givesTheSameMask() {
    Tensor x = Tensor.full(Shape.of(100, 100), 1f);
    assertArrayEquals(new Dropout(0.5f).call(x, training(6, 0)).toArray(),
        new Dropout(0.5f).call(x, training(6, 0)).toArray());
  }

  @Test
  void differentKey_givesADifferentMask() {
    Tensor x = Tensor.full(Shape.of(100, 100), 1f);
    Dropout d = new Dropout(0.5f);
    assertFalse(Arrays.equals(d.call(x, training(6, 0)).toArray(), d.call(x, training(7, 0)).toArray()));
  }

  @Test
  void layerSeed_givesAMaskIndependentOfTheContextKey() {
    Tensor x = Tensor.full(Shape.of(100, 100), 1f);
    Dropout d = new Dropout(0.5f, null, 1234L, "seeded");
    assertArrayEquals(d.call(x, training(6, 3)).toArray(), d.call(x, training(7, 3)).toArray());
  }

  @Test
  void layerSeed_givesADifferentMaskAtADifferentStep() {
    Tensor x = Tensor.full(Shape.of(100, 100), 1f);
    Dropout d = new Dropout(0.5f, null, 1234L, "seeded");
    assertFalse(Arrays.equals(d.call(x, training(6, 3)).toArray(), d.call(x, training(6, 4)).toArray()));
  }

  @Test
  void differentLayerSeeds_giveDifferentMasks() {
    Tensor x = Tensor.full(Shape.of(100, 100), 1f);
    assertFalse(Arrays.equals(new Dropout(0.5f, null, 1L, "a").call(x, training(6, 0)).toArray(),
        new Dropout(0.5f, null, 2L, "b").call(x, training(6, 0)).toArray()));
  }

  @Test
  void noiseShapeWithOneOnTheTimeAxis_sharesTheMaskAlongThatAxis() {
    int batch = 20;
    int time = 5;
    int features = 30;
    Dropout d = new Dropout(0.5f, Arrays.asList(null, 1, null), null, "time_shared");
    float[] out = d.call(Tensor.full(Shape.of(batch, time, features), 1f), training(8, 0)).toArray();
    for (int b = 0; b < batch; b++) {
      for (int f = 0; f < features; f++) {
        float first = out[(b * time) * features + f];
        for (int t = 1; t < time; t++) {
          assertEquals(first, out[(b * time + t) * features + f], 0f, "batch " + b + " feature " + f + " time " + t);
        }
      }
    }
    int z = zeros(out);
    assertTrue(z > 0 && z < out.length, "the shared mask still drops some units and keeps others: " + z);
  }

  @Test
  void noiseShapeOfTheWrongRank_throwsNamingTheLayer() {
    Dropout d = new Dropout(0.5f, Arrays.asList(null, 1), null, "my_dropout");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.call(Tensor.full(Shape.of(2, 3, 4), 1f), training(8, 0)));
    assertTrue(e.getMessage().contains("my_dropout") && e.getMessage().contains("noise_shape"), e.getMessage());
  }

  @Test
  void noiseShapeEntryThatDoesNotBroadcast_throwsNamingTheLayer() {
    Dropout d = new Dropout(0.5f, Arrays.asList(null, 2, null), null, "my_dropout");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.call(Tensor.full(Shape.of(2, 3, 4), 1f), training(8, 0)));
    assertTrue(e.getMessage().contains("my_dropout") && e.getMessage().contains("(2, 3, 4)"), e.getMessage());
  }

  @ParameterizedTest(name = "rate {0}")
  @ValueSource(floats = {-0.1f, 1.0f, 1.5f, Float.NaN})
  void rateOutsideZeroToOne_throwsNamingRate(float rate) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(rate));
    assertTrue(e.getMessage().contains("rate") && e.getMessage().contains(String.valueOf(rate)), e.getMessage());
  }

  @Test
  void rateZero_isTheIdentityEvenInTraining() {
    Tensor x = GradientCheck.uniform(9, -1f, 1f, 50, 20);
    assertArrayEquals(x.toArray(), new Dropout(0f).call(x, training(9, 0)).toArray());
  }

  @Test
  void dropoutAfterInput_dropsInputUnitsInTrainingOnly() {
    Sequential model = new Sequential(Input.shape(1000), new Dropout(0.4f));
    model.setRandomSeed(1);
    Tensor x = Tensor.full(Shape.of(1000, 1000), 1f);
    double fraction = zeros(model.call(x, training(10, 0)).toArray()) / (double) N;
    assertEquals(0.4, fraction, 4 * Math.sqrt(0.24 / N));
    assertArrayEquals(x.toArray(), model.predict(x, 1000).toArray());
  }

  @Test
  void dropoutAsFirstLayerAfterInput_trainsInASequential() {
    Sequential model = new Sequential(Input.shape(4), new Dropout(0.2f), new Dense(1, "sigmoid"));
    model.setRandomSeed(2);
    model.compile("adam", "binary_crossentropy", "accuracy");
    Tensor x = GradientCheck.uniform(11, -1f, 1f, 16, 4);
    Tensor y = Tensor.column(new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1});
    model.build(Shape.batchOf(4));
    List<float[]> before = model.getWeights();
    model.fit(x, y, FitOptions.builder().epochs(2).batchSize(8).verbose(0).build());
    assertEquals(Shape.of(16, 1), model.predict(x).shape());
    assertFalse(Arrays.equals(before.get(0), model.getWeights().get(0)), "the Dense kernel was trained");
    assertEquals("dropout", model.layers().get(0).name());
  }
}
