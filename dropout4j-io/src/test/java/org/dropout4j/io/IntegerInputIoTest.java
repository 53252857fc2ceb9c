package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.layers.Embedding;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.LSTM;
import org.dropout4j.models.Sequential;
import org.junit.jupiter.api.Test;

/** Integer model inputs: InputLayer dtype int32/int64 (Keras 3) and a Keras 2 first layer's dtype. */
class IntegerInputIoTest {
  @Test
  void int32_input_round_trips_through_json() {
    Sequential m = new Sequential(Input.shape(6).dtype("int32"), new Embedding(20, 4), new LSTM(3));
    String json = ModelJson.toJson(m);
    assertTrue(json.contains("\"dtype\":\"int32\""), json);
    Sequential back = ModelJson.fromJson(json);
    assertEquals(json, ModelJson.toJson(back));
    assertEquals("int32", back.input().dtype());
  }

  @Test
  void keras2_first_layer_dtype_becomes_the_input_dtype() {
    Sequential m = ModelJson.fromJson("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"Embedding\", \"config\": {\"name\": \"e\", \"trainable\": true, \"batch_input_shape\":"
        + " [null, 5], \"dtype\": \"int64\", \"input_dim\": 10, \"output_dim\": 2}}]}}");
    assertEquals("int64", m.input().dtype());
  }

  @Test
  void other_input_dtypes_are_refused_naming_the_key() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": "
            + "\"InputLayer\", \"config\": {\"name\": \"i\", \"batch_shape\": [null, 5], \"dtype\": \"bfloat16\"}}]}}"));
    assertTrue(e.getMessage().contains("`dtype`") && e.getMessage().contains("bfloat16"), e.getMessage());
  }
}
