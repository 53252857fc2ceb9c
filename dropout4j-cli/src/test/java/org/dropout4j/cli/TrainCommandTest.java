package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dropout4j.data.Idx;
import org.dropout4j.data.IdxArray;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.layers.LSTM;
import org.dropout4j.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dropout4j train} in-process on tiny IDX files written by the test. */
class TrainCommandTest {
  @TempDir
  Path dir;

  private static String captureErr(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** {@code n} 28x28 images: class k has a bright 7-pixel-wide vertical band at column 2 + 2k, on weak noise. */
  private static void writeBands(Path dir, String prefix, int n) throws IOException {
    byte[] px = new byte[n * 784];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int k = i % 10;
      labels[i] = (byte) k;
      for (int p = 0; p < 784; p++) {
        int col = p % 28;
        px[i * 784 + p] = (byte) (col >= 2 + 2 * k && col < 9 + 2 * k ? 250 : (i * 31 + p * 17) % 40);
      }
    }
    Idx.write(new IdxArray(new int[] {n, 28, 28}, px), dir.resolve(prefix + "-images-idx3-ubyte.gz"));
    Idx.write(new IdxArray(new int[] {n}, labels), dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
  }

  @Test
  void train_mlp_onTinyIdxFiles_writesCurvesHistoryAndSummary() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    writeBands(data, "train", 200);
    writeBands(data, "t10k", 50);
    Path out = dir.resolve("run");
    assertEquals(0, Main.run("train", "--data-dir", data.toString(), "--model", "mlp", "--epochs", "3",
        "--batch-size", "20", "--seed", "3", "--verbose", "0", "--out", out.toString()));
    for (String f : new String[] {"learning_curves_accuracy.png", "learning_curves_accuracy.svg",
        "learning_curves_loss.png", "histories.csv", "summary.json"}) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(200, summary.get("train_rows").asInt(), "the word of --train-rows");
    assertEquals(50, summary.get("test_rows").asInt());
    assertEquals("preset", summary.get("rate").asText(), "no --rate: the preset's rates");
    assertEquals(3, summary.get("epoch_seconds").size());
    assertTrue(summary.get("test_accuracy").asDouble() > 0.5, summary.toString());
    assertTrue(Files.readAllLines(out.resolve("histories.csv")).get(0).contains("val_accuracy"));
    Sequential saved = ModelArchive.load(out.resolve("model.d4j"));
    assertEquals(784 * 512 + 512 + 512 * 512 + 512 + 5130, saved.countParams());
    assertEquals(3 * 200 / 20, saved.optimizer().iterations(), "the trained model, with its optimizer state");
  }

  @Test
  void train_lstm_onTinyIdxFiles_learnsTheBandsAndSavesTheModel() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    writeBands(data, "train", 100);
    writeBands(data, "t10k", 30);
    Path out = dir.resolve("run");
    assertEquals(0, Main.run("train", "--data-dir", data.toString(), "--model", "lstm", "--epochs", "3",
        "--batch-size", "20", "--seed", "3", "--verbose", "0", "--out", out.toString()));
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("lstm", summary.get("model").asText());
    assertEquals(3, summary.get("epoch_seconds").size());
    assertTrue(summary.get("test_accuracy").asDouble() > 0.3, summary.toString());
    Sequential saved = ModelArchive.load(out.resolve("model.d4j"));
    assertEquals(4 * (128 * (28 + 128) + 128) + 1290, saved.countParams());
    assertEquals(3 * 100 / 20, saved.optimizer().iterations());
  }

  @Test
  void train_noValidate_evaluatesOnlyAtTheEnd() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    writeBands(data, "train", 40);
    writeBands(data, "t10k", 20);
    Path out = dir.resolve("run");
    assertEquals(0, Main.run("train", "--data-dir", data.toString(), "--epochs", "1", "--batch-size", "20",
        "--no-validate", "--verbose", "0", "--out", out.toString()));
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(false, summary.get("validation_each_epoch").asBoolean());
    assertTrue(summary.has("test_accuracy"));
    assertTrue(!Files.readAllLines(out.resolve("histories.csv")).get(0).contains("val_"));
  }

  @Test
  void train_withoutTheDataSet_exits1AndSaysHowToInstallIt() {
    int[] code = new int[1];
    String err = captureErr(() -> code[0] = Main.run("train", "--data-dir", dir.resolve("none").toString(),
        "--out", dir.resolve("o").toString()));
    assertEquals(1, code[0]);
    assertTrue(err.contains("Fashion-MNIST not found") && err.contains("apt-get install -y dataset-fashion-mnist"),
        err);
  }

  @Test
  void train_unknownModel_exits1AndNamesTheChoices() {
    int[] code = new int[1];
    String err = captureErr(() -> code[0] = Main.run("train", "--model", "resnet", "--out", dir.toString()));
    assertEquals(1, code[0]);
    assertTrue(err.contains("expected mlp, cnn or lstm, received resnet"), err);
  }

  @Test
  void presets_haveTheKerasExampleParameterCounts() {
    Sequential mlp = TrainCommand.preset("mlp", null, 1);
    mlp.summary();
    assertEquals(784 * 512 + 512 + 512 * 512 + 512 + 5130, mlp.countParams());
    Sequential cnn = TrainCommand.preset("cnn", 0.3f, 1);
    cnn.summary();
    assertEquals(1_199_882, cnn.countParams());
    Sequential lstm = TrainCommand.preset("lstm", 0.3f, 1);
    lstm.summary();
    assertEquals(81_674, lstm.countParams());
    LSTM layer = (LSTM) lstm.layers().stream().filter(l -> l instanceof LSTM).findFirst().orElseThrow();
    assertEquals(0.3f, ((Number) layer.getConfig().get("dropout")).floatValue());
    assertEquals(0.3f, ((Number) layer.getConfig().get("recurrent_dropout")).floatValue());
  }
}
