package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.NpyFile;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code convert --input-format keras|keras3} and {@code predict} on real Keras 3.15.1 files. */
class KerasImportCliTest {
  @TempDir
  Path dir;

  static Path resource(String name) {
    try {
      return Path.of(KerasImportCliTest.class.getResource("/keras/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dense_dropout_mlp.keras", "dense_dropout_mlp.h5"})
  void predict_on_a_keras_file_reproduces_the_keras_outputs(String file) throws IOException {
    Path out = dir.resolve("y.npy");
    CliRun r = CliRun.of("predict", resource(file).toString(), "--x",
        resource("dense_dropout_mlp.inputs.npy").toString(), "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    Tensor expected = NpyFile.read(resource("dense_dropout_mlp.outputs.npy"));
    assertArrayEquals(expected.toArray(), NpyFile.read(out).toArray(), 1e-5f);
  }

  @ParameterizedTest
  @CsvSource({"keras, dense_dropout_mlp.h5", "keras3, dense_dropout_mlp.keras"})
  void convert_keras_to_d4j_keeps_the_keras_outputs(String format, String file) throws Exception {
    Path d4j = dir.resolve("m.d4j");
    assertEquals(0, Main.run("convert", "--input-format", format, "--output-format", "dropout4j",
        resource(file).toString(), d4j.toString()));
    Tensor x = NpyFile.read(resource("dense_dropout_mlp.inputs.npy"));
    Tensor expected = NpyFile.read(resource("dense_dropout_mlp.outputs.npy"));
    assertArrayEquals(expected.toArray(), ModelArchive.load(d4j).predict(x).toArray(), 1e-5f);
  }

  @Test
  void convert_keras_to_tfjs_writes_a_model_json() throws Exception {
    Path web = dir.resolve("web");
    assertEquals(0, Main.run("convert", "--input-format", "keras3", "--output-format", "tfjs",
        resource("dense_dropout_mlp.keras").toString(), web.toString()));
    assertTrue(Files.exists(web.resolve("model.json")));
  }

  @Test
  void legacy_keras_as_output_format_is_refused() {
    CliRun r = CliRun.of("convert", "--input-format", "dropout4j", "--output-format", "keras",
        resource("dense_dropout_mlp.keras").toString(), dir.resolve("o.h5").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--output-format") && r.err().contains("keras3"), r.err());
  }

  @Test
  void convert_keras_to_keras3_writes_a_keras_file_that_loads_back() throws Exception {
    Path out = dir.resolve("again.keras");
    assertEquals(0, Main.run("convert", "--input-format", "keras3", "--output-format", "keras3",
        resource("dense_dropout_mlp.keras").toString(), out.toString()));
    assertEquals(org.dropout4j.io.KerasImport.load(resource("dense_dropout_mlp.keras")).countParams(),
        org.dropout4j.io.KerasImport.load(out).countParams());
  }
}
