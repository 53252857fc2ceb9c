package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsLayersTest {
  @TempDir
  Path dir;

  static Path resource(String name) {
    try {
      return Path.of(TfjsLayersTest.class.getResource("/tfjs/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first array of a tfjs2keras {@code *-data.json} / {@code *-shapes.json} pair as a tensor. */
  @SuppressWarnings("unchecked")
  static Tensor readPair(String prefix) throws IOException {
    List<Object> data = (List<Object>) Json.read(Files.readString(resource(prefix + "-data.json")), prefix);
    List<Object> shapes = (List<Object>) Json.read(Files.readString(resource(prefix + "-shapes.json")), prefix);
    List<Number> flat = (List<Number>) data.get(0);
    List<Number> shape = (List<Number>) shapes.get(0);
    float[] v = new float[flat.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = flat.get(i).floatValue();
    }
    return Tensor.of(Shape.of(shape.stream().mapToInt(Number::intValue).toArray()), v);
  }

  @Test
  void tfjs_written_mlp_reproduces_the_stored_outputs_within_1e_5() throws IOException {
    Sequential m = TfjsLayers.load(resource("mlp"));
    Tensor x = readPair("mlp.xs");
    Tensor y = readPair("mlp.ys");
    float[] got = m.predict(x).toArray();
    float[] want = y.toArray();
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-5, "output " + i);
    }
  }

  @SuppressWarnings("unchecked")
  static Tensor readArray(Path file) throws IOException {
    Map<String, Object> m = Json.readObject(Files.readString(file), file.toString());
    List<Number> data = (List<Number>) m.get("data");
    List<Number> shape = (List<Number>) m.get("shape");
    float[] v = new float[data.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = data.get(i).floatValue();
    }
    return Tensor.of(Shape.of(shape.stream().mapToInt(Number::intValue).toArray()), v);
  }

  @Test
  void model_saved_by_tfjs_4_22_reproduces_its_predictions_within_1e_5() throws IOException {
    Path dir = resource("tfjs422_mlp");
    Sequential m = TfjsLayers.load(dir);
    assertEquals(List.of("input_dropout", "hidden", "hidden_dropout", "mid", "elu", "out"),
        m.layers().stream().map(l -> l.name()).toList());
    float[] got = m.predict(readArray(dir.resolve("inputs.json"))).toArray();
    float[] want = readArray(dir.resolve("expected.json")).toArray();
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-5, "output " + i);
    }
  }

  @Test
  void tfjs_examples_abalone_and_bundle_models_load() throws IOException {
    Sequential abalone = TfjsLayers.load(resource("abalone/model.json"));
    assertEquals("(None, 1)", abalone.outputShape().toString());
    assertEquals(3, abalone.layers().size());
    Sequential bundle = TfjsLayers.load(resource("bundle/bundle_model_test.json"));
    assertEquals("(None, 10)", bundle.inputShape().toString());
  }

  @Test
  void export_then_import_gives_the_same_predictions_and_config() throws IOException {
    Sequential m = ModelJsonTest.richModel();
    m.setRandomSeed(3);
    m.build(Shape.batchOf(4));
    TfjsLayers.export(m, dir);
    Sequential back = TfjsLayers.load(dir);
    Tensor x = ModelArchiveTest.data(5, 4, 2);
    assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray());
    assertTrue(Files.exists(dir.resolve("group1-shard1of1.bin")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void model_json_uses_the_keras2_forms_tfjs_reads() throws IOException {
    Sequential m = ModelJsonTest.richModel();
    m.build(Shape.batchOf(4));
    TfjsLayers.export(m, dir);
    String text = Files.readString(dir.resolve("model.json"));
    Map<String, Object> json = Json.readObject(text, "model.json");
    assertEquals("layers-model", json.get("format"));
    assertTrue(((String) json.get("generatedBy")).startsWith("dropout4j "));
    assertTrue(text.contains("\"batch_input_shape\":[null,4]") && !text.contains("batch_shape"), text);
    assertTrue(!text.contains("\"L2\"") && !text.contains("\"L1\"") && text.contains("\"L1L2\""), text);
    assertTrue(text.contains("\"activity_regularizer\":null"), text);
    assertTrue(!text.contains("registered_name") && !text.contains("\"module\""), text);
  }

  @Test
  void weights_are_split_into_shards_like_the_converter() throws IOException {
    Sequential m = new Sequential(Input.shape(100), new Dense(30));
    m.build(Shape.batchOf(100));
    TfjsLayers.export(m, dir, 4096); // 3030 floats = 12120 bytes -> 3 shards
    assertEquals(4096, Files.size(dir.resolve("group1-shard1of3.bin")));
    assertEquals(12120 - 8192, Files.size(dir.resolve("group1-shard3of3.bin")));
    Sequential back = TfjsLayers.load(dir);
    assertArrayEquals(m.getWeights().get(0), back.getWeights().get(0));
  }

  @Test
  void truncated_shard_fails_with_a_clear_error() throws IOException {
    Sequential m = new Sequential(Input.shape(3), new Dense(2));
    m.build(Shape.batchOf(3));
    TfjsLayers.export(m, dir);
    Path shard = dir.resolve("group1-shard1of1.bin");
    Files.write(shard, java.util.Arrays.copyOf(Files.readAllBytes(shard), 10));
    IOException e = assertThrows(IOException.class, () -> TfjsLayers.load(dir));
    assertTrue(e.getMessage().contains("hold 10 bytes") && e.getMessage().contains("need 32"), e.getMessage());
  }

  @Test
  void leaky_relu_is_refused_before_writing() {
    Sequential m = new Sequential(Input.shape(3), new Dense(2, "leaky_relu"));
    m.build(Shape.batchOf(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsLayers.export(m, dir));
    assertTrue(e.getMessage().contains("leaky_relu") && e.getMessage().contains("\"dense\""), e.getMessage());
    assertTrue(!Files.exists(dir.resolve("model.json")));
  }
}
