package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    KerasGoldensInTfjs.assertMatch(dir, "unseen", EXPORTABLE);
  }
}
