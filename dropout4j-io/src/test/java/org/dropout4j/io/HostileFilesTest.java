package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dropout4j.layers.Dense;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Untrusted model files: tiny files declaring huge models are refused before their weights are allocated, files
 * outside a model folder are never read, and every refusal is one {@link IOException} naming the file and what was
 * expected versus found. Each probe must end within 20 s (the contract of the hostile-input suite) and, since the
 * refused models would need 8 GB, without allocating them.
 */
class HostileFilesTest {
  /** Dense(40000) on 50000 inputs: 2e9 kernel values, 8 GB. */
  private static final String HUGE_DENSE = "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": "
      + "40000, \"batch_input_shape\": [null, 50000]}}";

  @TempDir
  Path dir;

  private static IOException refused(Executable load) {
    return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(IOException.class, load));
  }

  private static void assertMentions(Throwable e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "expected \"" + p + "\" in: " + e.getMessage());
    }
  }

  private Path tfjs(String layers, String paths, String weights) throws IOException {
    Files.createDirectories(dir.resolve("m"));
    Files.writeString(dir.resolve("m/model.json"), "{\"format\": \"layers-model\", \"modelTopology\": {\"class_name\": "
        + "\"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" + layers + "]}}, \"weightsManifest\": [{\"paths\": "
        + paths + ", \"weights\": " + weights + "}]}");
    return dir.resolve("m");
  }

  private static final String SMALL_DENSE = "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 1, "
      + "\"batch_input_shape\": [null, 1]}}";
  private static final String SMALL_WEIGHTS = "[{\"name\": \"dense/kernel\", \"shape\": [1, 1], \"dtype\": "
      + "\"float32\"}, {\"name\": \"dense/bias\", \"shape\": [1], \"dtype\": \"float32\"}]";

  @Test
  void tfjs_model_json_declaring_a_huge_dense_over_a_tiny_shard_is_refused_before_building() throws IOException {
    Path m = tfjs(HUGE_DENSE, "[\"w.bin\"]", SMALL_WEIGHTS);
    Files.write(m.resolve("w.bin"), new byte[8]);
    IOException e = refused(() -> TfjsLayers.load(m));
    assertMentions(e, "model.json", "dense/kernel", "(50000, 40000)", "8 bytes of weight shards");
  }

  @Test
  void tfjs_shard_that_is_a_symlink_out_of_the_folder_is_refused_naming_it() throws IOException {
    Path m = tfjs(SMALL_DENSE, "[\"w.bin\"]", SMALL_WEIGHTS);
    Path secret = dir.resolve("secret.bin");
    Files.write(secret, new byte[8]);
    Files.createSymbolicLink(m.resolve("w.bin"), secret);
    IOException e = refused(() -> TfjsLayers.load(m));
    assertMentions(e, "symbolic link", "w.bin", "outside the model folder");
  }

  @Test
  void tfjs_shard_inside_a_symlinked_subfolder_leaving_the_folder_is_refused() throws IOException {
    Path m = tfjs(SMALL_DENSE, "[\"sub/w.bin\"]", SMALL_WEIGHTS);
    Files.createDirectories(dir.resolve("elsewhere"));
    Files.write(dir.resolve("elsewhere/w.bin"), new byte[8]);
    Files.createSymbolicLink(m.resolve("sub"), dir.resolve("elsewhere"));
    IOException e = refused(() -> TfjsLayers.load(m));
    assertMentions(e, "symbolic link", "sub", "outside the model folder");
  }

  @Test
  void tfjs_symlink_staying_inside_the_folder_is_read() throws IOException {
    Path m = tfjs(SMALL_DENSE, "[\"w.bin\"]", SMALL_WEIGHTS);
    Files.createDirectories(m.resolve("data"));
    Files.write(m.resolve("data/real.bin"), new byte[8]);
    Files.createSymbolicLink(m.resolve("w.bin"), Path.of("data/real.bin"));
    Sequential s = TfjsLayers.load(m);
    assertTrue(s.weights().size() == 2);
  }

  @Test
  void tfjs_manifest_naming_one_shard_many_times_is_refused_before_reading() throws IOException {
    StringBuilder paths = new StringBuilder("[");
    for (int i = 0; i < 500; i++) {
      paths.append(i == 0 ? "" : ", ").append("\"w.bin\"");
    }
    Path m = tfjs(SMALL_DENSE, paths + "]", SMALL_WEIGHTS);
    Files.write(m.resolve("w.bin"), new byte[8]);
    IOException e = refused(() -> TfjsLayers.load(m));
    assertMentions(e, "w.bin", "more than once");
  }

  @Test
  void tfjs_model_json_with_invalid_utf8_names_the_file_and_byte_offset() throws IOException {
    Path m = tfjs(SMALL_DENSE, "[\"w.bin\"]", SMALL_WEIGHTS);
    byte[] text = Files.readAllBytes(m.resolve("model.json"));
    text[20] = (byte) 0xC3;
    text[21] = (byte) 0x28;
    Files.write(m.resolve("model.json"), text);
    IOException e = refused(() -> TfjsLayers.load(m));
    assertMentions(e, "model.json", "invalid UTF-8 at byte offset 20");
  }

  @Test
  void batch_input_shape_beyond_int_range_is_refused_not_truncated() throws IOException {
    Path m = tfjs(SMALL_DENSE.replace("[null, 1]", "[null, 4294967297]"), "[\"w.bin\"]", SMALL_WEIGHTS);
    Files.write(m.resolve("w.bin"), new byte[8]);
    IOException e = refused(() -> TfjsLayers.load(m));
    assertMentions(e, "batch_input_shape", "4294967297");
  }

  @Test
  void a_config_float_that_overflows_float32_is_refused() throws IOException {
    String layers = SMALL_DENSE + ", {\"class_name\": \"Dropout\", \"config\": {\"name\": \"d\", \"rate\": 1e-320}}";
    Path m = tfjs(layers, "[\"w.bin\"]", SMALL_WEIGHTS);
    Files.write(m.resolve("w.bin"), new byte[8]);
    IOException e = refused(() -> TfjsLayers.load(m));
    assertMentions(e, "rate", "float32");
  }

  // ------------------------------------------------------------------ .d4j

  private static void putStored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(bytes.length);
    e.setCompressedSize(bytes.length);
    CRC32 c = new CRC32();
    c.update(bytes);
    e.setCrc(c.getValue());
    zip.putNextEntry(e);
    zip.write(bytes);
    zip.closeEntry();
  }

  @Test
  void d4j_with_valid_crcs_declaring_a_huge_model_is_refused_before_building() throws IOException {
    Sequential small = new Sequential(new Dense(1));
    small.build(Shape.of(-1, 1));
    Path ok = dir.resolve("ok.d4j");
    ModelArchive.save(small, ok);
    String manifest;
    byte[] weights;
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(ok.toFile())) {
      manifest = new String(z.getInputStream(z.getEntry("d4j.json")).readAllBytes(), StandardCharsets.UTF_8);
      weights = z.getInputStream(z.getEntry("weights.bin")).readAllBytes();
    }
    String huge = manifest.replaceFirst("\"units\" : 1", "\"units\" : 40000")
        .replace("[ null, 1 ]", "[ null, 50000 ]");
    assertTrue(!huge.equals(manifest) && huge.contains("50000"), huge);
    Path bad = dir.resolve("huge.d4j");
    try (OutputStream out = Files.newOutputStream(bad); ZipOutputStream zip = new ZipOutputStream(out)) {
      putStored(zip, "d4j.json", huge.getBytes(StandardCharsets.UTF_8));
      putStored(zip, "weights.bin", weights);
      putStored(zip, "optimizer.bin", new byte[0]);
    }
    IOException e = refused(() -> ModelArchive.load(bad));
    assertMentions(e, "huge.d4j", "(50000, 40000)", "8 bytes of weights.bin");
  }

  @Test
  void unreadable_d4j_and_keras_zips_name_the_file() throws IOException {
    Path f = dir.resolve("broken.keras");
    Files.write(f, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0});
    assertMentions(refused(() -> KerasImport.load(f)), "broken.keras", "zip");
    Path g = dir.resolve("broken.d4j");
    Files.write(g, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0});
    assertMentions(refused(() -> ModelArchive.load(g)), "broken.d4j");
  }

  // ------------------------------------------------------------------ .keras and .h5

  @Test
  void keras_zip_declaring_a_huge_dense_is_refused_before_building() throws IOException {
    Path f = dir.resolve("huge.keras");
    String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" + HUGE_DENSE
        + "]}}";
    try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
      putStored(zip, "config.json", config.getBytes(StandardCharsets.UTF_8));
      putStored(zip, "model.weights.h5", new byte[64]);
    }
    IOException e = refused(() -> KerasImport.load(f));
    assertMentions(e, "huge.keras", "dense/kernel", "(50000, 40000)");
  }

  @Test
  void h5_declaring_a_huge_dense_is_refused_before_building() throws IOException {
    Path f = dir.resolve("huge.h5");
    try (WritableHdfFile h5 = HdfFile.write(f)) {
      h5.putAttribute("model_config", "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
          + HUGE_DENSE + "]}}");
      h5.putAttribute("keras_version", "2.15.0");
      h5.putGroup("model_weights");
    }
    IOException e = refused(() -> KerasImport.load(f));
    assertMentions(e, "huge.h5", "dense/kernel", "(50000, 40000)");
  }

  // ------------------------------------------------------------------ functional graphs (KerasGraphImport)

  /** A functional config: Input(50000) -> Dense(40000), as Keras 3 writes it. */
  private static final String HUGE_FUNCTIONAL = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", "
      + "\"layers\": [{\"class_name\": \"InputLayer\", \"name\": \"x\", \"config\": {\"name\": \"x\", \"batch_shape\": "
      + "[null, 50000]}, \"inbound_nodes\": []}, {\"class_name\": \"Dense\", \"name\": \"dense\", \"config\": {\"name\": "
      + "\"dense\", \"units\": 40000}, \"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": "
      + "{\"shape\": [null, 50000], \"keras_history\": [\"x\", 0, 0]}}], \"kwargs\": {}}]}], \"input_layers\": [[\"x\", 0, "
      + "0]], \"output_layers\": [[\"dense\", 0, 0]]}}";

  @Test
  void functional_keras_zip_declaring_a_huge_dense_is_refused_before_building() throws IOException {
    Path f = dir.resolve("huge_functional.keras");
    try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
      putStored(zip, "config.json", HUGE_FUNCTIONAL.getBytes(StandardCharsets.UTF_8));
      putStored(zip, "model.weights.h5", new byte[64]);
    }
    IOException e = refused(() -> KerasGraphImport.load(f));
    assertMentions(e, "huge_functional.keras", "dense/kernel", "(50000, 40000)", "32 times its size");
  }

  @Test
  void functional_h5_declaring_a_huge_dense_is_refused_before_building() throws IOException {
    Path f = dir.resolve("huge_functional.h5");
    try (WritableHdfFile h5 = HdfFile.write(f)) {
      h5.putAttribute("model_config", HUGE_FUNCTIONAL);
      h5.putAttribute("keras_version", "3.15.1");
      h5.putGroup("model_weights");
    }
    IOException e = refused(() -> KerasGraphImport.load(f));
    assertMentions(e, "huge_functional.h5", "dense/kernel", "(50000, 40000)");
  }

  @Test
  void functional_keras_config_with_invalid_utf8_names_the_entry_and_byte_offset() throws IOException {
    byte[] config = HUGE_FUNCTIONAL.getBytes(StandardCharsets.UTF_8);
    config[30] = (byte) 0xFF;
    Path f = dir.resolve("bad_utf8.keras");
    try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
      putStored(zip, "config.json", config);
    }
    assertMentions(refused(() -> KerasGraphImport.load(f)), "bad_utf8.keras!config.json", "byte offset 30");
  }

  @Test
  void compile_config_of_a_keras_file_with_invalid_utf8_names_the_entry_and_byte_offset() throws IOException {
    byte[] config = "{\"class_name\": \"Sequential\", \"compile_config\": {\"loss\": \"mse\"}}"
        .getBytes(StandardCharsets.UTF_8);
    config[17] = (byte) 0xC3;
    Path f = dir.resolve("compiled.keras");
    try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
      putStored(zip, "config.json", config);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasCompile.read(f));
    assertMentions(e, "compiled.keras!config.json", "byte offset 17");
  }

  @Test
  void unreadable_functional_and_compile_zips_name_the_file() throws IOException {
    Path f = dir.resolve("broken_graph.keras");
    Files.write(f, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0});
    assertMentions(refused(() -> KerasGraphImport.load(f)), "broken_graph.keras", "zip");
    IOException e = assertThrows(IOException.class, () -> KerasCompile.read(f));
    assertMentions(e, "broken_graph.keras", "zip");
  }

  @Test
  void keras_files_declaring_huge_activations_without_weights_are_refused_while_read() throws IOException {
    // no weights at all, so no weight budget applies: on main this loaded, and predicting one sample then spent
    // 12 s allocating before an OutOfMemoryError
    String repeat = "{\"class_name\": \"RepeatVector\", \"config\": {\"name\": \"r\", \"n\": 300000000}";
    Path f = dir.resolve("repeat.keras");
    try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
      putStored(zip, "config.json", ("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
          + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"x\", \"batch_shape\": [null, 4]}}, " + repeat
          + "}]}}").getBytes(StandardCharsets.UTF_8));
    }
    assertMentions(refused(() -> KerasImport.load(f)), "repeat.keras", "layer 'r'", "(None, 300000000, 4)",
        "1200000000 values per sample");
    Path g = dir.resolve("repeat_functional.keras");
    String functional = HUGE_FUNCTIONAL.replace("[null, 50000]", "[null, 4]").replace("\"class_name\": \"Dense\"",
        "\"class_name\": \"RepeatVector\"").replace("\"units\": 40000", "\"n\": 300000000");
    try (OutputStream out = Files.newOutputStream(g); ZipOutputStream zip = new ZipOutputStream(out)) {
      putStored(zip, "config.json", functional.getBytes(StandardCharsets.UTF_8));
    }
    assertMentions(refused(() -> KerasGraphImport.load(g)), "repeat_functional.keras", "layer 'dense'",
        "1200000000 values per sample");
  }
}
