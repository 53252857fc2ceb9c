package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unseen Keras models ({@code unseen/}, real Keras 3.15) exported to TF.js: what tfjs-layers 4.22 reads
 * differently is rewritten (a Concatenate axis below -1, which TF.js takes as the last axis, counted from the front;
 * a Reshape -1 resolved, which TF.js leaves unknown), what it computes differently is refused naming the layer
 * (DepthwiseConv2D with a dilation, which TF.js ignores; Softmax over another axis than the last), and, with
 * {@code node} and {@code interop/tfjs-node-check/node_modules}, real TF.js 4.22 loads the exports and predicts
 * Keras' own outputs ({@code NAME.y.npy}) within 1e-5.
 */
class TfjsUnseenExportTest {
  /** The unseen models TF.js 4.22 can compute, Rescaling and the rewritten configs among them. */
  static final List<String> EXPORTABLE = List.of("concat_axis1", "reshape_permute", "rescaling_cnn",
      "rescaling_per_channel", "se_block", "dot_seq", "pool_same", "conv1d_even_same", "embedding_flatten",
      "hidden_as_output", "seq2seq_repeat", "shared_sequential");

  @TempDir
  Path dir;

  private static Path unseen(String name) throws URISyntaxException {
    return Path.of(TfjsUnseenExportTest.class.getResource("/unseen/" + name).toURI());
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> exportedLayers(String name) throws Exception {
    Path out = dir.resolve(name);
    Models.save(Models.loadModel(unseen(name + ".keras")), out.resolve("model.json"));
    Map<String, Object> json = Json.readObject(Files.readString(out.resolve("model.json")), name);
    Map<String, Object> topology = (Map<String, Object>) json.get("modelTopology");
    Map<String, Object> model = (Map<String, Object>) (topology.containsKey("model_config")
        ? topology.get("model_config") : topology);
    return (List<Map<String, Object>>) ((Map<String, Object>) model.get("config")).get("layers");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> configs(List<Map<String, Object>> layers, String cls, String key) {
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> l : layers) {
      if (cls.equals(l.get("class_name"))) {
        out.add(((Map<String, Object>) l.get("config")).get(key));
      }
    }
    return out;
  }

  @Test
  void concatenate_axis_below_minus_one_is_written_from_the_front() throws Exception {
    // Concatenate(axis=1) and Concatenate(axis=-2) on (batch, steps, 4)
    assertEquals(List.of(1, 1), configs(exportedLayers("concat_axis1"), "Concatenate", "axis"));
  }

  @Test
  void reshape_minus_one_is_written_as_the_size_keras_infers() throws Exception {
    // Reshape((2, -1, 3)) of (batch, 4, 6), then Reshape((3, 2))
    assertEquals(List.of(List.of(2, 4, 3), List.of(3, 2)),
        configs(exportedLayers("reshape_permute"), "Reshape", "target_shape"));
  }

  @Test
  void depthwise_conv_with_dilation_is_refused_naming_layer_and_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> exportedLayers("conv_even_same"));
    assertTrue(e.getMessage().contains("(DepthwiseConv2D)") && e.getMessage().contains("dilation_rate=[2, 2]"),
        e.getMessage());
  }

  @Test
  void softmax_over_another_axis_is_refused_naming_layer_and_axis() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> exportedLayers("softmax_act_axis"));
    assertTrue(e.getMessage().contains("(Softmax)") && e.getMessage().contains("axis=-2"), e.getMessage());
  }

  @Test
  void real_tfjs_predicts_what_keras_predicted() throws Exception {
    Path script = TfjsNodeCheckTest.findScript();
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    for (String name : EXPORTABLE) {
      Path out = dir.resolve(name);
      Models.save(Models.loadModel(unseen(name + ".keras")), out.resolve("model.json"));
      Files.writeString(out.resolve("inputs.json"), arrays(name, ".x"));
      Files.writeString(out.resolve("expected.json"), arrays(name, ".y"));
      command.add(out.toString());
    }
    TfjsNodeCheckTest.requireOrSkip(TfjsNodeCheckTest.nodeVersion() != null, "`node` is not on the PATH");
    TfjsNodeCheckTest.requireOrSkip(
        Files.isRegularFile(script.getParent().resolve("node_modules/@tensorflow/tfjs/package.json")),
        "run `npm ci` in " + script.getParent() + " to install @tensorflow/tfjs 4.22.0");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean finished = p.waitFor(300, TimeUnit.SECONDS);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      p.destroyForcibly();
    }
    assertTrue(finished && p.exitValue() == 0, "node check.js failed:\n" + output);
    int n = EXPORTABLE.size();
    assertTrue(output.contains(n + "/" + n + " models match"), output);
  }

  /** NAME.x.npy, NAME.x1.npy, ... (or .y) as check.js reads them: one {shape, data} or a list of them. */
  private static String arrays(String name, String kind) throws IOException, URISyntaxException {
    List<Object> out = new ArrayList<>();
    for (int k = 0; ; k++) {
      String file = name + kind + (k == 0 ? "" : String.valueOf(k)) + ".npy";
      if (TfjsUnseenExportTest.class.getResource("/unseen/" + file) == null) {
        break;
      }
      out.add(TensorJson.of(NpyFile.read(unseen(file))));
    }
    return Json.write(out.size() == 1 ? out.get(0) : out);
  }
}
