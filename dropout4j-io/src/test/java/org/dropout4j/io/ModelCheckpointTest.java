package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModelCheckpoint: Keras' file-name placeholders, save_best_only by the monitored value, .d4j and .keras targets. */
class ModelCheckpointTest {
  @TempDir
  Path dir;

  @Test
  void saveBestOnly_keepsTheBestEpochsModelWithItsOptimizerState() throws IOException {
    float[] xv = new float[20];
    float[] yv = new float[10];
    for (int i = 0; i < 10; i++) {
      xv[2 * i] = (float) Math.sin(i);
      xv[2 * i + 1] = (float) Math.cos(i);
      yv[i] = xv[2 * i] - xv[2 * i + 1];
    }
    Tensor x = Tensor.of(Shape.of(10, 2), xv);
    Tensor y = Tensor.of(Shape.of(10, 1), yv);
    Sequential m = new Sequential(Input.shape(2), new Dense(3, "tanh"), new Dense(1));
    m.setRandomSeed(9);
    m.compile(new Adam(0.05), Losses.meanSquaredError());
    ModelCheckpoint best = new ModelCheckpoint(m, dir.resolve("best.d4j"), "loss", "auto", true, 0);
    ModelCheckpoint every = new ModelCheckpoint(m, dir.resolve("m-{epoch:02d}-{loss:.3f}.d4j"), "loss", "min", false,
        0);
    History h = m.fit(x, y, FitOptions.builder().epochs(4).batchSize(5).shuffle(false).verbose(0)
        .callbacks(best, every).build());
    List<Double> loss = h.get("loss");
    double min = loss.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertEquals(min, best.best(), 0.0);
    for (int e = 1; e <= 4; e++) {
      Path p = dir.resolve(String.format(java.util.Locale.ROOT, "m-%02d-%.3f.d4j", e, loss.get(e - 1)));
      assertTrue(Files.exists(p), p.toString());
    }
    int bestEpoch = loss.indexOf(min) + 1;
    Sequential atBest = ModelArchive.load(dir.resolve("best.d4j"));
    Sequential sameEpoch = ModelArchive.load(dir.resolve(String.format(java.util.Locale.ROOT, "m-%02d-%.3f.d4j",
        bestEpoch, min)));
    for (int i = 0; i < atBest.getWeights().size(); i++) {
      assertArrayEquals(sameEpoch.getWeights().get(i), atBest.getWeights().get(i));
    }
    assertEquals(bestEpoch * 2L, atBest.optimizer().iterations(), "optimizer state saved with the model");
  }

  @Test
  void legacyH5TargetIsRefusedNamingTheFormats() {
    Sequential m = new Sequential(Input.shape(2), new Dense(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelCheckpoint(m, dir.resolve("m.h5"), "val_loss", "auto", true, 0));
    assertTrue(e.getMessage().contains(".keras") && e.getMessage().contains(".d4j"), e.getMessage());
  }

  @Test
  void kerasTargetWritesAKeras3FileEachEpochThatLoadsBack() throws Exception {
    Sequential m = new Sequential(Input.shape(2), new Dense(3, "relu"), new Dense(1));
    m.setRandomSeed(4);
    m.compile("sgd", "mse");
    Tensor x = Tensor.of(Shape.of(4, 2), 0, 1, 1, 0, 1, 1, 0, 0);
    Tensor y = Tensor.of(Shape.of(4, 1), 1, 1, 0, 0);
    ModelCheckpoint cp = new ModelCheckpoint(m, dir.resolve("ep{epoch:02d}.keras"), "loss", "auto", false, 0);
    m.fit(x, y, org.dropout4j.models.FitOptions.builder().epochs(2).batchSize(4).verbose(0).callbacks(cp).build());
    assertEquals(dir.resolve("ep02.keras"), cp.lastSaved());
    Sequential back = KerasImport.load(cp.lastSaved());
    assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), 1e-6f);
    assertEquals("SGD", ((Map<?, ?>) KerasCompile.read(cp.lastSaved()).get("optimizer")).get("class_name"));
  }

  @Test
  void filepathFormatsLikePython() {
    assertEquals("w-03-0.12.d4j", ModelCheckpoint.format("w-{epoch:02d}-{val_loss:.2f}.d4j", 3,
        Map.of("val_loss", 0.1234)));
    assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.format("{nope}.d4j", 1, Map.of()));
  }
}
