package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {
  @TempDir
  Path dir;

  private static final Tensor X = data(40, 3, 1);
  private static final Tensor Y = labels(X);

  static Tensor data(int n, int d, int salt) {
    float[] v = new float[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(1.7 * i + salt) * 1.5f;
    }
    return Tensor.of(Shape.of(n, d), v);
  }

  static Tensor labels(Tensor x) {
    int n = x.shape().dim(0);
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = x.get(i, 0) * x.get(i, 1) > 0 ? 1f : 0f;
    }
    return Tensor.of(Shape.of(n, 1), y);
  }

  static Sequential newModel(String optimizer) {
    Sequential m = new Sequential(Input.shape(3), new Dropout(0.1f), Dense.builder(16).activation("relu")
        .kernelConstraint(new MaxNorm(2f)).build(), new Dropout(0.3f), new Dense(1, "sigmoid"));
    m.setRandomSeed(42);
    m.compile(optimizer, "binary_crossentropy", "accuracy");
    return m;
  }

  static FitOptions epochs(int n) {
    return FitOptions.builder().epochs(n).batchSize(8).verbose(0).build();
  }

  static void assertSameWeights(Sequential a, Sequential b) {
    List<float[]> wa = a.getWeights();
    List<float[]> wb = b.getWeights();
    assertEquals(wa.size(), wb.size());
    for (int i = 0; i < wa.size(); i++) {
      for (int j = 0; j < wa.get(i).length; j++) {
        assertEquals(Float.floatToRawIntBits(wa.get(i)[j]), Float.floatToRawIntBits(wb.get(i)[j]),
            "weight " + i + " element " + j);
      }
    }
  }

  @Test
  void training_resumed_from_a_file_is_bitwise_identical_to_uninterrupted_training() throws IOException {
    for (String optimizer : List.of("adam", "sgd", "rmsprop")) {
      Sequential straight = newModel(optimizer);
      straight.fit(X, Y, epochs(5));

      Sequential first = newModel(optimizer);
      first.fit(X, Y, epochs(3));
      Path file = dir.resolve(optimizer + ".d4j");
      ModelArchive.save(first, file);
      Sequential resumed = ModelArchive.load(file);
      resumed.fit(X, Y, epochs(2));

      assertSameWeights(straight, resumed);
      assertEquals(straight.trainingStep(), resumed.trainingStep());
      assertEquals(straight.optimizer().iterations(), resumed.optimizer().iterations());
      assertEquals(ModelJson.toJson(straight), ModelJson.toJson(resumed));
    }
  }

  @Test
  void loaded_model_predicts_like_the_saved_one_and_keeps_compile_config() throws IOException {
    Sequential m = newModel("adam");
    m.fit(X, Y, epochs(1));
    Path file = dir.resolve("m.d4j");
    ModelArchive.save(m, file);
    Sequential back = ModelArchive.load(file);
    assertArrayEquals(m.predict(X).toArray(), back.predict(X).toArray());
    assertEquals(m.seed(), back.seed());
    assertEquals(List.of("accuracy"), back.metrics());
    assertEquals(m.optimizer().getConfig(), back.optimizer().getConfig());
    assertEquals(m.loss().getConfig(), back.loss().getConfig());
  }

  @Test
  void uncompiled_built_model_round_trips() throws IOException {
    Sequential m = new Sequential(Input.shape(2), new Dense(3, "tanh"));
    m.build(Shape.batchOf(2));
    Path file = dir.resolve("plain.d4j");
    ModelArchive.save(m, file);
    Sequential back = ModelArchive.load(file);
    assertSameWeights(m, back);
    assertEquals(null, back.optimizer());
  }

  @Test
  void truncated_file_fails_with_a_clear_error() throws IOException {
    Sequential m = newModel("adam");
    m.fit(X, Y, epochs(1));
    Path file = dir.resolve("t.d4j");
    ModelArchive.save(m, file);
    byte[] all = Files.readAllBytes(file);
    for (int cut : new int[] {all.length - 10, all.length / 2, 100}) {
      Path bad = dir.resolve("cut" + cut + ".d4j");
      Files.write(bad, Arrays.copyOf(all, cut));
      IOException e = assertThrows(IOException.class, () -> ModelArchive.load(bad));
      assertTrue(e.getMessage().contains("truncated or damaged") && e.getMessage().contains("no model was loaded"),
          e.getMessage());
    }
  }

  @Test
  void altered_weight_byte_fails_the_crc_check() throws IOException {
    Sequential m = newModel("adam");
    m.build(Shape.batchOf(3));
    Path file = dir.resolve("a.d4j");
    ModelArchive.save(m, file);
    byte[] all = Files.readAllBytes(file);
    int at = indexOf(all, "weights.bin".getBytes(StandardCharsets.US_ASCII)) + 20;
    all[at] ^= 0x40;
    Files.write(file, all);
    IOException e = assertThrows(IOException.class, () -> ModelArchive.load(file));
    assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
  }

  @Test
  void unknown_format_version_names_found_and_newest_supported() throws IOException {
    Path file = dir.resolve("future.d4j");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
      z.putNextEntry(new ZipEntry(ModelArchive.MANIFEST));
      z.write("{\"format\":\"dropout4j-model\",\"format_version\":7,\"generated_by\":\"dropout4j 9.0\"}"
          .getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    IOException e = assertThrows(IOException.class, () -> ModelArchive.load(file));
    assertTrue(e.getMessage().contains("unsupported format_version 7") && e.getMessage().contains("newest supported: "
        + ModelArchive.FORMAT_VERSION), e.getMessage());
  }

  @Test
  void a_file_that_is_not_a_model_is_refused() throws IOException {
    Path file = dir.resolve("notes.d4j");
    Files.writeString(file, "hello");
    IOException e = assertThrows(IOException.class, () -> ModelArchive.load(file));
    assertTrue(e.getMessage().contains("not a dropout4j model file"), e.getMessage());
  }

  @Test
  void saving_leaves_no_temporary_file_and_replaces_the_target() throws IOException {
    Sequential m = newModel("sgd");
    m.build(Shape.batchOf(3));
    Path file = dir.resolve("x.d4j");
    Files.writeString(file, "old");
    ModelArchive.save(m, file);
    ModelArchive.load(file);
    try (var s = Files.list(dir)) {
      assertEquals(List.of(file), s.toList());
    }
  }

  @Test
  void saved_file_is_readable_by_others_like_a_normal_file() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Sequential m = newModel("sgd");
    m.build(Shape.batchOf(3));
    Path file = dir.resolve("p.d4j");
    ModelArchive.save(m, file);
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(file)));
  }

  @Test
  void unbuilt_model_cannot_be_saved() {
    Sequential m = new Sequential(Input.shape(2), new Dense(1));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ModelArchive.save(m, dir.resolve("u.d4j")));
    assertTrue(e.getMessage().contains("not built"), e.getMessage());
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    int last = -1;
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      last = i;
      break;
    }
    return last;
  }
}
