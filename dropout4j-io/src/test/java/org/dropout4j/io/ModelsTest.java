package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Models}: the format follows the path on save, and the path or the content on load. */
class ModelsTest {
  @TempDir
  Path dir;

  private static final Tensor X = ModelArchiveTest.data(10, 3, 7);

  private static Sequential trained() {
    Sequential m = ModelArchiveTest.newModel("adam");
    m.fit(X, ModelArchiveTest.labels(X), ModelArchiveTest.epochs(2));
    return m;
  }

  @Test
  void d4j_path_round_trips_weights_and_predictions() throws IOException {
    Sequential m = trained();
    Path file = dir.resolve("m.d4j");
    assertTrue(Models.save(m, file).isEmpty());
    Sequential back = Models.load(file);
    ModelArchiveTest.assertSameWeights(m, back);
    assertArrayEquals(m.predict(X).toArray(), back.predict(X).toArray());
    assertTrue(back.optimizer() != null, "a .d4j file keeps the compile config");
  }

  @Test
  void model_json_path_writes_tfjs_layers_and_the_folder_loads_back() throws IOException {
    Sequential m = trained();
    Path json = dir.resolve("web").resolve("model.json");
    Files.createDirectories(json.getParent());
    Models.save(m, json);
    assertTrue(Files.isRegularFile(json));
    assertTrue(Files.isRegularFile(json.resolveSibling("group1-shard1of1.bin")));
    assertArrayEquals(m.predict(X).toArray(), Models.load(json.getParent()).predict(X).toArray(), 1e-6f);
    assertArrayEquals(m.predict(X).toArray(), Models.load(json).predict(X).toArray(), 1e-6f);
  }

  @Test
  void existing_folder_receives_a_tfjs_model() throws IOException {
    Sequential m = trained();
    Path folder = Files.createDirectories(dir.resolve("tfjs"));
    Models.save(m, folder);
    assertTrue(Files.isRegularFile(folder.resolve(TfjsLayers.MODEL_JSON)));
  }

  @Test
  void legacy_keras_paths_are_refused_on_save_naming_the_reason_and_nothing_is_written() throws IOException {
    Sequential m = trained();
    for (String name : new String[] {"m.h5", "M.HDF5"}) {
      Path file = dir.resolve(name);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.save(m, file));
      assertTrue(e.getMessage().contains("writes Keras 3 .keras files") && e.getMessage().contains(".d4j"),
          e.getMessage());
      assertFalse(Files.exists(file), name);
    }
  }

  @Test
  void keras_path_receives_a_keras3_file_that_loads_back() throws IOException {
    Sequential m = trained();
    Path file = dir.resolve("m.keras");
    assertTrue(Models.save(m, file).isEmpty());
    Sequential back = Models.load(file);
    assertEquals(m.countParams(), back.countParams());
  }

  @Test
  void path_naming_no_format_is_refused_on_save() {
    Sequential m = trained();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.save(m, dir.resolve("model.bin")));
    assertTrue(e.getMessage().contains("names no format") && e.getMessage().contains("model.bin"), e.getMessage());
  }

  @Test
  void model_archive_refuses_a_keras_file_name() {
    Sequential m = trained();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelArchive.save(m, dir.resolve("m.keras")));
    assertTrue(e.getMessage().contains(".keras") && e.getMessage().contains(".d4j"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("m.keras")));
  }

  @Test
  void keras_files_load_by_extension_and_renamed_by_content() throws IOException {
    Tensor in = NpyFile.read(KerasImportTest.resource("keras3/dense_dropout_mlp.inputs.npy"));
    float[] expected = NpyFile.read(KerasImportTest.resource("keras3/dense_dropout_mlp.outputs.npy")).toArray();
    for (String name : new String[] {"dense_dropout_mlp.keras", "dense_dropout_mlp.h5"}) {
      Path original = KerasImportTest.resource("keras3/" + name);
      assertArrayEquals(expected, Models.load(original).predict(in).toArray(), 1e-5f, name);
      Path renamed = Files.copy(original, dir.resolve(name.replace('.', '_') + ".model"));
      assertArrayEquals(expected, Models.load(renamed).predict(in).toArray(), 1e-5f, "renamed " + name);
    }
  }

  @Test
  void a_d4j_file_without_its_extension_loads_by_content() throws IOException {
    Sequential m = trained();
    Path file = dir.resolve("m.d4j");
    Models.save(m, file);
    Path renamed = Files.move(file, dir.resolve("m.model"));
    assertArrayEquals(m.predict(X).toArray(), Models.load(renamed).predict(X).toArray());
  }

  @Test
  void missing_path_throws_no_such_file() {
    assertThrows(NoSuchFileException.class, () -> Models.load(dir.resolve("absent.d4j")));
  }

  @Test
  void unrecognised_content_is_refused_naming_the_file() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "hello");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(file));
    assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains(".d4j"), e.getMessage());
    assertEquals(5, Files.size(file));
  }
}
