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

  @Test
  void histogramBucketsFollowTfSummaryHistogram() {
    // 30 equal buckets over [0, 3]: 1 and 2 lie on inner edges and count to the right, 3 (the maximum) in the last
    double[] b = TensorBoard.buckets(new float[] {0f, 1f, 2f, 3f, 0.05f});
    assertEquals(90, b.length);
    assertEquals(2, b[2], 0, "0 and 0.05 in bucket 0");
    assertEquals(1, b[3 * 10 + 2], 0, "1 in bucket 10");
    assertEquals(1, b[3 * 20 + 2], 0, "2 in bucket 20");
    assertEquals(1, b[3 * 29 + 2], 0, "3 in the last bucket");
    assertEquals(0.1, b[3], 1e-15, "left edge of bucket 1");
    assertEquals(3.0, b[3 * 29 + 1], 0, "the last right edge is the maximum");
    double[] constant = TensorBoard.buckets(new float[] {0.25f, 0.25f, 0.25f});
    for (int i = 0; i < 30; i++) {
      assertEquals(0.25, constant[3 * i], 0);
      assertEquals(0.25, constant[3 * i + 1], 0);
      assertEquals(i == 29 ? 3 : 0, constant[3 * i + 2], 0);
    }
  }

  @Test
  void tensorBoardsOwnReaderReadsTheWeightHistograms() throws IOException, InterruptedException {
    String python = System.getenv().getOrDefault("DROPOUT4J_PYTHON", "python3");
    assumeTrue(run(List.of(python, "-c", "import tensorboard")) == 0, python + " has no tensorboard package");
    float[] xv = new float[40];
    for (int i = 0; i < 40; i++) {
      xv[i] = (float) Math.sin(1.7 * i);
    }
    Tensor x = Tensor.of(Shape.of(20, 2), xv);
    Sequential m = new Sequential(Input.shape(2), new Dense(5, "relu"), new Dense(1));
    m.setRandomSeed(9);
    m.compile(new Adam(0.05), Losses.get("mse"));
    Path logs = dir.resolve("hlogs");
    m.fit(x, Tensor.of(Shape.of(20, 1), java.util.Arrays.copyOf(xv, 20)), FitOptions.builder().epochs(3)
        .batchSize(5).callbacks(new TensorBoard(logs, 2)).build());
    StringBuilder weights = new StringBuilder();
    for (int i = 0; i < m.weights().size(); i++) {
      weights.append(m.name()).append('/').append(m.weights().get(i).name());
      for (float v : m.getWeights().get(i)) {
        weights.append(' ').append(v);
      }
      weights.append('\n');
    }
    Files.writeString(dir.resolve("weights.txt"), weights);
    Path script = dir.resolve("hist.py");
    Files.writeString(script, String.join("\n",
        "import sys, numpy as np",
        "from tensorboard.backend.event_processing import event_accumulator as ea",
        "from tensorboard.plugins.histogram import summary_v2",
        "from tensorboard.util import tensor_util",
        "acc = ea.EventAccumulator(sys.argv[1] + '/train', size_guidance={ea.TENSORS: 0})",
        "acc.Reload()",
        "final = {}",
        "for line in open(sys.argv[2]):",
        "    parts = line.split()",
        "    final[parts[0] + '/histogram'] = np.array([float(v) for v in parts[1:]], dtype=np.float32)",
        "for tag in sorted(t for t in acc.Tags()['tensors'] if t.endswith('/histogram')):",
        "    events = acc.Tensors(tag)",
        "    got = tensor_util.make_ndarray(events[-1].tensor_proto)",
        "    ref = tensor_util.make_ndarray(summary_v2.histogram_pb(tag, final[tag]).value[0].tensor)",
        "    print(tag, [e.step for e in events], got.dtype, got.shape, float(np.max(np.abs(got - ref))))",
        ""));
    Path out = dir.resolve("hist.txt");
    ProcessBuilder pb = new ProcessBuilder(python, script.toString(), logs.toString(),
        dir.resolve("weights.txt").toString()).redirectOutput(out.toFile()).redirectError(dir.resolve("herr.txt")
        .toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
    Process p = pb.start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "reader finished");
    assertEquals(0, p.exitValue(), () -> "reader failed: " + readQuietly(dir.resolve("herr.txt")));
    List<String> lines = Files.readAllLines(out);
    assertEquals(List.of("sequential/dense/bias/histogram", "sequential/dense/kernel/histogram",
        "sequential/dense_1/bias/histogram", "sequential/dense_1/kernel/histogram"),
        lines.stream().map(l -> l.split(" ")[0]).toList(), String.join("\n", lines));
    for (String line : lines) {
      assertTrue(line.contains("[0, 2] float64 (30, 3) "), "steps 0 and 2 (histogram_freq=2), (30, 3) float64: "
          + line);
      // the last histogram equals TensorBoard's own bucketing of the final weights (histogram_pb, numpy)
      assertTrue(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) < 1e-12, line);
    }
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
