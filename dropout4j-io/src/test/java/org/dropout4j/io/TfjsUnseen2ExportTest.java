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
 * The {@code unseen2/} Keras models (tutorial models, files saved after fit, nested and frozen models, odd layer
 * names) exported to TF.js: layer names TF.js 4.22 refuses ("Not a valid tensor name": spaces, colons, brackets,
 * non-ASCII letters, which Keras on JAX accepts) are written as stand-ins with a warning, and, with {@code node} and
 * {@code interop/tfjs-node-check/node_modules}, real TF.js 4.22 loads the exports and predicts Keras' own outputs
 * ({@code NAME.y.npy}) within 1e-5. Not listed: GRUs with reset_after=true, MultiHeadAttention, Subtract, leaky_relu,
 * masks reaching Conv1D or GlobalMaxPooling1D and initial states as inputs, which the exporter refuses by name (TF.js
 * 4.22 lacks them), and {@code constraints_everywhere}, whose random weights break their constraints, which TF.js
 * applies on load (see README).
 */
class TfjsUnseen2ExportTest {
  static final List<String> EXPORTABLE = List.of("text_cnn_strided", "text_embed_gap", "imdb_bilstm_var_len",
      "timeseries_conv_lstm", "timeseries_fcn", "mnist_convnet", "resnet_preact", "unet_upsampling",
      "conv_autoencoder", "structured_inputs", "wide_deep", "compiled_only_huber_auc", "fit_adam", "fit_sgd_nesterov",
      "fit_rmsprop_centered", "fit_adamw", "fit_nadam", "fit_adagrad", "fit_adamax", "fit_lion", "fit_ftrl",
      "fit_schedule_clipnorm", "fit_multi_output_losses", "fit_lstm_text", "odd_names", "nested_sequential_deep",
      "sequential_of_models", "transfer_frozen_base", "fine_tuned_base", "fit_frozen_base", "frozen_parts",
      "explicit_float32_policy", "output_twice_and_input_out");

  @TempDir
  Path dir;

  private static Path unseen2(String name) throws URISyntaxException {
    return Path.of(TfjsUnseen2ExportTest.class.getResource("/unseen2/" + name).toURI());
  }

  @Test
  @SuppressWarnings("unchecked")
  void layer_names_tfjs_refuses_are_exported_as_valid_stand_ins_with_a_warning() throws Exception {
    Path out = dir.resolve("odd_names");
    List<String> warnings = Models.save(Models.loadModel(unseen2("odd_names.keras")), out.resolve("model.json"));
    Map<String, Object> json = Json.readObject(Files.readString(out.resolve("model.json")), "odd_names");
    Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) json.get("modelTopology")).get("config");
    List<String> names = new ArrayList<>();
    for (Object l : (List<Object>) config.get("layers")) {
      String name = (String) ((Map<String, Object>) l).get("name");
      assertEquals(name, ((Map<String, Object>) ((Map<String, Object>) l).get("config")).get("name"));
      names.add(name);
    }
    for (Object w : (List<Object>) ((Map<String, Object>) ((List<Object>) json.get("weightsManifest")).get(0))
        .get("weights")) {
      String name = (String) ((Map<String, Object>) w).get("name");
      assertTrue(names.contains(name.substring(0, name.lastIndexOf('/'))), name + " is not named after a layer");
    }
    assertEquals(List.of("input_data.v2", "dense_1", "bn.block-1", "layer__n_c_d___", "a_b__c___d_", "add_merge",
        "out_v_2"), names);
    assertEquals(6, warnings.size(), warnings.toString());
    assertTrue(warnings.contains("layer \"a:b (c) [d]\" is exported to TF.js as \"a_b__c___d_\": TF.js 4.22 accepts "
        + "layer names matching [A-Za-z0-9][-A-Za-z0-9._/]* only"), warnings.toString());
  }

  @Test
  void tfjs_name_rule_is_tfjs_layers_own() {
    assertTrue(TfjsNames.valid("dense_1/kernel") && TfjsNames.valid("bn.block-1") && TfjsNames.valid("3d"));
    assertTrue(!TfjsNames.valid("_x") && !TfjsNames.valid("a b") && !TfjsNames.valid("ü") && !TfjsNames.valid(""));
    assertEquals("layer__x", TfjsNames.sanitized("_x"));
  }

  @Test
  void gru_with_reset_after_in_a_tutorial_model_is_refused_naming_layer_and_fix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.save(Models.loadModel(unseen2("imdb_gru_stack_masked.keras")), dir.resolve("g/model.json")));
    assertTrue(e.getMessage().contains("(GRU)") && e.getMessage().contains("reset_after"), e.getMessage());
  }

  @Test
  void real_tfjs_predicts_what_keras_predicted() throws Exception {
    KerasGoldensInTfjs.assertMatch(dir, "unseen2", EXPORTABLE);
  }
}
