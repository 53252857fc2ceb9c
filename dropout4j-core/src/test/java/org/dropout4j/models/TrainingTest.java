package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dropout4j.callbacks.EarlyStopping;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.losses.Losses;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.optimizers.SGD;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@code fit}/{@code evaluate}/{@code predict}: reproducibility, validation, callbacks, History, divergence. */
class TrainingTest {
  /** Two noisy concentric circles (radii 1 and 0.5, Gaussian noise 0.05), inner circle labelled 1. */
  static Tensor[] circles(int n, long seed) {
    float[] angle = new float[n];
    float[] noise = new float[2 * n];
    RngKey key = RngKey.of(seed);
    key.fold(0).fillUniform(angle);
    key.fold(1).fillNormal(noise);
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      double r = y[i] == 1 ? 0.5 : 1.0;
      double t = 2 * Math.PI * angle[i];
      x[2 * i] = (float) (r * Math.cos(t) + 0.05 * noise[2 * i]);
      x[2 * i + 1] = (float) (r * Math.sin(t) + 0.05 * noise[2 * i + 1]);
    }
    return new Tensor[] {Tensor.of(Shape.of(n, 2), x), Tensor.column(y)};
  }

  private static final Tensor[] DATA = circles(100, 7);

  private static Sequential model(long seed) {
    Sequential m = new Sequential(Input.shape(2), new Dense(16, "relu"), new Dropout(0.3f), new Dense(1, "sigmoid"));
    m.setRandomSeed(seed);
    m.compile(new Adam(0.01f), Losses.binaryCrossentropy(false), "accuracy");
    return m;
  }

  private static FitOptions.Builder quiet(int epochs) {
    return FitOptions.builder().epochs(epochs).batchSize(16).verbose(0);
  }

  private static void assertSameWeights(List<float[]> a, List<float[]> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), "weight " + i);
    }
  }

  @Test
  void sameSeed_givesBitIdenticalHistoryAndWeights() {
    Sequential a = model(11);
    Sequential b = model(11);
    History ha = a.fit(DATA[0], DATA[1], quiet(5).validationSplit(0.2).build());
    History hb = b.fit(DATA[0], DATA[1], quiet(5).validationSplit(0.2).build());
    assertEquals(ha.asMap(), hb.asMap());
    assertSameWeights(a.getWeights(), b.getWeights());
  }

  @Test
  void differentSeed_givesDifferentWeights() {
    Sequential a = model(11);
    Sequential b = model(12);
    a.fit(DATA[0], DATA[1], quiet(2).build());
    b.fit(DATA[0], DATA[1], quiet(2).build());
    assertFalse(Arrays.equals(a.getWeights().get(0), b.getWeights().get(0)));
  }

  @Test
  void validationSplit_evaluatesOnTheLastFraction() {
    Sequential m = model(13);
    History h = m.fit(DATA[0], DATA[1], quiet(1).validationSplit(0.2).build());
    Tensor lastX = Ops.sliceRows(DATA[0], 80, 100);
    Tensor lastY = Ops.sliceRows(DATA[1], 80, 100);
    Tensor firstX = Ops.sliceRows(DATA[0], 0, 20);
    Tensor firstY = Ops.sliceRows(DATA[1], 0, 20);
    double lastLoss = m.evaluate(lastX, lastY, 16).get("loss");
    assertNotEquals(lastLoss, m.evaluate(firstX, firstY, 16).get("loss"), "precondition: the parts differ");
    assertEquals(lastLoss, h.last("val_loss"), 1e-12);
    assertEquals(m.evaluate(lastX, lastY, 16).get("accuracy"), h.last("val_accuracy"), 1e-12);
  }

  @Test
  void validationSplit_trainsOnTheFirstPartOnly() {
    Sequential split = model(14);
    split.fit(DATA[0], DATA[1], quiet(2).validationSplit(0.2).build());
    Sequential first = model(14);
    first.fit(Ops.sliceRows(DATA[0], 0, 80), Ops.sliceRows(DATA[1], 0, 80), quiet(2).build());
    assertSameWeights(first.getWeights(), split.getWeights());
  }

  @Test
  void history_hasOneValuePerEpochForLossAccuracyAndTheirValidationCounterparts() {
    Sequential m = model(15);
    History h = m.fit(DATA[0], DATA[1], quiet(3).validationData(DATA[0], DATA[1]).build());
    assertEquals(List.of("accuracy", "loss", "val_accuracy", "val_loss"), h.keys().stream().sorted().toList());
    for (String k : h.keys()) {
      assertEquals(3, h.get(k).size(), k);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.get("val_acc"));
    assertTrue(e.getMessage().contains("val_accuracy"), e.getMessage());
  }

  @Test
  void evaluate_returnsLossAndAccuracyOfThePredictions() {
    Sequential m = model(16);
    m.fit(DATA[0], DATA[1], quiet(3).build());
    Map<String, Double> r = m.evaluate(DATA[0], DATA[1]);
    assertEquals(List.of("loss", "accuracy"), List.copyOf(r.keySet()));
    Tensor p = m.predict(DATA[0]);
    assertEquals(Losses.binaryCrossentropy(false).call(DATA[1], p).item(), r.get("loss"), 1e-6);
    int correct = 0;
    for (int i = 0; i < 100; i++) {
      correct += (p.get(i) > 0.5f ? 1f : 0f) == DATA[1].get(i) ? 1 : 0;
    }
    assertEquals(correct / 100.0, r.get("accuracy"), 1e-12);
  }

  @Test
  void predictInBatches_equalsPredictInOneBatch() {
    Sequential m = model(17);
    m.fit(DATA[0], DATA[1], quiet(2).build());
    Tensor whole = m.predict(DATA[0], 1000);
    Tensor batched = m.predict(DATA[0], 7);
    assertEquals(whole.shape(), batched.shape());
    assertArrayEquals(whole.toArray(), batched.toArray(), 1e-6f);
  }

  @Test
  void predict_isDeterministicInInference() {
    Sequential m = model(17);
    assertArrayEquals(m.predict(DATA[0]).toArray(), m.predict(DATA[0]).toArray());
  }

  @Test
  void divergingLoss_throwsIllegalStateNamingEpochAndBatch() {
    Sequential m = new Sequential(Input.shape(2), new Dense(1));
    m.setRandomSeed(18);
    m.compile(new SGD(1e30f), Losses.meanSquaredError());
    Tensor y = Tensor.full(Shape.of(100, 1), 10f);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> m.fit(DATA[0], y, quiet(3).shuffle(false).build()));
    // batch 1 gives a finite loss and a step of ~1e30; batch 2's squared error overflows float32
    assertTrue(e.getMessage().contains("epoch 1, batch 2 of 7"), e.getMessage());
    assertTrue(e.getMessage().contains("diverged"), e.getMessage());
  }

  @Test
  void earlyStopping_stopsAfterPatienceEpochsWithoutImprovement() {
    // min_delta 1e9: only the first epoch counts as an improvement, so patience 2 stops at epoch index 2
    EarlyStopping es = new EarlyStopping("loss", 1e9, 2, "min", false, 0);
    History h = model(19).fit(DATA[0], DATA[1], quiet(50).callbacks(es).build());
    assertEquals(3, h.epochs());
    assertEquals(2, es.stoppedEpoch());
  }

  @Test
  void earlyStopping_restoreBestWeights_restoresTheBestEpochsWeights() {
    EarlyStopping es = new EarlyStopping("loss", 1e9, 2, "min", true, 0);
    Sequential stopped = model(20);
    stopped.fit(DATA[0], DATA[1], quiet(50).callbacks(es).build());
    Sequential oneEpoch = model(20);
    oneEpoch.fit(DATA[0], DATA[1], quiet(1).build());
    assertSameWeights(oneEpoch.getWeights(), stopped.getWeights());
  }

  @Test
  void circles_trainsToAtLeast95PercentAccuracy() {
    Sequential m = new Sequential(Input.shape(2), new Dense(32, "relu"), new Dense(1, "sigmoid"));
    m.setRandomSeed(21);
    m.compile(new Adam(0.01f), Losses.binaryCrossentropy(false), "accuracy");
    m.fit(DATA[0], DATA[1], FitOptions.builder().epochs(300).batchSize(32).verbose(0).build());
    double accuracy = m.evaluate(DATA[0], DATA[1]).get("accuracy");
    assertTrue(accuracy >= 0.95, "training accuracy " + accuracy);
  }
}
