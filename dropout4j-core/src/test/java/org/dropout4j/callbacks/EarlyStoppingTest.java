package org.dropout4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link EarlyStopping} driven by a scripted sequence of epoch metrics and a recording control. */
class EarlyStoppingTest {

  /** A control whose "weights" are the epoch number, so restored weights tell which epoch they came from. */
  private static final class Recorder implements TrainingControl {
    int epoch;
    boolean stopRequested;
    List<float[]> restored;

    @Override
    public void requestStop() {
      stopRequested = true;
    }

    @Override
    public List<float[]> snapshotWeights() {
      return List.of(new float[] {epoch});
    }

    @Override
    public void restoreWeights(List<float[]> weights) {
      restored = weights;
    }
  }

  /** Feeds {@code values} of {@code monitor} epoch by epoch until a stop is requested; returns the control. */
  private static Recorder run(EarlyStopping es, String monitor, double... values) {
    Recorder c = new Recorder();
    es.onTrainBegin(c);
    for (int e = 0; e < values.length && !c.stopRequested; e++) {
      c.epoch = e;
      es.onEpochBegin(e, c);
      es.onEpochEnd(e, Map.of(monitor, values[e]), c);
    }
    es.onTrainEnd(c);
    return c;
  }

  @Test
  void patienceTwo_stopsAfterTwoEpochsWithoutImprovement() {
    EarlyStopping es = new EarlyStopping("val_loss", 2);
    Recorder c = run(es, "val_loss", 1.0, 0.5, 0.6, 0.7, 0.8, 0.9);
    assertTrue(c.stopRequested);
    assertEquals(3, es.stoppedEpoch());
  }

  @Test
  void improvementResetsThePatience() {
    EarlyStopping es = new EarlyStopping("val_loss", 2);
    run(es, "val_loss", 1.0, 1.1, 0.9, 1.0, 0.8, 0.85, 0.7);
    assertEquals(-1, es.stoppedEpoch());
  }

  @Test
  void accuracy_isMaximisedInAutoMode() {
    EarlyStopping es = new EarlyStopping("val_accuracy", 1);
    run(es, "val_accuracy", 0.5, 0.6, 0.7, 0.65, 0.9);
    assertEquals(3, es.stoppedEpoch());
  }

  @Test
  void autoMode_placesMetricsAsKeras3sMonitorCallback() {
    EarlyStopping precision = new EarlyStopping("val_precision", 1); // maximised (the old "acc" rule minimised it)
    run(precision, "val_precision", 0.5, 0.6, 0.7, 0.65, 0.9);
    assertEquals(3, precision.stoppedEpoch());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EarlyStopping("val_my_score", 1)); // Keras 3 refuses a metric it cannot place
    assertTrue(e.getMessage().contains("monitor=val_my_score") && e.getMessage().contains("mode=\"max\""),
        e.getMessage());
  }

  @Test
  void restoreBestWeights_restoresTheBestEpochsSnapshotOnStop() {
    EarlyStopping es = new EarlyStopping("val_loss", 0.0, 2, "auto", true, 0);
    Recorder c = run(es, "val_loss", 1.0, 0.5, 0.6, 0.7, 0.8);
    assertArrayEquals(new float[] {1f}, c.restored.get(0));
  }

  @Test
  void withoutRestoreBestWeights_nothingIsRestored() {
    Recorder c = run(new EarlyStopping("val_loss", 2), "val_loss", 1.0, 0.5, 0.6, 0.7, 0.8);
    assertNull(c.restored);
  }

  @Test
  void missingMonitoredMetric_throwsListingTheAvailableOnes() {
    EarlyStopping es = new EarlyStopping("val_loss", 2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(es, "loss", 1.0));
    assertTrue(e.getMessage().contains("val_loss") && e.getMessage().contains("[loss]"), e.getMessage());
  }

  @Test
  void invalidArguments_throwNamingTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EarlyStopping("val_loss", -1));
    assertTrue(e.getMessage().contains("`patience`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new EarlyStopping("val_loss", -0.1, 1, "auto", false, 0));
    assertTrue(e.getMessage().contains("`min_delta`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new EarlyStopping("val_loss", 0, 1, "lowest", false, 0));
    assertTrue(e.getMessage().contains("`mode`") && e.getMessage().contains("lowest"), e.getMessage());
  }
}
