package org.dropout4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.models.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {
  @TempDir Path dir;

  private static Map<String, Object> sample() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("workload", "circles");
    tree.put("epochs", 4000);
    Map<String, Object> acc = new LinkedHashMap<>();
    acc.put("no dropout", 0.771);
    acc.put("dropout 0.4", 0.814);
    tree.put("test_accuracy", acc);
    tree.put("seeds", List.of(1000, 1001));
    tree.put("quiet", true);
    tree.put("note", null);
    return tree;
  }

  @Test
  void keys_keep_insertion_order_not_alphabetical() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("zeta", 1);
    tree.put("alpha", 2);
    tree.put("mu", 3);
    String json = SummaryJson.format(tree);
    assertTrue(json.indexOf("zeta") < json.indexOf("alpha") && json.indexOf("alpha") < json.indexOf("mu"), json);
  }

  @Test
  void output_is_pretty_printed_with_a_final_line_end() {
    String json = SummaryJson.format(sample());
    assertTrue(json.startsWith("{\n  \"workload\" : \"circles\",\n"), json);
    assertTrue(json.endsWith("}\n"), json);
  }

  @Test
  void written_file_parses_back_to_the_same_tree() throws IOException {
    Path file = dir.resolve("summary.json");
    SummaryJson.write(sample(), file);
    ObjectMapper mapper = new ObjectMapper();
    assertEquals(mapper.valueToTree(sample()), mapper.readTree(file.toFile()));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file left");
    }
  }

  @Test
  void history_is_written_as_its_key_to_values_map() throws IOException {
    History h = new History();
    h.record("loss", 0.5);
    h.record("loss", 0.25);
    h.record("accuracy", 1.0);
    JsonNode node = new ObjectMapper().readTree(SummaryJson.format(Map.of("history", h)));
    assertEquals("{\"loss\":[0.5,0.25],\"accuracy\":[1.0]}", node.get("history").toString());
  }

  @Test
  void non_finite_doubles_become_strings() throws IOException {
    JsonNode node = new ObjectMapper().readTree(SummaryJson.format(Map.of("loss", Double.NaN)));
    assertEquals("NaN", node.get("loss").textValue());
  }

  @Test
  void value_that_is_not_plain_data_throws_naming_the_argument() {
    List<Object> opaque = new ArrayList<>();
    opaque.add(new Object()); // a bean with no properties
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SummaryJson.format(Map.of("x", opaque)));
    assertTrue(e.getMessage().contains("`tree`"), e.getMessage());
  }

  @Test
  void failed_format_leaves_the_old_file_untouched() throws IOException {
    Path file = dir.resolve("summary.json");
    Files.writeString(file, "{}\n");
    assertThrows(IllegalArgumentException.class, () -> SummaryJson.write(Map.of("x", new Object()), file));
    assertEquals("{}\n", Files.readString(file));
  }
}
