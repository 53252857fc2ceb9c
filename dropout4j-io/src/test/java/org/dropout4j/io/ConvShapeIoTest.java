package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dropout4j.layers.AveragePooling3D;
import org.dropout4j.layers.Conv2DTranspose;
import org.dropout4j.layers.Conv3D;
import org.dropout4j.layers.GlobalMaxPooling3D;
import org.dropout4j.layers.MaxPooling1D;
import org.dropout4j.layers.MaxPooling3D;
import org.dropout4j.layers.SeparableConv1D;
import org.dropout4j.layers.regularization.SpatialDropout3D;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Cropping1D;
import org.dropout4j.layers.Cropping2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Permute;
import org.dropout4j.layers.RepeatVector;
import org.dropout4j.layers.Reshape;
import org.dropout4j.layers.UpSampling1D;
import org.dropout4j.layers.UpSampling2D;
import org.dropout4j.layers.ZeroPadding1D;
import org.dropout4j.layers.ZeroPadding2D;
import org.dropout4j.models.Model;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The convolution-family and reshaping layers in files: models written by real Keras 3.15
 * ({@code tools/golden/make_conv_shape_goldens.py}, Sequential and functional, {@code .keras} and {@code .h5})
 * predict Keras' outputs; the Keras JSON config round-trips as an identical string, {@code .d4j} and Keras 3
 * {@code .keras} files written by dropout4j read back with the same predictions, and TF.js export writes the layers
 * TF.js has (and refuses, naming the layer, those it lacks).
 */
class ConvShapeIoTest {
  @TempDir
  Path dir;

  /** Every reshaping layer in one model: (6, 6, 2) images to a 2-vector. */
  private static Sequential reshapingModel() {
    return new Sequential(Input.shape(6, 6, 2),
        new ZeroPadding2D(new int[][] {{1, 0}, {2, 1}}, "channels_last", null),
        Conv2D.builder(3, 3).activation("tanh").build(),
        new Cropping2D(new int[][] {{1, 0}, {0, 2}}, "channels_last", null),
        new UpSampling2D(new int[] {2, 1}, "channels_last", "bilinear", null),
        new Permute(3, 1, 2),
        new UpSampling2D(new int[] {1, 2}, "channels_first", "nearest", null),
        new Reshape(-1, 4),
        new ZeroPadding1D(1, 2, "channels_last", null),
        new Cropping1D(2, 1),
        new UpSampling1D(2),
        new Flatten(),
        new Dense(3, "tanh"),
        new RepeatVector(2),
        new Flatten(),
        new Dense(2));
  }

  private static Tensor input(Sequential m, int n) {
    int[] d = m.inputShape().withBatch(n).toArray();
    float[] v = new float[Shape.of(d).size()];
    RngKey.of(9).fillUniform(v);
    return Tensor.of(Shape.of(d), v);
  }

  /** The convolution-family layers in one model: (5, 6, 6, 2) volumes to a 2-vector. */
  private static Sequential convolutionModel() {
    return new Sequential(Input.shape(5, 6, 6, 2),
        new Conv3D(3, new int[] {2, 3, 3}, new int[] {1}, "same", "channels_last", new int[] {1}, "relu", true,
            "glorot_uniform", "zeros", null),
        new SpatialDropout3D(0.2f),
        new MaxPooling3D(new int[] {2}, new int[] {1}, "same", "channels_last", null),
        new AveragePooling3D(new int[] {1, 2, 2}, null, "valid", "channels_last", null),
        new GlobalMaxPooling3D("channels_last", true, null),
        new Reshape(1, 3),
        new SeparableConv1D(4, 1),
        new Reshape(2, 2, 1),
        new Conv2DTranspose(2, new int[] {2}, new int[] {2}, "valid", new int[] {1}, "channels_last", "tanh", true,
            "glorot_uniform", "zeros", null),
        new Flatten(),
        new Dense(2));
  }

