package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TF.js Layers models with quantized weights, as {@code tensorflowjs_converter --quantize_uint8 / --quantize_uint16
 * / --quantize_float16} writes them (a {@code quantization} object per manifest entry, several groups and shard files
 * cut at odd byte offsets), written by {@code interop/tfjs-node-check/make-quantized-fixture.js} with TF.js' own
 * predictions from the quantized files (real TensorFlow.js 4.22 dequantizing). dropout4j reads them and predicts what
 * TF.js predicted within 1e-5 (absolute) + 1e-5 (relative); the uint8 models differ from their float32 originals by
 * far more than that, so a reader that ignored the quantization could not pass. Malformed quantization entries are
 * refused naming the file, the weight and what was found.
 */
class TfjsQuantizedImportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Path fixture(String name) throws Exception {
    return Path.of(TfjsQuantizedImportTest.class.getResource("/tfjs/quantized/" + name + "/model.json").toURI())
        .getParent();
  }

  /** The largest |a - b| over the elements, failing at the first beyond 1e-5 + 1e-5 |a| when {@code strict}. */
  private static double compare(String what, Tensor want, Tensor got, boolean strict) {
    assertEquals(want.shape(), got.shape(), what);
    double worst = 0;
    for (int i = 0; i < want.size(); i++) {
      double d = Math.abs(want.get(i) - got.get(i));
      worst = Math.max(worst, d);
      if (strict) {
        int k = i;
        assertTrue(d <= 1e-5 + 1e-5 * Math.abs(want.get(i)), () -> what + "[" + k + "]: TF.js " + want.get(k)
            + ", dropout4j " + got.get(k));
      }
    }
    return worst;
  }

  @ParameterizedTest
  @ValueSource(strings = {"uint8_cnn", "uint16_cnn", "float16_lstm", "mixed_lstm"})
  void quantized_model_predicts_what_tfjs_predicts_from_the_same_files(String name) throws Exception {
    Path dir = fixture(name);
    Model model = Models.loadModel(dir);
    Tensor x = JsonTensors.tensor(MAPPER.readTree(dir.resolve("inputs.json").toFile()));
    Tensor y = model.predict(List.of(x), 32).get(0);
    double worst = compare(name, JsonTensors.tensor(MAPPER.readTree(dir.resolve("expected.json").toFile())), y, true);
    double moved = compare(name, JsonTensors.tensor(MAPPER.readTree(dir.resolve("float32_expected.json").toFile())),
        y, false);
    System.out.println("[golden] TF.js quantized " + name + ": max abs diff " + worst + " (the float32 model's "
        + "predictions differ by up to " + moved + ")");
    if (name.startsWith("uint8")) {
      assertTrue(moved > 1e-3, name + ": uint8 weights should move the predictions measurably, moved " + moved);
    }
  }

  @Test
  void halfToFloat_widens_normal_subnormal_and_special_halves_exactly() {
    assertEquals(1.0f, TfjsWeights.halfToFloat(0x3c00));
    assertEquals(-2.0f, TfjsWeights.halfToFloat(0xc000));
    assertEquals(65504.0f, TfjsWeights.halfToFloat(0x7bff));
    assertEquals(0x1p-24f, TfjsWeights.halfToFloat(0x0001));
    assertEquals(1023 * 0x1p-24f, TfjsWeights.halfToFloat(0x03ff));
    assertEquals(0x1p-14f, TfjsWeights.halfToFloat(0x0400));
    assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(TfjsWeights.halfToFloat(0x8000)));
    assertEquals(Float.POSITIVE_INFINITY, TfjsWeights.halfToFloat(0x7c00));
    assertTrue(Float.isNaN(TfjsWeights.halfToFloat(0x7e00)));
    assertEquals(0.333251953125f, TfjsWeights.halfToFloat(0x3555));
  }

  @Test
  void uint8_value_is_the_float_nearest_to_q_times_scale_plus_min_in_double() {
    TfjsWeights.Entry e = new TfjsWeights.Entry("w", 3, "uint8", -0.1, 0.003);
    float[] v = TfjsWeights.decode(e, new byte[] {0, 33, (byte) 255}, 0);
    assertEquals((float) -0.1, v[0]);
    assertEquals((float) (33 * 0.003 + -0.1), v[1]);
    assertEquals((float) (255 * 0.003 + -0.1), v[2]);
  }

  private static Path withEntry(Path dir, String quantization, int bytes) throws IOException {
    Files.write(dir.resolve("w.bin"), new byte[bytes]);
    Files.writeString(dir.resolve("model.json"), "{\"format\": \"layers-model\", \"modelTopology\": {\"class_name\": "
        + "\"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Dense\", \"config\": "
        + "{\"name\": \"d\", \"units\": 1, \"batch_input_shape\": [null, 2]}}]}}, \"weightsManifest\": [{\"paths\": "
        + "[\"w.bin\"], \"weights\": [{\"name\": \"d/kernel\", \"shape\": [2, 1], \"dtype\": \"float32\", "
        + "\"quantization\": " + quantization + "}, {\"name\": \"d/bias\", \"shape\": [1], \"dtype\": \"float32\"}]}]}");
    return dir.resolve("model.json");
  }

  @Test
  void unknown_quantization_dtype_is_refused_naming_file_weight_and_the_dtypes_read(@TempDir Path dir)
      throws IOException {
    Path json = withEntry(dir, "{\"dtype\": \"int4\", \"min\": 0, \"scale\": 1}", 6);
    IOException e = assertThrows(IOException.class, () -> Models.loadModel(json));
    assertTrue(e.getMessage().contains(json.toString()) && e.getMessage().contains("'d/kernel'")
        && e.getMessage().contains("\"int4\"") && e.getMessage().contains("\"uint8\", \"uint16\" and \"float16\""),
        e.getMessage());
  }

  @Test
  void uint8_quantization_without_scale_is_refused_naming_the_key(@TempDir Path dir) throws IOException {
    Path json = withEntry(dir, "{\"dtype\": \"uint8\", \"min\": -1}", 6);
    IOException e = assertThrows(IOException.class, () -> Models.loadModel(json));
    assertTrue(e.getMessage().contains("'d/kernel'") && e.getMessage().contains("`scale`"), e.getMessage());
  }

  @Test
  void quantized_shards_of_the_wrong_size_are_refused_with_the_bytes_needed(@TempDir Path dir) throws IOException {
    // uint8 kernel of 2 values + float32 bias: 6 bytes, not the 12 of an all-float32 manifest
    Path json = withEntry(dir, "{\"dtype\": \"uint8\", \"min\": -1, \"scale\": 0.01}", 12);
    IOException e = assertThrows(IOException.class, () -> Models.loadModel(json));
    assertTrue(e.getMessage().contains("hold 12 bytes") && e.getMessage().contains("need 6"), e.getMessage());
  }

  @Test
  void uint8_quantized_dense_loads_dequantized(@TempDir Path dir) throws IOException {
    Path json = withEntry(dir, "{\"dtype\": \"uint8\", \"min\": -1, \"scale\": 0.5}", 6);
    Files.write(dir.resolve("w.bin"), new byte[] {1, 6, 0, 0, (byte) 0x80, 0x3f}); // kernel 1, 6; bias 1.0f
    Model m = Models.loadModel(json);
    assertEquals(-0.5f, m.weights().get(0).data()[0]);
    assertEquals(2.0f, m.weights().get(0).data()[1]);
    assertEquals(1.0f, m.weights().get(1).data()[0]);
  }
}
