package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.NpyFile;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dropout4j fit} on a {@code .keras} file saved compiled by real Keras 3.15 (the training goldens of
 * dropout4j-io): with the file's own compile config (here Adam with a cosine-decay warmup schedule, and class
 * weights given on the command line) it reaches the weights Keras reached, within 2e-4 (+1e-3 relative), and
 * writes model.d4j, history.csv and the CSV log.
 */
class FitCommandTest {
  private static final Path GOLDEN = Path.of("../dropout4j-io/src/test/resources/golden/training");

  @TempDir
  Path dir;

  private static Tensor matrix(JsonNode rows) {
    List<Float> v = new ArrayList<>();
    rows.forEach(r -> r.forEach(e -> v.add(e.floatValue())));
    float[] a = new float[v.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = v.get(i);
    }
    return Tensor.of(Shape.of(rows.size(), rows.get(0).size()), a);
  }

  private void reproduces(String name, String... extra) throws IOException {
    JsonNode g = new ObjectMapper().readTree(GOLDEN.resolve(name + ".json").toFile());
    NpyFile.write(matrix(g.get("x")), dir.resolve("x.npy"));
    NpyFile.write(matrix(g.get("y")), dir.resolve("y.npy"));
    List<String> args = new ArrayList<>(List.of("fit", GOLDEN.resolve(name + ".keras").toString(), "--x",
        dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(), "--epochs",
        g.get("epochs").asText(), "--batch-size", g.get("batch_size").asText(), "--no-shuffle", "--verbose", "0",
        "--csv-log", dir.resolve("log.csv").toString(), "--out", dir.resolve(name).toString()));
    args.addAll(List.of(extra));
    assertEquals(0, Main.run(args.toArray(new String[0])));
    Sequential trained = ModelArchive.load(dir.resolve(name).resolve("model.d4j"));
    JsonNode expected = g.get("trained_weights");
    List<float[]> actual = trained.getWeights();
    for (int i = 0; i < actual.size(); i++) {
      List<Float> e = new ArrayList<>();
      expected.get(i).forEach(n -> {
        if (n.isArray()) {
          n.forEach(m -> e.add(m.floatValue()));
        } else {
          e.add(n.floatValue());
        }
      });
      for (int k = 0; k < e.size(); k++) {
        assertEquals(e.get(k), actual.get(i)[k], 2e-4 + 1e-3 * Math.abs(e.get(k)), name + " weight " + i + "[" + k
            + "]");
      }
    }
    assertTrue(Files.readAllLines(dir.resolve(name).resolve("history.csv")).get(0).startsWith("epoch,"));
    assertEquals(Integer.parseInt(g.get("epochs").asText()) + 1, Files.readAllLines(dir.resolve("log.csv")).size());
  }

  @Test
  void fitsAKerasFileWithItsScheduleAsKerasDid() throws IOException {
    reproduces("adam_cosine_warmup");
  }

  @Test
  void classWeightsFromTheCommandLineWeightTheLossAsKeras() throws IOException {
    reproduces("class_weight", "--class-weight", "0:0.3,1:2.0");
  }

  @Test
  void streamingTheNpyFilesInChunksReachesKerasWeightsToo() throws IOException {
    reproduces("adam_cosine_warmup", "--stream");
    reproduces("class_weight", "--stream", "--class-weight", "0:0.3,1:2.0");
  }

  @Test
  void tensorboardWithHistogramsWritesEveryWeightsHistogram() throws IOException {
    Path logs = dir.resolve("tb");
    reproduces("adam_cosine_warmup", "--tensorboard", logs.toString(), "--histogram-freq", "1");
    List<Path> files;
    try (var s = Files.list(logs.resolve("train"))) {
      files = s.toList();
    }
    assertEquals(1, files.size(), files.toString());
    String text = new String(Files.readAllBytes(files.get(0)), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(text.contains("/kernel/histogram") && text.contains("histograms"), "histogram events");
    assertTrue(text.contains("epoch_loss"), "scalars still written");
  }

  @Test
  void streamedSampleWeightsComeFromTheirOwnNpyFile() throws IOException {
    JsonNode g = new ObjectMapper().readTree(GOLDEN.resolve("sample_weight.json").toFile());
    float[] w = new float[g.get("sample_weight").size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = g.get("sample_weight").get(i).floatValue();
    }
    NpyFile.write(Tensor.of(Shape.of(w.length), w), dir.resolve("w.npy"));
    reproduces("sample_weight", "--stream", "--sample-weight", dir.resolve("w.npy").toString());
  }
}
