package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Json}'s reader: the same values as Jackson's {@code ObjectMapper} gives for {@code Object} and
 * {@code Map<String, Object>} (checked against it as the oracle: equal values, the same number types, maps in the
 * same key order), and errors that name the text's source.
 */
class JsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final List<String> TEXTS = List.of(
      "{}", "[]", "null", "true", "0", "-7", "\"s\"", "1.5", "-0.0", "1e-45", "3.4028235e38", "1e400",
      "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
      "123456789012345678901234567890", "0.1000000000000000055511151231257827",
      "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [{\"class_name\": \"Dense\", "
          + "\"config\": {\"units\": 500, \"activation\": \"relu\", \"use_bias\": true, \"rate\": 0.4, "
          + "\"seed\": null, \"batch_input_shape\": [null, 2], \"dtype\": \"float32\"}}]}}",
      "{\"b\": 1, \"a\": 2, \"c\": {\"z\": [], \"y\": {}}, \"a\": 3}",
      "{\"unicode\": \"\\u00e9\\u4e2d\\ud83d\\ude00 \\n\\t\\\"\", \"\\u0041\": [1, [2, [3.0, [false]]]]}",
      "  {\"trailing\": true}  ");

  @Test
  void values_equal_object_mappers_with_the_same_number_types_and_key_order() throws Exception {
    for (String text : TEXTS) {
      Object expected = MAPPER.readValue(text, Object.class);
      Object actual = Json.read(text, "t");
      assertEquals(expected, actual, text);
      assertEquals(String.valueOf(expected), String.valueOf(actual), text); // key order, Integer vs Long vs Double
      assertEquals(expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass(), text);
    }
  }

  @Test
  void read_object_equals_object_mappers_map() throws Exception {
    for (String text : TEXTS) {
      if (text.trim().startsWith("{")) {
        Map<String, Object> expected = MAPPER.readValue(text,
            new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        assertEquals(String.valueOf(expected), String.valueOf(Json.readObject(text, "t")), text);
      }
    }
  }

  @Test
  void a_value_that_is_not_an_object_is_refused_naming_the_source_and_what_it_is() {
    assertMessage("model.json is not a JSON object: received null", () -> Json.readObject("null", "model.json"));
    assertMessage("model.json is not a JSON object: received an array", () -> Json.readObject("[1]", "model.json"));
    assertMessage("model.json is not a JSON object: received a number", () -> Json.readObject("5", "model.json"));
    assertMessage("model.json is not a JSON object: received a string", () -> Json.readObject("\"x\"", "model.json"));
  }

  @Test
  void invalid_or_empty_text_is_refused_naming_the_source() {
    for (String bad : List.of("", "   ", "{", "{\"a\": }", "[1, 2", "{\"a\" 1}", "NaN", "{\"a\": 1,}", "tru")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.read(bad, "config.json"),
          bad);
      assertTrue(e.getMessage().startsWith("config.json is not valid JSON: "), e.getMessage());
    }
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
