package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
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

/**
 * The convolution-family and reshaping layers in files: the Keras JSON config as an identical string, {@code .d4j}
 * and Keras 3 {@code .keras} files written and read back with the same predictions, and TF.js export of the layers
 * TF.js has (and a refusal naming the layer for those it lacks).
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

  @Test
  void reshapingModel_roundTripsThroughJsonAndD4jAndKeras() throws IOException {
    Sequential m = reshapingModel();
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
