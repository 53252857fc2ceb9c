package org.dropout4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BackupAndRestore}: a fit interrupted after an epoch or in the middle of one, then run again with the same
 * callback, ends with bit for bit the weights, optimizer state and learning rate of an uninterrupted fit, with
 * shuffling, dropout masks, Adam and a LearningRateScheduler that lowers the current rate all in play; the backup is deleted
 * after a normal end; a backup that does not fit the model is refused naming the file.
 */
class BackupAndRestoreTest {
  private static final int EPOCHS = 6;

  @TempDir
  Path dir;

  private static final Tensor X;
  private static final Tensor Y;

  static {
    float[] x = new float[60 * 4];
    RngKey.of(21).fillNormal(x);
    float[] y = new float[60];
    for (int i = 0; i < 60; i++) {
      y[i] = x[4 * i] - 2 * x[4 * i + 1] > 0 ? 1 : 0;
    }
    X = Tensor.of(Shape.of(60, 4), x);
    Y = Tensor.of(Shape.of(60, 1), y);
  }

  private static Sequential model() {
    Sequential m = new Sequential(Input.shape(4), new Dense(16, "relu"), new Dropout(0.3f), new Dense(1, "sigmoid"));
    m.setRandomSeed(77);
    m.compile(new Adam(0.05), Losses.get("binary_crossentropy"), "accuracy");
    return m;
  }

  /** Throws at the end of epoch {@code epoch} or, if {@code batch >= 0}, after that batch of it. */
  private record Crash(int epoch, int batch) implements Callback {
    @Override
    public void onBatchEnd(int b, Map<String, Double> logs, TrainingControl control) {
      if (batch >= 0 && b == batch && control.learningRate() > 0 && current == epoch) {
        throw new IllegalStateException("simulated crash in epoch " + epoch + ", batch " + batch);
      }
    }

    @Override
    public void onEpochBegin(int e, TrainingControl control) {
      current = e;
    }

    @Override
    public void onEpochEnd(int e, Map<String, Double> logs, TrainingControl control) {
      if (batch < 0 && e == epoch) {
        throw new IllegalStateException("simulated crash after epoch " + epoch);
      }
    }

    static int current = -1;
  }

  private static FitOptions options(Callback... callbacks) {
    return FitOptions.builder().epochs(EPOCHS).batchSize(8).callbacks(callbacks).build();
  }

