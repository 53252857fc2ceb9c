package org.dropout4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dropout4j.data.PythonRepr;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.SGD;
import org.dropout4j.optimizers.schedules.Schedules;
import org.dropout4j.losses.Losses;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Learning-rate callbacks, CSVLogger and TerminateOnNaN in a real fit, with Keras' logged keys and rules. */
class TrainingCallbacksTest {
  @TempDir
  Path dir;

  private static Sequential model(double lr) {
    Sequential m = new Sequential(Input.shape(2), new Dense(3, "tanh"), new Dense(1));
    m.setRandomSeed(5);
    m.compile(new SGD(lr), Losses.meanSquaredError());
    return m;
  }

  private static Tensor x() {
    float[] v = new float[16];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(i);
    }
    return Tensor.of(Shape.of(8, 2), v);
  }

  private static Tensor y() {
    float[] v = new float[8];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.cos(i);
    }
    return Tensor.of(Shape.of(8, 1), v);
  }

  private static FitOptions.Builder options(int epochs) {
    return FitOptions.builder().epochs(epochs).batchSize(4).shuffle(false).verbose(0);
  }

  @Test
  void learningRateScheduler_setsEachEpochsRateAndLogsIt() {
    Sequential m = model(0.1);
    History h = m.fit(x(), y(), options(4).callbacks(new LearningRateScheduler((e, lr) -> e < 2 ? lr : lr / 2, 0))
        .build());
    List<Double> lr = h.get("learning_rate");
    assertEquals(List.of(0.1, 0.1, 0.05, 0.025), lr.stream().map(v -> (double) (float) (double) v).toList()
        .stream().map(v -> Math.round(v * 1e6) / 1e6).toList());
    assertEquals(0.025f, m.optimizer().learningRate(), 1e-9);
  }

  @Test
  void reduceLrOnPlateau_reducesAfterPatienceAndLogsTheRateTheEpochRanWith() {
    Sequential m = model(0.1);
    // monitor a metric that never improves after epoch 0 (mode max on the loss of a decreasing fit)
    History h = m.fit(x(), y(), options(5).callbacks(new ReduceLROnPlateau("loss", 0.5, 1, "max", 0, 0, 0.0, 0))
        .build());
    List<Double> lr = h.get("learning_rate");
    assertEquals(0.1, lr.get(0), 1e-7);
    assertEquals(0.05, lr.get(2), 1e-7, lr.toString());
    assertEquals(0.1 / 16, m.optimizer().learningRate(), 1e-8);
  }

  @Test
  void reduceLrOnPlateau_factorOfOneOrMore_throwsLikeKeras() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ReduceLROnPlateau("val_loss", 1.0, 3));
    assertTrue(e.getMessage().contains("factor >= 1.0"), e.getMessage());
  }

  @Test
  void learningRateCallbacks_refuseAScheduleLikeKeras() {
    Sequential m = new Sequential(Input.shape(2), new Dense(1));
    m.compile(new SGD(Schedules.exponentialDecay(0.1, 10, 0.5, false)), Losses.meanSquaredError());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.fit(x(), y(),
        options(2).callbacks(new LearningRateScheduler((ep, lr) -> lr, 0)).build()));
    assertTrue(e.getMessage().contains("LearningRateSchedule"), e.getMessage());
  }

  @Test
  void csvLogger_writesKerasColumnsAndAppends() throws IOException {
    Path csv = dir.resolve("log.csv");
    Sequential m = model(0.05);
    m.compile(m.optimizer(), m.loss(), "mae");
    History h = m.fit(x(), y(), options(2).validationData(x(), y()).callbacks(new CSVLogger(csv)).build());
    List<String> lines = Files.readAllLines(csv);
    assertEquals("epoch,loss,mae,val_loss,val_mae", lines.get(0));
    assertEquals(3, lines.size());
    assertEquals("1," + PythonRepr.repr(h.get("loss").get(1)) + "," + PythonRepr.repr(h.get("mae").get(1)) + ","
        + PythonRepr.repr(h.get("val_loss").get(1)) + "," + PythonRepr.repr(h.get("val_mae").get(1)), lines.get(2));
    m.fit(x(), y(), options(1).validationData(x(), y()).callbacks(new CSVLogger(csv, ",", true)).build());
    List<String> again = Files.readAllLines(csv);
    assertEquals(4, again.size(), "appended without a second header");
    assertEquals(lines.get(0), again.get(0));
  }

  @Test
  void terminateOnNaN_stopsInsteadOfThrowing() {
    Sequential m = model(1e30);
    TerminateOnNaN t = new TerminateOnNaN();
    History h = m.fit(x(), y(), options(5).callbacks(t).build());
    assertTrue(t.stoppedBatch() >= 0, "stopped");
    assertTrue(h.epochs() < 5, "epochs run: " + h.epochs());
    Sequential m2 = model(1e30);
    assertThrows(IllegalStateException.class, () -> m2.fit(x(), y(), options(5).build()));
  }

  @Test
  void initialEpoch_runsTheRemainingEpochsWithAbsoluteIndices() {
    Sequential m = model(0.05);
    int[] seen = new int[1];
    History h = m.fit(x(), y(), options(5).initialEpoch(3).callbacks(new Callback() {
      @Override
      public void onEpochBegin(int epoch, TrainingControl control) {
        seen[0] += epoch;
      }
    }).build());
    assertEquals(2, h.epochs());
    assertEquals(3 + 4, seen[0]);
  }
}
