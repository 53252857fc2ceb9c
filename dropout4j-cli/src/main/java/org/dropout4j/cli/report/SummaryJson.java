package org.dropout4j.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.dropout4j.models.History;

/**
 * Writes a run summary as pretty-printed JSON.
 *
 * <p>The tree is plain data: maps (objects, keys in the map's iteration order, so use a {@link
 * java.util.LinkedHashMap} for insertion order), lists and arrays, strings, numbers, booleans and null. A
 * {@link History} is written as its {@link History#asMap()} (key to list of per-epoch values). Non-finite doubles
 * are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, since JSON has no such numbers.
 * Output is UTF-8 with two-space indentation and a final line end.
 *
 * <pre>{@code
 * Map<String, Object> summary = new LinkedHashMap<>();
 * summary.put("workload", "circles");
 * summary.put("test_accuracy", Map.of("no dropout", 0.771, "dropout 0.4", 0.814));
 * SummaryJson.write(summary, Path.of("out/summary.json"));
 * }</pre>
 */
public final class SummaryJson {
  private static final ObjectWriter WRITER = new ObjectMapper()
      .registerModule(new SimpleModule("dropout4j-report").addSerializer(History.class, new HistorySerializer()))
      .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .writerWithDefaultPrettyPrinter();

  private SummaryJson() {
  }

  /**
   * The JSON text {@link #write} writes, including the final line end.
   *
   * @param tree the summary; non-null
   * @throws IllegalArgumentException if the tree holds a value Jackson cannot write as plain data (the message names
   *     it)
   */
  public static String format(Map<String, ?> tree) {
    Objects.requireNonNull(tree, "tree");
    try {
      return WRITER.writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid value for argument `tree`: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Writes {@code tree} to {@code file} atomically (temporary file, then rename).
   *
   * @param tree the summary; non-null
   * @param file the JSON file to create or replace; parent directories are created
   * @throws IllegalArgumentException as for {@link #format}; nothing is written then
   * @throws IOException if writing fails; an existing file is then left untouched
   */
  public static void write(Map<String, ?> tree, Path file) throws IOException {
    AtomicFiles.writeString(file, format(tree));
  }

  private static final class HistorySerializer extends JsonSerializer<History> {
    @Override
    public void serialize(History value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      serializers.defaultSerializeValue(value.asMap(), gen);
    }
  }
}
