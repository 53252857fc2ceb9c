package org.dropout4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link DropoutRateScheduler}: rates per epoch in the History, masks that follow them, the built-in schedules. */
class DropoutRateSchedulerTest {
  private static final int ROWS = 200;
  private static final int FEATURES = 50;

  /** Records the fraction of zeros of its input at every training call (test-only, mutable). */
  private static final class ZeroProbe extends Layer {
    final List<Double> fractions = new ArrayList<>();

    ZeroProbe() {
      super("probe", true);
    }

    @Override
    public String className() {
      return "ZeroProbe";
    }

    @Override
    protected Tensor forward(Tensor input, CallContext context) {
      if (context.training()) {
        int zeros = 0;
        for (float v : input.toArray()) {
          zeros += v == 0f ? 1 : 0;
        }
        fractions.add(zeros / (double) input.size());
      }
      return input;
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
    }
  }

  private static Sequential model(Dropout dropout, ZeroProbe probe) {
    Sequential m = new Sequential(Input.shape(FEATURES), dropout, probe, new Dense(1));
    m.setRandomSeed(3);
    m.compile("sgd", "mse");
    return m;
  }

  @Test
  void linearRamp_recordsTheRatePerEpoch_andTheMasksFollowIt() {
    Dropout dropout = new Dropout(0.5f, null, null, "dropout");
    ZeroProbe probe = new ZeroProbe();
    Sequential m = model(dropout, probe);
    History h = m.fit(Tensor.full(Shape.of(ROWS, FEATURES), 1f), Tensor.zeros(Shape.of(ROWS, 1)),
        FitOptions.builder().epochs(5).batchSize(ROWS).verbose(0)
            .callbacks(new DropoutRateScheduler(dropout, DropoutRateScheduler.linearRamp(0f, 0.5f, 5))).build());
    List<Double> expected = List.of(0.0, 0.125, 0.25, 0.375, 0.5);
    assertEquals(expected, h.get("dropout/rate"));
    assertEquals(5, probe.fractions.size(), "one batch per epoch");
    for (int e = 0; e < 5; e++) {
      double rate = expected.get(e);
      double sigma = Math.sqrt(Math.max(rate * (1 - rate), 1e-12) / (ROWS * FEATURES));
      assertEquals(rate, probe.fractions.get(e), 4 * sigma + 1e-12, "dropped fraction in epoch " + e);
    }
    assertEquals(0.5f, dropout.rate(), "the layer's configured rate is unchanged");
  }

  @Test
  void byName_overridesTheNamedLayer_andInferenceKeepsTheIdentity() {
    Dropout dropout = new Dropout(0.5f, null, null, "dropout");
    Sequential m = model(dropout, new ZeroProbe());
    History h = m.fit(Tensor.full(Shape.of(ROWS, FEATURES), 1f), Tensor.zeros(Shape.of(ROWS, 1)),
        FitOptions.builder().epochs(2).batchSize(ROWS).verbose(0)
            .callbacks(new DropoutRateScheduler("dropout", epoch -> 0.2f)).build());
    assertEquals(List.of((double) 0.2f, (double) 0.2f), h.get("dropout/rate"));
    Tensor x = Tensor.full(Shape.of(2, FEATURES), 1f);
    assertEquals(x.toString(), dropout.call(x, CallContext.inference()).toString());
  }

  @Test
  void unknownLayerName_throwsListingTheLayers() {
    Sequential m = model(new Dropout(0.5f, null, null, "dropout"), new ZeroProbe());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(Tensor.full(Shape.of(4, FEATURES), 1f), Tensor.zeros(Shape.of(4, 1)),
            FitOptions.builder().epochs(1).verbose(0)
                .callbacks(new DropoutRateScheduler("drop", epoch -> 0.1f)).build()));
    assertTrue(e.getMessage().contains("\"drop\"") && e.getMessage().contains("dropout"), e.getMessage());
  }

  @Test
  void scheduleReturningRateOne_throwsNamingTheEpoch() {
    Sequential m = model(new Dropout(0.5f, null, null, "dropout"), new ZeroProbe());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(Tensor.full(Shape.of(4, FEATURES), 1f), Tensor.zeros(Shape.of(4, 1)),
            FitOptions.builder().epochs(1).verbose(0)
                .callbacks(new DropoutRateScheduler("dropout", epoch -> 1f)).build()));
    assertTrue(e.getMessage().contains("rate=1.0 for epoch 0"), e.getMessage());
  }

  @Test
  void linearRamp_isConstantAfterTheRamp_andOneEpochRampIsTheEndRate() {
    DropoutRateScheduler.Schedule s = DropoutRateScheduler.linearRamp(0.1f, 0.3f, 3);
    assertEquals(0.1f, s.rate(0), 1e-7f);
    assertEquals(0.2f, s.rate(1), 1e-7f);
    assertEquals(0.3f, s.rate(2), 1e-7f);
    assertEquals(0.3f, s.rate(10), 1e-7f);
    assertEquals(0.4f, DropoutRateScheduler.linearRamp(0f, 0.4f, 1).rate(0), 0f);
  }

  @Test
  void curriculum_startsAtZeroAndApproachesTheFinalRate() {
    DropoutRateScheduler.Schedule s = DropoutRateScheduler.curriculum(0.5f, 0.5);
    assertEquals(0f, s.rate(0), 0f);
    assertEquals(0.5 * (1 - Math.exp(-0.5)), s.rate(1), 1e-6);
    assertEquals(0.5f, s.rate(100), 1e-6f);
  }

  @Test
  void badArguments_throw() {
    assertThrows(IllegalArgumentException.class, () -> DropoutRateScheduler.linearRamp(0f, 1f, 5));
    assertThrows(IllegalArgumentException.class, () -> DropoutRateScheduler.linearRamp(0f, 0.5f, 0));
    assertThrows(IllegalArgumentException.class, () -> DropoutRateScheduler.curriculum(0.5f, 0));
    assertThrows(IllegalArgumentException.class, () -> new DropoutRateScheduler("d", null));
  }
}
