package org.dropout4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/** JSON text to and from plain maps/lists (insertion-ordered maps, Integer/Long/Double numbers). */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String writePretty(Object value) {
    try {
      return PRETTY.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses a JSON object.
   *
   * @param what what the text is, for the error message (e.g. {@code model.json})
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  static Map<String, Object> readObject(String text, String what) {
    try {
      Map<String, Object> m = MAPPER.readValue(text, new TypeReference<Map<String, Object>>() { });
      if (m == null) {
        throw new IllegalArgumentException(what + " is not a JSON object: received null");
      }
      return m;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Strict UTF-8 decoding for JSON read from a file or archive entry.
   *
   * @throws IllegalArgumentException naming {@code source} and the byte offset of the first invalid byte
   */
  static String utf8(byte[] bytes, String source) {
    try {
      return org.dropout4j.data.TextFiles.utf8(bytes, source);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Parses any JSON value. */
  static Object read(String text, String what) {
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
