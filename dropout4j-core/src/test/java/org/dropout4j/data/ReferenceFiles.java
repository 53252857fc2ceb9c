package org.dropout4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/** Locates the reference files in {@code src/test/resources/data} (see PROVENANCE.md there). */
final class ReferenceFiles {
  private ReferenceFiles() {
  }

  static Path path(String name) {
    URL url = ReferenceFiles.class.getResource("/data/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test resource data/" + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static CsvTable table(String name) {
    try {
      return Csv.read(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static LabeledData labeled(String name) {
    return table(name).labeled(List.of("x1", "x2"), "label");
  }
}
