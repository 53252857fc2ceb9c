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
import org.dropout4j.layers.GlobalMaxPooling2D;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.LSTM;
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

  @Test
  void conv_and_recurrent_models_export_without_warnings_and_import_with_the_same_predictions()
      throws IOException {
    for (Map.Entry<String, Sequential> e : ConvRecurrentModels.built().entrySet()) {
      if (e.getKey().equals(ConvRecurrentModels.GRU_RESET_AFTER)) {
        continue;
      }
      Sequential m = e.getValue();
      Path d = dir.resolve(e.getKey());
      assertEquals(List.of(), TfjsLayers.export(m, d), e.getKey());
      Sequential back = TfjsLayers.load(d);
      Tensor x = ConvRecurrentModels.inputs(m, 4, 1);
      assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), e.getKey());
    }
  }

  @Test
  void gru_with_reset_after_is_refused_before_writing_naming_the_layer() {
    Sequential m = ConvRecurrentModels.built().get(ConvRecurrentModels.GRU_RESET_AFTER);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsLayers.export(m, dir));
    assertTrue(e.getMessage().contains("layer \"gru\" (GRU)") && e.getMessage().contains("reset_after=true")
        && e.getMessage().contains("resetAfter(false)"), e.getMessage());
    assertTrue(!Files.exists(dir.resolve("model.json")));
  }

  @Test
  void conv1d_with_causal_padding_is_refused_naming_the_layer() {
    Sequential m = new Sequential(Input.shape(6, 2),
        org.dropout4j.layers.Conv1D.builder(3, 2).padding("causal").name("causal_conv").build(), new Dense(2));
    m.build(m.inputShape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsLayers.export(m, dir));
    assertTrue(e.getMessage().contains("layer \"causal_conv\" (Conv1D)") && e.getMessage().contains("causal"),
        e.getMessage());
    assertTrue(!Files.exists(dir.resolve("model.json")));
  }

  @Test
  void global_pooling_with_keepdims_is_refused_naming_the_layer() {
    Sequential m = new Sequential(Input.shape(4, 4, 2),
        new GlobalMaxPooling2D("channels_last", true, "gmp"), new Dense(2));
    m.build(m.inputShape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsLayers.export(m, dir));
    assertTrue(e.getMessage().contains("layer \"gmp\" (GlobalMaxPooling2D)") && e.getMessage().contains("keepdims"),
        e.getMessage());
  }

  @Test
  void recurrent_layer_with_return_state_is_refused_naming_the_layer() {
    Sequential m = new Sequential(Input.shape(5, 3),
        LSTM.builder(2).returnState(true).name("l").build());
    m.build(m.inputShape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsLayers.export(m, dir));
    assertTrue(e.getMessage().contains("layer \"l\" (LSTM)") && e.getMessage().contains("return_state"),
        e.getMessage());
  }

  @Test
  @SuppressWarnings("unchecked")
  void tfjs_known_dropout_layers_are_exported_as_themselves() throws IOException {
    Sequential m = DropoutFamilyModels.built().get("gaussian_alpha_activity");
    List<String> warnings = TfjsLayers.export(m, dir);
    String json = Files.readString(dir.resolve("model.json"));
    for (String cls : List.of("GaussianNoise", "AlphaDropout", "GaussianDropout")) {
      assertTrue(json.contains("\"class_name\":\"" + cls + "\""), json);
    }
    assertEquals(1, warnings.size(), "only the activity regularizer: " + warnings);
  }

  @Test
  void dense_activity_regularizer_is_dropped_with_a_warning_since_tfjs_cannot_call_such_a_layer()
      throws IOException {
    Sequential m = DropoutFamilyModels.built().get("gaussian_alpha_activity");
    List<String> warnings = TfjsLayers.export(m, dir);
    assertTrue(warnings.get(0).startsWith("layer \"dense_1\" (Dense): activity_regularizer {\"class_name\":\"L2\""),
        warnings.get(0));
    assertTrue(!Files.readString(dir.resolve("model.json")).contains("\"activity_regularizer\":{"));
  }

  @Test
  void weight_rules_are_exported_and_layer_normalization_constraints_dropped_with_a_warning() throws IOException {
    org.dropout4j.layers.GammaBetaRules rules = new org.dropout4j.layers.GammaBetaRules(
        org.dropout4j.layers.regularizers.Regularizer.l2(0.5f), null,
        new org.dropout4j.layers.constraints.MaxNorm(2f), null);
    Sequential m = new Sequential(Input.shape(5, 2), org.dropout4j.layers.LSTM.builder(3).returnSequences(true)
        .recurrentConstraint(new org.dropout4j.layers.constraints.MaxNorm(2f)).build(),
        new org.dropout4j.layers.LayerNormalization(new int[] {-1}, 1e-3f, true, true, "zeros", "ones", "ln", rules));
    m.build(Shape.batchOf(5, 2));
    List<String> warnings = TfjsLayers.export(m, dir);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("layer \"ln\" (LayerNormalization): gamma_constraint {\"class_name\":"
        + "\"MaxNorm\"") && warnings.get(0).contains("TF.js 4.22's LayerNormalization has no gamma or beta "
        + "constraint"), warnings.get(0));
    String text = Files.readString(dir.resolve("model.json"));
    assertTrue(text.contains("\"recurrent_constraint\":{\"class_name\":\"MaxNorm\"")
        && text.contains("\"gamma_regularizer\":{\"class_name\":\"L1L2\"")
        && text.contains("\"gamma_constraint\":null"), text);
  }

  @Test
  void spatial_dropout_2d_becomes_dropout_with_a_per_channel_noise_shape_and_a_warning() throws IOException {
    Sequential m = DropoutFamilyModels.built().get("spatial_dropout_2d_channels_first");
    List<String> warnings = TfjsLayers.export(m, dir);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("layer \"sd2\" (SpatialDropout2D) exported as Dropout")
        && warnings.get(0).contains("[null,3,1,1]"), warnings.get(0));
    String json = Files.readString(dir.resolve("model.json"));
    assertTrue(json.contains("\"class_name\":\"Dropout\",\"config\":{\"name\":\"sd2\"")
        && json.contains("\"noise_shape\":[null,3,1,1]"), json);
    Sequential last = DropoutFamilyModels.built().get("spatial_dropout_2d_channels_last");
    TfjsLayers.export(last, dir.resolve("last"));
    assertTrue(Files.readString(dir.resolve("last/model.json")).contains("\"noise_shape\":[null,1,1,3]"));
  }

  @Test
  void learned_dropout_layers_become_their_inference_dense_with_one_warning_each() throws IOException {
    Sequential m = DropoutFamilyModels.built().get("learned_dropout");
    List<String> warnings = TfjsLayers.export(m, dir);
    assertEquals(4, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("layer \"concrete_dropout\" (ConcreteDropout) exported as Dense "
        + "\"concrete_dropout\""), warnings.get(0));
    assertTrue(warnings.get(1).startsWith("layer \"drop_connect\" (DropConnectDense) exported as Dense"),
        warnings.get(1));
    assertTrue(warnings.get(3).startsWith("layer \"svd\" (SparseVariationalDense) exported as Dense \"svd\" "
        + "with the pruned kernel"), warnings.get(3));
    String json = Files.readString(dir.resolve("model.json"));
    assertTrue(!json.contains("p_logit") && !json.contains("log_sigma2") && json.contains("\"svd/kernel\""), json);
    Sequential back = TfjsLayers.load(dir);
    assertTrue(back.layers().stream().allMatch(l -> l instanceof Dense), back.layers().toString());
    Tensor x = DropoutFamilyModels.inputs(m, 6, 4);
    assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), 1e-6f);
  }

  @Test
  void sparse_variational_dense_export_zeroes_exactly_the_pruned_weights() throws IOException {
    Sequential m = DropoutFamilyModels.built().get("learned_dropout");
    org.dropout4j.layers.SparseVariationalDense svd =
        (org.dropout4j.layers.SparseVariationalDense) m.layers().get(3);
    TfjsLayers.export(m, dir);
    Sequential back = TfjsLayers.load(dir);
    float[] kernel = back.layers().get(3).weights().get(0).data();
    float[] theta = svd.weights().get(0).data();
    int zeros = 0;
    for (int i = 0; i < kernel.length; i++) {
      assertTrue(kernel[i] == 0f || kernel[i] == theta[i], "weight " + i);
      zeros += kernel[i] == 0f ? 1 : 0;
    }
    assertEquals(svd.sparsity(), zeros / (double) kernel.length, 1e-12);
    assertTrue(zeros > 0 && zeros < kernel.length, "some but not all weights pruned: " + zeros);
  }

  @Test
  void alpha_dropout_with_a_null_noise_shape_entry_gets_a_warning() throws IOException {
    Sequential m = new Sequential(Input.shape(4), new org.dropout4j.layers.regularization.AlphaDropout(0.2f,
        java.util.Arrays.asList(null, 4), null, "alpha"), new Dense(1));
    m.build(Shape.batchOf(4));
    List<String> warnings = TfjsLayers.export(m, dir);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("layer \"alpha\" (AlphaDropout)") && warnings.get(0).contains("[null,4]"),
        warnings.get(0));
  }
}