  /**
   * Built models holding every convolution-family and reshaping layer, channels_first 1-D pooling and
   * BatchNormalization on axis 1, for the real-Keras check of {@code KerasExportTest}.
   */
  static java.util.Map<String, Sequential> models() {
    java.util.Map<String, Sequential> m = new java.util.LinkedHashMap<>();
    m.put("conv_shape_volume", convolutionModel());
    m.put("conv_shape_reshaping", reshapingModel());
    m.put("conv_shape_channels_first", new Sequential(Input.shape(3, 8),
        new MaxPooling1D(2, 1, "same", "channels_first", null),
        new org.dropout4j.layers.AveragePooling1D(2, null, "valid", "channels_first", null),
        new BatchNormalization(1, 0.99f, 1e-3f, true, true, null, true),
        new org.dropout4j.layers.GlobalAveragePooling1D("channels_first", false, null), new Dense(2)));
    for (Sequential s : m.values()) {
      s.setRandomSeed(7);
      s.build(s.inputShape());
    }
    return m;
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(ConvShapeIoTest.class.getResource("/conv_shape/" + name).toURI());
  }


  @ParameterizedTest
  @ValueSource(strings = {"shape_image", "shape_volume", "shape_sequence", "shape_graph"})
  void kerasModel_predictsKerasOutputs_fromKerasAndH5(String name) throws Exception {
    JsonNode expected = new ObjectMapper().readTree(fixture(name + ".json").toFile());
    List<Tensor> inputs = new ArrayList<>();
    expected.get("inputs").forEach(t -> inputs.add(JsonTensors.tensor(t)));
    for (String ext : List.of(".keras", ".h5")) {
      Model model = Models.loadModel(fixture(name + ext));
      List<Tensor> out = model.predict(inputs, 32);
      assertEquals(expected.get("outputs").size(), out.size(), name + ext);
      for (int k = 0; k < out.size(); k++) {
        Tensor want = JsonTensors.tensor(expected.get("outputs").get(k));
        assertEquals(want.shape(), out.get(k).shape(), name + ext + " output " + k);
        for (int i = 0; i < want.size(); i++) {
          float a = want.get(i);
          float b = out.get(k).get(i);
          assertTrue(Math.abs(a - b) <= 1e-5 + 1e-5 * Math.abs(a), name + ext + " output " + k + "[" + i + "]: Keras "
              + a + ", dropout4j " + b);
        }
      }
    }
  }

  /**
   * DL4J's tf.keras 2.2.4 files (Conv3D + SpatialDropout3D + MaxPooling3D, BatchNormalization with Keras 2's
   * {@code axis: [2]}, channels_first DepthwiseConv2D, SeparableConv2D with the unused {@code kernel_*} keys, zero
   * padding, upsampling and cropping) predict what Keras 3.15 predicts with their weights.
   */
  @ParameterizedTest
  @ValueSource(strings = {"cnn2d_64.h5", "cnn2d_40.h5", "cnn2d_76.h5", "cnn3d_17.h5", "batchNormError.h5"})
  void tfKeras2File_predictsKerasOutputs(String name) throws Exception {
    JsonNode expected = new ObjectMapper().readTree(fixture("tfkeras_expected.json").toFile()).get("models")
        .get(name);
    Model model = Models.loadModel(Path.of(ConvShapeIoTest.class.getResource("/keras/dl4j/" + name).toURI()));
    Tensor want = JsonTensors.tensor(expected.get("output"));
    Tensor got = model.predict(List.of(JsonTensors.tensor(expected.get("input"))), 32).get(0);
    assertEquals(want.shape(), got.shape(), name);
    for (int i = 0; i < want.size(); i++) {
      float a = want.get(i);
      float b = got.get(i);
      assertTrue(Math.abs(a - b) <= 1e-5 + 1e-5 * Math.abs(a), name + "[" + i + "]: Keras " + a + ", dropout4j " + b);
    }
  }

