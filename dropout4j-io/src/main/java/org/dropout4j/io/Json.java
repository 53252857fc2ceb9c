package org.dropout4j.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from plain maps/lists (insertion-ordered maps, Integer/Long/Double numbers).
 *
 * <p>Reading walks Jackson's streaming parser and builds the maps and lists itself: the values Jackson's
 * {@code ObjectMapper} gives for {@code Map<String, Object>} and {@code Object} (objects as {@link LinkedHashMap},
 * the last of duplicate keys kept, arrays as {@link ArrayList}, integers as the smallest of Integer, Long and
 * BigInteger that holds them, other numbers as Double), without building an {@code ObjectMapper}: its set-up was
 * about a third of loading a small model in a new JVM (45 of 128 ms of CPU in {@code mc-predict}, 2026-12-03).
 * Writing still takes an {@code ObjectMapper}, made the first time one is needed.
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** The writers, made on first use (class initialization). */
  private static final class Writers {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  private Json() {
  }

  static String write(Object value) {
    try {
      return Writers.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String writePretty(Object value) {
    try {
      return Writers.PRETTY.writeValueAsString(value);
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
  @SuppressWarnings("unchecked")
  static Map<String, Object> readObject(String text, String what) {
    Object value = read(text, what);
    if (value == null) {
      throw new IllegalArgumentException(what + " is not a JSON object: received null");
    }
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(what + " is not a JSON object: received " + (value instanceof List
          ? "an array" : value instanceof String ? "a string" : value instanceof Boolean ? "a boolean" : "a number"));
    }
    return (Map<String, Object>) value;
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

  /**
   * Parses any JSON value (the first one of the text, as {@code ObjectMapper.readValue} does).
   *
   * @throws IllegalArgumentException naming {@code what} if the text is empty or not valid JSON
   */
  static Object read(String text, String what) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IllegalArgumentException(what + " is not valid JSON: no content (empty text)");
      }
      return value(p, t);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) { // a parser over a String reads no file
      throw new UncheckedIOException(e);
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
          map.put(key, value(p, p.nextToken()));
        }
        return map;
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          list.add(value(p, e));
        }
        return list;
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonParseException(p, "unexpected token " + t);
    }
  }
}
