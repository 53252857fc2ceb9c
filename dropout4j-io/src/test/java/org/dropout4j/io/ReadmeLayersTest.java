package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's layer lists against the registry: every registered {@code class_name} is named in the Features table's
 * {@code layers} row or in the dropout family table, and the {@code layers} row names no layer twice.
 */
class ReadmeLayersTest {
  private static final Pattern NAME = Pattern.compile("`([A-Z][A-Za-z0-9]*)[`(]");

  private static String readme() throws IOException {
    Path p = Path.of("..", "README.md");
    if (!Files.exists(p)) {
      p = Path.of("README.md");
    }
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  private static List<String> names(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String layersRow(String readme) {
    int i = readme.indexOf("\n| layers | ");
    assertTrue(i >= 0, "README has a Features row \"| layers | ...\"");
    return readme.substring(i + 1, readme.indexOf('\n', i + 1));
  }

  /** The first cells of the table under "## The dropout family". */
  private static String dropoutTable(String readme) {
    int start = readme.indexOf("\n## The dropout family\n");
    assertTrue(start >= 0, "README has a section \"## The dropout family\"");
    int end = readme.indexOf("\n## ", start + 1);
    StringBuilder cells = new StringBuilder();
    for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
      if (line.startsWith("| `")) {
        cells.append(line, 0, line.indexOf(" | ", 2)).append('\n');
      }
    }
    return cells.toString();
  }

  @Test
  void every_registered_layer_is_in_the_readme() throws IOException {
    String readme = readme();
    Set<String> named = new LinkedHashSet<>(names(layersRow(readme)));
    named.addAll(names(dropoutTable(readme)));
    List<String> missing = new ArrayList<>();
    for (String c : LayerRegistry.standard().classNames()) {
      if (!named.contains(c)) {
        missing.add(c);
      }
    }
    assertTrue(missing.isEmpty(), "registered layers missing from README's layers row and dropout table: " + missing);
  }

  @Test
  void the_layers_row_names_each_layer_once() throws IOException {
    List<String> names = names(layersRow(readme()));
    Set<String> seen = new LinkedHashSet<>();
    List<String> twice = new ArrayList<>();
    for (String n : names) {
      if (!seen.add(n)) {
        twice.add(n);
      }
    }
    assertTrue(twice.isEmpty(), "named twice in README's layers row: " + twice);
  }
}