  @Test
  void convolutionModel_roundTripsThroughJsonAndD4jAndKeras() throws IOException {
    roundTrip(convolutionModel());
  }

  @Test
  void reshapingModel_roundTripsThroughJsonAndD4jAndKeras() throws IOException {
    roundTrip(reshapingModel());
  }

  private void roundTrip(Sequential m) throws IOException {
    m.build(m.inputShape());
    String json = ModelJson.toJson(m);
    assertEquals(json, ModelJson.toJson(ModelJson.fromJson(json)));
    Tensor x = input(m, 3);
    float[] expected = m.predict(x).toArray();
    Path d4j = dir.resolve("m.d4j");
    ModelArchive.save(m, d4j);
    assertArrayEquals(expected, ModelArchive.load(d4j).predict(x).toArray());
    Path keras = dir.resolve("m.keras");
    Models.save(m, keras);
    assertArrayEquals(expected, Models.loadModel(keras).predict(x).toArray(), 1e-6f);
  }

  @Test
  void tfjsExport_refusesZeroPadding1DNamingIt() {
    Sequential m = new Sequential(Input.shape(5, 2), new ZeroPadding1D(1, 1, "channels_last", "pad"), new Flatten(),
        new Dense(1));
    m.build(m.inputShape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsConfigs.export(m));
    assertTrue(e.getMessage().contains("\"pad\" (ZeroPadding1D)"), e.getMessage());
  }

  @Test
  void tfjsExport_refusesChannelsFirstPooling1DNamingIt() {
    Sequential m = new Sequential(Input.shape(3, 8), new MaxPooling1D(2, null, "valid", "channels_first", "pool"),
        new Flatten(), new Dense(1));
    m.build(m.inputShape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsConfigs.export(m));
    assertTrue(e.getMessage().contains("\"pool\" (MaxPooling1D)") && e.getMessage().contains("channels_last"),
        e.getMessage());
  }

  @Test
  void tfjsExport_refusesBatchNormalizationOnAnAxisOtherThanTheLast() {
    Sequential m = new Sequential(Input.shape(2, 4, 4), new BatchNormalization(1, 0.99f, 1e-3f, true, true, "bn", true),
        new Flatten(), new Dense(1));
    m.build(m.inputShape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsConfigs.export(m));
    assertTrue(e.getMessage().contains("\"bn\" (BatchNormalization)") && e.getMessage().contains("axis=1"),
        e.getMessage());
    Sequential last = new Sequential(Input.shape(2, 4, 4), new BatchNormalization(3, 0.99f, 1e-3f, true, true, "bn",
        true), new Flatten(), new Dense(1));
    last.build(last.inputShape());
    TfjsConfigs.export(last);
  }

  @Test
  void tfjsExport_refusesBilinearUpSampling2DNamingTheReason() {
    Sequential m = new Sequential(Input.shape(3, 3, 1), new UpSampling2D(new int[] {2}, "channels_last", "bilinear",
        "up"), new Flatten(), new Dense(1));
    m.build(m.inputShape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsConfigs.export(m));
    assertTrue(e.getMessage().contains("\"up\" (UpSampling2D)") && e.getMessage().contains("half-pixel"),
        e.getMessage());
  }

  @Test
  void tfjsExport_writesTheReshapingLayersTfjsHas() throws IOException {
    Sequential m = new Sequential(Input.shape(4, 4, 2), new ZeroPadding2D(1), new Cropping2D(1), new UpSampling2D(),
        new Permute(3, 1, 2), new Flatten(), new Dense(3), new RepeatVector(2), new Flatten(), new Dense(1));
    m.build(m.inputShape());
    TfjsLayers.export(m, dir.resolve("tfjs"));
    Model back = Models.loadModel(dir.resolve("tfjs"));
    Tensor x = input(m, 2);
    assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), 1e-6f);
  }
}