  /** Multiplies the current rate by 0.7 each epoch: a resumed fit has the right rate only if it was restored. */
  private static LearningRateScheduler plateau() {
    return new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : lr * 0.7, 0);
  }

  private void resumesExactly(Crash crash) throws IOException {
    Sequential reference = model();
    History full = reference.fit(X, Y, options(plateau()));
    Path backup = dir.resolve("backup-" + crash.epoch() + "-" + crash.batch());
    Sequential first = model();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> first.fit(X, Y, options(plateau(), new BackupAndRestore(backup), crash)));
    assertTrue(e.getMessage().contains("simulated crash"), e.getMessage());
    assertTrue(Files.isRegularFile(backup.resolve(BackupAndRestore.FILE_NAME)), "the backup survives the crash");
    Sequential resumed = model(); // a new process would build the model and compile it afresh
    History rest = resumed.fit(X, Y, options(plateau(), new BackupAndRestore(backup)));
    int done = crash.batch() < 0 ? crash.epoch() + 1 : crash.epoch();
    assertEquals(EPOCHS - done, rest.epochs(), "the resumed fit runs only the missing epochs");
    List<float[]> want = reference.getWeights();
    List<float[]> got = resumed.getWeights();
    for (int i = 0; i < want.size(); i++) {
      assertArrayEquals(want.get(i), got.get(i), 0f, "weight " + i + " bit for bit");
    }
    assertEquals(full.get("loss").subList(done, EPOCHS), rest.get("loss"));
    assertEquals(reference.optimizer().iterations(), resumed.optimizer().iterations());
    assertEquals(reference.optimizer().learningRate(), resumed.optimizer().learningRate());
    assertTrue(reference.optimizer().learningRate() < 0.05f, "the scheduler lowered the rate, so the "
        + "restored rate is checked");
    assertEquals(reference.trainingStep(), resumed.trainingStep());
    assertFalse(Files.exists(backup), "a normal end deletes the backup");
  }

  @Test
  void a_fit_interrupted_after_an_epoch_resumes_bit_for_bit() throws IOException {
    resumesExactly(new Crash(2, -1));
  }

  @Test
  void a_fit_interrupted_mid_epoch_reruns_that_epoch_bit_for_bit() throws IOException {
    resumesExactly(new Crash(3, 4));
  }

  @Test
  void a_process_killed_mid_fit_resumes_bit_for_bit_in_a_new_process() throws Exception {
    Path backup = dir.resolve("killed");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), KilledChild.class.getName(),
        backup.toString()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the child ended");
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(137, p.exitValue(), "the child halted abruptly mid-epoch: " + out);
    Sequential reference = model();
    reference.fit(X, Y, options(plateau()));
    Sequential resumed = model();
    History rest = resumed.fit(X, Y, options(plateau(), new BackupAndRestore(backup)));
    assertEquals(EPOCHS - 3, rest.epochs(), "epochs 0..2 were backed up before the kill in epoch 3");
    for (int i = 0; i < reference.getWeights().size(); i++) {
      assertArrayEquals(reference.getWeights().get(i), resumed.getWeights().get(i), 0f, "weight " + i);
    }
  }

  /** A child JVM that fits with a backup and halts (no cleanup, like a kill) in the middle of epoch 3. */
  public static final class KilledChild {
    private KilledChild() {
    }

    /** Argument: the backup folder. */
    public static void main(String[] args) {
      Callback kill = new Callback() {
        private int epoch;

        @Override
        public void onEpochBegin(int e, TrainingControl control) {
          epoch = e;
        }

        @Override
        public void onBatchEnd(int batch, Map<String, Double> logs, TrainingControl control) {
          if (epoch == 3 && batch == 2) {
            Runtime.getRuntime().halt(137);
          }
        }
      };
      model().fit(X, Y, options(plateau(), new BackupAndRestore(Path.of(args[0])), kill));
    }
  }

  @Test
  void a_backup_of_another_model_is_refused_naming_the_file() {
    Path backup = dir.resolve("b");
    Sequential first = model();
    assertThrows(IllegalStateException.class,
        () -> first.fit(X, Y, options(new BackupAndRestore(backup), new Crash(0, -1))));
    Sequential other = new Sequential(Input.shape(4), new Dense(3, "relu"), new Dense(1, "sigmoid"));
    other.compile(new Adam(0.05), Losses.get("binary_crossentropy"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> other.fit(X, Y, options(new BackupAndRestore(backup))));
    assertTrue(e.getMessage().contains(BackupAndRestore.FILE_NAME) && e.getMessage().contains("delete it"),
        e.getMessage());
  }

  @Test
  void a_damaged_backup_is_reported_not_used() throws IOException {
    Path backup = dir.resolve("c");
    Files.createDirectories(backup);
    Files.write(backup.resolve(BackupAndRestore.FILE_NAME), new byte[] {0, 9, 'D', '4', 'J', 'B', 'A', 'C', 'K'});
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> model().fit(X, Y, options(new BackupAndRestore(backup))));
    assertTrue(e.getMessage().contains(BackupAndRestore.FILE_NAME), e.getMessage());
  }

  @Test
  void keep_the_backup_when_asked() {
    Path backup = dir.resolve("d");
    model().fit(X, Y, options(new BackupAndRestore(backup, false)));
    assertTrue(Files.isRegularFile(backup.resolve(BackupAndRestore.FILE_NAME)));
  }
}
