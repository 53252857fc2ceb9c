package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dropout4j.internal.Names;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Keras files (see src/test/resources/keras/PROVENANCE.md) read back and compared with Keras' predictions. */
class KerasImportTest {
  /** Float32 predictions of the same weights through a different summation order. */
  static final double TOLERANCE = 1e-5;

  @TempDir
  Path dir;

  static Path resource(String name) {
    try {
      return Path.of(KerasImportTest.class.getResource("/keras/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static double maxAbsDiff(Tensor expected, Tensor actual) {
    assertEquals(expected.shape(), actual.shape());
    double max = 0;
    for (int i = 0; i < expected.size(); i++) {
      max = Math.max(max, Math.abs(expected.get(i) - actual.get(i)));
    }
    return max;
  }

  /** A dataset of a DL4J {@code *_inputs_and_outputs.h5} file as a tensor. */
  static Tensor dataset(String file, String path) {
    try (HdfFile h5 = new HdfFile(resource(file))) {
      Dataset d = (Dataset) h5.getByPath(path);
      return Tensor.of(Shape.of(d.getDimensions()), (float[]) d.getDataFlat());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dense_dropout_mlp.keras", "dense_dropout_mlp.h5", "noise_layers_mlp.keras",
      "noise_layers_mlp.h5"})
  void keras3_file_predicts_the_stored_keras_outputs(String file) throws IOException {
    String stem = file.substring(0, file.lastIndexOf('.'));
    Sequential model = KerasImport.load(resource("keras3/" + file));
    Tensor x = NpyFile.read(resource("keras3/" + stem + ".inputs.npy"));
    Tensor expected = NpyFile.read(resource("keras3/" + stem + ".outputs.npy"));
    double diff = maxAbsDiff(expected, model.predict(x));
    assertTrue(diff <= TOLERANCE, file + ": max abs difference " + diff);
  }

  @Test
  void keras3_zip_and_h5_load_the_same_weights() throws IOException {
    List<float[]> zip = KerasImport.load(resource("keras3/dense_dropout_mlp.keras")).getWeights();
    List<float[]> h5 = KerasImport.load(resource("keras3/dense_dropout_mlp.h5")).getWeights();
    assertEquals(10, zip.size());
    for (int i = 0; i < zip.size(); i++) {
      assertArrayEquals(zip.get(i), h5.get(i));
    }
  }

  @Test
  void keras2_sequential_h5_predicts_the_stored_keras_predictions() throws IOException {
    Sequential model = KerasImport.load(resource("dl4j/simple_sparse_xent_mlp_keras_2_model.h5"));
    String io = "dl4j/simple_sparse_xent_mlp_keras_2_inputs_and_outputs.h5";
    Tensor x = dataset(io, "inputs/dense_1_input");
    Tensor expected = dataset(io, "predictions/activation_1");
    double diff = maxAbsDiff(expected, model.predict(x));
    assertTrue(diff <= TOLERANCE, "max abs difference " + diff);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ReLU_0:re_lu_1", "Softmax_0:softmax_1"})
  void keras2_activation_layer_predicts_the_stored_keras_predictions(String example) throws IOException {
    String[] p = example.split(":");
    Sequential model = KerasImport.load(resource("dl4j/" + p[0] + "_model.h5"));
    String io = "dl4j/" + p[0] + "_inputs_and_outputs.h5";
    double diff = maxAbsDiff(dataset(io, "predictions/" + p[1]), model.predict(dataset(io, "inputs/dense_input")));
    assertTrue(diff <= TOLERANCE, example + ": max abs difference " + diff);
  }


  @Test
  void keras1_file_is_refused_naming_its_version() {
    IOException e = assertThrows(IOException.class,
        () -> KerasImport.load(resource("dl4j/dense_tensorflow_1.h5")));
    assertTrue(e.getMessage().contains("Keras 1.2.2"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp_0.h5", "mlp_10.h5", "mlp_12.h5", "misc_3.h5"})
  void tfkeras_functional_chain_loads_as_sequential(String file) throws IOException {
    Sequential model = KerasImport.load(resource("dl4j/" + file));
    assertTrue(model.built());
    assertTrue(model.countParams() > 0);
    Tensor y = model.predict(Tensor.zeros(model.inputShape().withBatch(2)));
    assertEquals(model.outputShape().withBatch(2), y.shape());
  }

  @Test
  void tfkeras_weights_are_the_stored_values() throws IOException {
    Sequential model = KerasImport.load(resource("dl4j/mlp_0.h5"));
    try (HdfFile h5 = new HdfFile(resource("dl4j/mlp_0.h5"))) {
      float[] kernel = (float[]) ((Dataset) h5.getByPath("model_weights/dense/dense/kernel:0")).getDataFlat();
      float[] bias = (float[]) ((Dataset) h5.getByPath("model_weights/dense/dense/bias:0")).getDataFlat();
      assertArrayEquals(kernel, model.getWeights().get(0));
      assertArrayEquals(bias, model.getWeights().get(1));
    }
  }

  @Test
  void tfkeras_cnn_with_padding_upsampling_and_cropping_loads() throws IOException {
    Sequential model = KerasImport.load(resource("dl4j/cnn2d_64.h5"));
    List<String> classes = model.layers().stream().map(l -> l.className()).toList();
    assertTrue(classes.containsAll(List.of("SpatialDropout2D", "ZeroPadding2D", "UpSampling2D", "Cropping2D")),
        classes.toString());
    Tensor y = model.predict(Tensor.zeros(model.inputShape().withBatch(2)));
    assertEquals(model.outputShape().withBatch(2), y.shape());
  }

  @Test
  void unsupported_layers_fail_naming_their_classes() throws IOException {
    Path f = zip("config.json", "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4, 4, 4, 2]}},"
        + "{\"class_name\": \"Conv3DTranspose\", \"config\": {\"name\": \"c\", \"filters\": 2, "
        + "\"kernel_size\": 2}}]}}");
    IOException e = assertThrows(IOException.class, () -> KerasImport.load(f));
    assertTrue(e.getMessage().contains("Conv3DTranspose"), e.getMessage());
    assertTrue(e.getMessage().contains("m.keras"), e.getMessage());
  }


  @Test
  void lambda_layer_in_keras_zip_is_refused() throws IOException {
    Path f = zip("config.json", "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 2]}},"
        + "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"l\", \"function\": \"evil\"}}]}}");
    IOException e = assertThrows(IOException.class, () -> KerasImport.load(f));
    assertTrue(e.getMessage().contains("Lambda"), e.getMessage());
  }

  static final String KERAS3_FUNCTIONAL = "{\"module\": \"keras.src.models.functional\", \"class_name\": "
      + "\"Functional\", \"config\": {\"name\": \"f\", \"trainable\": true, \"layers\": ["
      + "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 3], "
      + "\"dtype\": \"float32\", \"sparse\": false, \"name\": \"input_layer\"}, \"registered_name\": null, "
      + "\"name\": \"input_layer\", \"inbound_nodes\": []},"
      + "{\"module\": \"keras.layers\", \"class_name\": \"Activation\", \"config\": {\"name\": \"activation\", "
      + "\"trainable\": true, \"dtype\": \"float32\", \"activation\": \"relu\"}, \"registered_name\": null, "
      + "\"name\": \"activation\", \"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", "
      + "\"config\": {\"shape\": [null, 3], \"dtype\": \"float32\", \"keras_history\": [\"input_layer\", 0, 0]}}], "
      + "\"kwargs\": KWARGS}]}],"
      + "\"input_layers\": [\"input_layer\", 0, 0], \"output_layers\": [\"activation\", 0, 0]}}";

  @Test
  void keras3_functional_chain_loads_as_sequential() throws IOException {
    Sequential model = KerasImport.load(zip("config.json", KERAS3_FUNCTIONAL.replace("KWARGS", "{}")));
    Tensor y = model.predict(Tensor.of(Shape.of(1, 3), -1f, 0f, 2f));
    assertArrayEquals(new float[] {0f, 0f, 2f}, y.toArray());
  }

  @Test
  void keras3_functional_call_arguments_are_refused() throws IOException {
    Path f = zip("config.json", KERAS3_FUNCTIONAL.replace("KWARGS", "{\"training\": true}"));
    IOException e = assertThrows(IOException.class, () -> KerasImport.load(f));
    assertTrue(e.getMessage().contains("training"), e.getMessage());
  }

  @Test
  void keras_zip_without_config_is_refused() throws IOException {
    Path f = zip("../config.json", "{}");
    IOException e = assertThrows(IOException.class, () -> KerasImport.load(f));
    assertTrue(e.getMessage().contains("no config.json"), e.getMessage());
  }

  @Test
  void keras_zip_from_a_newer_keras_is_refused_with_both_versions() throws IOException {
    Path f = zip("metadata.json", "{\"keras_version\": \"4.0.0\"}");
    IOException e = assertThrows(IOException.class, () -> KerasImport.load(f));
    assertTrue(e.getMessage().contains("4.0.0") && e.getMessage().contains("Keras 3.x"), e.getMessage());
  }

  @Test
  void weight_shape_mismatch_is_refused_naming_the_layer() throws IOException {
    byte[] weights;
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(resource("keras3/dense_dropout_mlp.keras").toFile())) {
      weights = z.getInputStream(z.getEntry("model.weights.h5")).readAllBytes();
    }
    String config;
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(resource("keras3/dense_dropout_mlp.keras").toFile())) {
      config = new String(z.getInputStream(z.getEntry("config.json")).readAllBytes(), StandardCharsets.UTF_8);
    }
    String changed = config.replaceFirst("\"units\": 16", "\"units\": 17");
    Path f = dir.resolve("bad.keras");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(f))) {
      out.putNextEntry(new ZipEntry("config.json"));
      out.write(changed.getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new ZipEntry("model.weights.h5"));
      out.write(weights);
    }
    IOException e = assertThrows(IOException.class, () -> KerasImport.load(f));
    assertTrue(e.getMessage().contains("'dense'") && e.getMessage().contains("[8, 16]"), e.getMessage());
  }

  @Test
  void zip_entry_over_the_size_limit_is_refused_before_reading() throws IOException {
    String text = "{\"class_name\": \"Sequential\", \"config\": {\"layers\": []}}";
    Path f = zip("config.json", text);
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(f.toFile())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> KerasImport.entry(z, "config.json", 16, true));
      assertTrue(e.getMessage().contains("limit of 16"), e.getMessage());
      assertEquals(text.length(), KerasImport.entry(z, "config.json", text.length(), true).length);
    }
  }

  @Test
  void other_files_are_refused() throws IOException {
    Path f = dir.resolve("model.h5");
    Files.writeString(f, "not a model");
    IOException e = assertThrows(IOException.class, () -> KerasImport.load(f));
    assertTrue(e.getMessage().contains("neither HDF5"), e.getMessage());
  }

  @Test
  void snake_case_matches_keras_naming() {
    assertEquals("dense", Names.snakeCase("Dense"));
    assertEquals("alpha_dropout", Names.snakeCase("AlphaDropout"));
    assertEquals("spatial_dropout2d", Names.snakeCase("SpatialDropout2D"));
    assertEquals("conv2d", Names.snakeCase("Conv2D"));
  }

  private Path zip(String entry, String text) throws IOException {
    Path f = dir.resolve("m.keras");
    try (OutputStream os = Files.newOutputStream(f); ZipOutputStream out = new ZipOutputStream(os)) {
      out.putNextEntry(new ZipEntry(entry));
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return f;
  }
}
