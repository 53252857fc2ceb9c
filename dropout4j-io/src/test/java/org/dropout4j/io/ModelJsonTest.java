package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dropout4j.layers.Activation;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.models.Sequential;
import org.junit.jupiter.api.Test;

class ModelJsonTest {
  static Sequential richModel() {
    return new Sequential(Input.shape(4),
        new Dropout(0.2f, null, 7L, "input_dropout"),
        Dense.builder(8).activation("relu").kernelInitializer("he_normal").biasInitializer("ones")
            .kernelRegularizer(Regularizer.l2(1e-4f)).biasRegularizer(Regularizer.l1l2(0.01f, 0.02f))
            .kernelConstraint(new MaxNorm(3f)).build(),
        new Dropout(0.5f, List.of(1, 8), null, null),
        Dense.builder(3).useBias(false).kernelRegularizer(Regularizer.l1(0.5f)).build(),
        new Activation("softmax"));
  }

  @Test
  void round_trip_gives_an_identical_json_string() {
    String json = ModelJson.toJson(richModel());
    Sequential back = ModelJson.fromJson(json);
    assertEquals(json, ModelJson.toJson(back));
    assertEquals(5, back.layers().size());
  }

  @Test
  void json_has_the_keras_envelope_and_input_layer_first() {
    String json = ModelJson.toJson(new Sequential(Input.shape(2), new Dense(1, "sigmoid")));
    assertTrue(json.startsWith("{\"class_name\":\"Sequential\",\"config\":{\"name\":\"sequential\",\"layers\":"
        + "[{\"class_name\":\"InputLayer\",\"config\":{\"name\":\"input_layer\",\"dtype\":\"float32\","
        + "\"batch_shape\":[null,2],\"sparse\":false}},{\"class_name\":\"Dense\""), json);
  }

  @Test
  void keras2_batch_input_shape_on_first_layer_declares_the_input() {
    String json = "{\"class_name\":\"Sequential\",\"config\":[{\"class_name\":\"Dense\",\"config\":{\"units\":3,"
        + "\"name\":\"d\",\"batch_input_shape\":[null,5],\"kernel_initializer\":{\"class_name\":\"VarianceScaling\","
        + "\"config\":{\"scale\":1,\"mode\":\"fan_avg\",\"distribution\":\"normal\",\"seed\":null}},"
        + "\"activity_regularizer\":null,\"dtype\":\"float32\"}}]}";
    Sequential m = ModelJson.fromJson(json);
    assertEquals("(None, 5)", m.inputShape().toString());
    assertInstanceOf(Dense.class, m.layers().get(0));
    assertTrue(ModelJson.toJson(m).contains("\"class_name\":\"GlorotNormal\""));
  }

  @Test
  void unknown_class_name_lists_the_known_ones() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"Conv9D\",\"config\":{}}]}}"));
    assertTrue(e.getMessage().contains("'Conv9D'") && e.getMessage().contains("known layers: [Activation, Add, "
        + "AdditiveAttention, AlphaDropout,") && e.getMessage().contains(" Dense, ") && e.getMessage().contains(" InputLayer, "),
        e.getMessage());
  }

  @Test
  void lambda_layer_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"Lambda\",\"config\":"
            + "{\"name\":\"evil\",\"function\":\"4wEAAAAAAAAA\"}}]}}"));
    assertTrue(e.getMessage().contains("\"evil\" (Lambda)") && e.getMessage().contains("never runs code"),
        e.getMessage());
  }

  @Test
  void custom_registered_layer_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"module\":\"my_pkg\",\"class_name\":\"Dense\","
            + "\"registered_name\":\"my_pkg>Dense\",\"config\":{\"units\":2}}]}}"));
    assertTrue(e.getMessage().contains("custom layer") && e.getMessage().contains("my_pkg>Dense"), e.getMessage());
  }

  @Test
  void invalid_rate_names_layer_argument_and_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"Dropout\",\"config\":"
            + "{\"name\":\"drop\",\"rate\":1.5}}]}}"));
    assertTrue(e.getMessage().contains("layer \"drop\" (Dropout)") && e.getMessage().contains("rate=1.5"),
        e.getMessage());
  }

  @Test
  void unknown_config_key_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"Dense\",\"config\":"
            + "{\"name\":\"d\",\"units\":2,\"wobble\":3}}]}}"));
    assertTrue(e.getMessage().contains("[wobble]"), e.getMessage());
  }

  @Test
  void registering_a_lambda_factory_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LayerRegistry.standard().with("Lambda", c -> new Activation("relu")));
    assertTrue(e.getMessage().contains("Lambda"), e.getMessage());
  }

  @Test
  void registry_extends_with_a_new_layer_type() {
    LayerRegistry r = LayerRegistry.standard().with("Relu2", c -> new Activation("relu", (String) c.get("name")));
    Sequential m = ModelJson.fromJson("{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":"
        + "\"Relu2\",\"config\":{\"name\":\"r\"}}]}}", r);
    assertEquals("r", m.layers().get(0).name());
    assertTrue(LayerRegistry.standard().classNames().size() < r.classNames().size());
  }

  @SuppressWarnings("unchecked")
  private static java.util.Map<String, Object> keras3Config() throws java.io.IOException {
    try (java.io.InputStream in = ModelJsonTest.class.getResourceAsStream("/keras3/dense_dropout_mlp.config.json")) {
      return Json.readObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "config.json");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void keras3_config_with_an_unsupported_layer_names_it_and_the_known_ones() throws java.io.IOException {
    java.util.Map<String, Object> env = keras3Config();
    List<Object> layers = (List<Object>) ((java.util.Map<String, Object>) env.get("config")).get("layers");
    ((java.util.Map<String, Object>) layers.get(6)).put("class_name", "ActivityRegularization");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelJson.fromConfig(env, LayerRegistry.standard()));
    assertTrue(e.getMessage().contains("'ActivityRegularization'") && e.getMessage().contains("known layers"),
        e.getMessage());
  }

  @Test
  void keras3_saved_config_with_alpha_dropout_is_read_whole() throws java.io.IOException {
    Sequential m = ModelJson.fromConfig(keras3Config(), LayerRegistry.standard());
    assertInstanceOf(org.dropout4j.layers.regularization.AlphaDropout.class, m.layers().get(5));
    assertEquals(0.2f, ((org.dropout4j.layers.regularization.AlphaDropout) m.layers().get(5)).rate());
  }

  @Test
  @SuppressWarnings("unchecked")
  void keras3_saved_config_of_dense_and_dropout_layers_is_read() throws java.io.IOException {
    java.util.Map<String, Object> env = keras3Config();
    List<Object> layers = (List<Object>) ((java.util.Map<String, Object>) env.get("config")).get("layers");
    layers.removeIf(l -> "AlphaDropout".equals(((java.util.Map<String, Object>) l).get("class_name")));
    Sequential m = ModelJson.fromConfig(env, LayerRegistry.standard());
    assertEquals("dense_dropout_mlp", m.name());
    assertEquals("(None, 8)", m.inputShape().toString());
    assertEquals(List.of("dense", "dropout", "dense_1", "dropout_1", "dense_2", "dense_3", "dense_4"),
        m.layers().stream().map(l -> l.name()).toList());
    assertEquals("(None, 4)", m.outputShape().toString());
  }
}
