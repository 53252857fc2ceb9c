package org.dropout4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
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

/**
 * TensorBoard event files: the TFRecord checksum is CRC-32C (check value of "123456789" = 0xE3069283), and
 * TensorBoard's own reader ({@code EventAccumulator} of the {@code tensorboard} Python package) reads back every
 * epoch scalar under {@code train/} and {@code validation/} with the History's values (float32) at step = epoch.
 * The reader test runs the Python named by the environment variable {@code DROPOUT4J_PYTHON} (default
 * {@code python3}) and is skipped when that Python has no {@code tensorboard} package.
 */
class TensorBoardTest {
  @TempDir
  Path dir;

  @Test
  void recordChecksumIsCrc32c() {
    CRC32C c = new CRC32C();
    c.update("123456789".getBytes(StandardCharsets.US_ASCII));
    assertEquals(0xE3069283L, c.getValue());
    int raw = (int) c.getValue();
    assertEquals(((raw >>> 15) | (raw << 17)) + 0xa282ead8,
        TensorBoard.maskedCrc("123456789".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void tensorBoardsOwnReaderReadsTheEpochScalars() throws IOException, InterruptedException {
    String python = System.getenv().getOrDefault("DROPOUT4J_PYTHON", "python3");
    assumeTrue(run(List.of(python, "-c", "import tensorboard")) == 0, python + " has no tensorboard package");
    float[] xv = new float[24];
    float[] yv = new float[12];
    for (int i = 0; i < 12; i++) {
      xv[2 * i] = (float) Math.sin(i);
      xv[2 * i + 1] = (float) Math.cos(3 * i);
      yv[i] = xv[2 * i] > xv[2 * i + 1] ? 1f : 0f;
    }
    Tensor x = Tensor.of(Shape.of(12, 2), xv);
    Tensor y = Tensor.of(Shape.of(12, 1), yv);
    Sequential m = new Sequential(Input.shape(2), new Dense(4, "relu"), new Dense(1, "sigmoid"));
    m.setRandomSeed(3);
    m.compile(new Adam(0.01), Losses.binaryCrossentropy(false), "accuracy");
    Path logs = dir.resolve("logs");
    History h = m.fit(x, y, FitOptions.builder().epochs(3).batchSize(4).verbose(0).validationData(x, y)
        .callbacks(new TensorBoard(logs)).build());
    Path script = dir.resolve("read.py");
    Files.writeString(script, String.join("\n",
        "import sys",
        "from tensorboard.backend.event_processing import event_accumulator as ea",
        "from tensorboard.util import tensor_util",
        "for part in ['train', 'validation']:",
        "    acc = ea.EventAccumulator(sys.argv[1] + '/' + part)",
        "    acc.Reload()",
        "    for tag in sorted(acc.Tags()['tensors']):",
        "        for e in acc.Tensors(tag):",
        "            print(part, tag, e.step, float(tensor_util.make_ndarray(e.tensor_proto)))",
        ""));
    Path out = dir.resolve("out.txt");
    ProcessBuilder pb = new ProcessBuilder(python, script.toString(), logs.toString()).redirectOutput(out.toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
    Process p = pb.start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "reader finished");
    assertEquals(0, p.exitValue(), () -> "reader failed: " + readQuietly(dir.resolve("err.txt")));
    List<String> lines = Files.readAllLines(out);
    int checked = 0;
    for (String line : lines) {
      String[] f = line.split(" ");
      String key = (f[0].equals("validation") ? "val_" : "") + f[1].substring("epoch_".length());
      int step = Integer.parseInt(f[2]);
      double value = Double.parseDouble(f[3]);
      if (key.equals("learning_rate")) {
        assertEquals(0.01f, (float) value, 0f, line);
      } else {
        assertEquals(h.get(key).get(step).floatValue(), (float) value, 0f, line);
      }
      checked++;
    }
    // train: accuracy, loss, learning_rate; validation: accuracy, loss; 3 epochs each
    assertEquals(15, checked, "scalars read back: " + lines);
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static int run(List<String> command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(300, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
