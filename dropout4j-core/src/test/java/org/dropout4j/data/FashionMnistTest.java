package org.dropout4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  @TempDir
  Path dir;

  /** Writes a tiny MNIST-style set: {@code n} images of 3x2 whose pixel values encode (image, position). */
  private void writeTinySet(String prefix, int n, boolean gzip) throws IOException {
    byte[] px = new byte[n * 6];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7 % 256);
    }
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (i % 10);
    }
    String gz = gzip ? ".gz" : "";
    Idx.write(new IdxArray(new int[] {n, 3, 2}, px), dir.resolve(prefix + "-images-idx3-ubyte" + gz));
    Idx.write(new IdxArray(new int[] {n}, labels), dir.resolve(prefix + "-labels-idx1-ubyte" + gz));
  }

  @Test
  void load_readsRawAndGzippedFilesFromADirectory() throws IOException {
    writeTinySet("train", 12, true);
    writeTinySet("t10k", 5, false);
    TrainTest<LabeledImages> data = FashionMnist.load(dir);
    assertEquals(12, data.train().size());
    assertEquals(5, data.test().size());
    assertEquals(3, data.train().height());
    assertEquals(2, data.train().width());
    assertEquals(9, data.train().label(9));
    assertEquals((6 * 4 + 2 * 2 + 1) * 7 % 256, data.train().pixel(4, 2, 1));
    Tensor x = data.test().images(1f / 255);
    assertEquals(Shape.of(5, 3, 2, 1), x.shape());
    assertEquals(7f / 255, x.get(1), 1e-7);
    assertArrayEquals(new float[] {0, 1, 2, 3, 4}, data.test().labels().toArray());
  }

  @Test
  void missingFiles_errorNamesThemAndTheAptCommand() throws IOException {
    writeTinySet("train", 3, true);
    MissingDataException e = assertThrows(MissingDataException.class, () -> FashionMnist.load(dir));
    String m = e.getMessage();
    assertTrue(m.contains("t10k-images-idx3-ubyte[.gz]") && m.contains("t10k-labels-idx1-ubyte[.gz]"), m);
    assertTrue(!m.contains("train-images"), m);
    assertTrue(m.contains("apt-get install -y dataset-fashion-mnist"), m);
    assertTrue(m.contains(FashionMnist.ENV_VAR), m);
  }

  @Test
  void missingDirectory_isSaidSo() {
    MissingDataException e = assertThrows(MissingDataException.class,
        () -> FashionMnist.load(dir.resolve("nowhere")));
    assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("dataset-fashion-mnist"),
        e.getMessage());
  }

  @Test
  void labelCountDifferentFromImageCount_isAnError() throws IOException {
    writeTinySet("train", 4, false);
    writeTinySet("t10k", 4, false);
    Idx.write(new IdxArray(new int[] {3}, new byte[3]), dir.resolve("t10k-labels-idx1-ubyte"));
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().contains("expected 4 labels"), e.getMessage());
  }

  @Test
  void labelOutOfRange_isAnError() throws IOException {
    writeTinySet("train", 4, false);
    writeTinySet("t10k", 4, false);
    Idx.write(new IdxArray(new int[] {4}, new byte[] {0, 1, 10, 2}), dir.resolve("t10k-labels-idx1-ubyte"));
    IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir));
    assertTrue(e.getMessage().contains("label 10 of sample 2"), e.getMessage());
  }

  @Test
  void defaultDirectory_isTheEnvironmentVariableElseDebians() {
    assertEquals(Path.of("/data/f"), FashionMnist.defaultDirectory(Map.of(FashionMnist.ENV_VAR, "/data/f")));
    assertEquals(Path.of(FashionMnist.DEBIAN_DIRECTORY), FashionMnist.defaultDirectory(Map.of()));
  }

  @Test
  void realDataSet_hasTheDocumentedSizes() throws IOException {
    Path debian = FashionMnist.defaultDirectory();
    assumeTrue(Files.isRegularFile(debian.resolve("t10k-labels-idx1-ubyte.gz")), "Fashion-MNIST not installed");
    TrainTest<LabeledImages> data = FashionMnist.load(debian);
    assertEquals(60000, data.train().size());
    assertEquals(10000, data.test().size());
    assertEquals(28, data.test().height());
    int[] counts = new int[10];
    for (int y : data.test().labelArray()) {
      counts[y]++;
    }
    assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, counts);
  }
}
