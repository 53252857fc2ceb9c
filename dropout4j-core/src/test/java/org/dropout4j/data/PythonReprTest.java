package org.dropout4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PythonRepr} against Python 3.11.2's {@code repr(float)} for the values in
 * {@code data/python-repr-samples.txt} (every power of two, random bit patterns, uniforms, normals, edge cases),
 * written by tools/reference-data/make_reference.py.
 */
class PythonReprTest {
  @Test
  void repr_matchesPythonForEverySample() throws IOException {
    List<String> lines = Files.readAllLines(ReferenceFiles.path("python-repr-samples.txt"), StandardCharsets.UTF_8);
    int checked = 0;
    for (String line : lines) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ");
      double value = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
      assertEquals(parts[1], PythonRepr.repr(value), "bits " + parts[0]);
      checked++;
    }
    assertTrue(checked > 3000, "only " + checked + " samples read");
  }

  @Test
  void repr_smallExponent_usesPythonExponentForm() {
    assertEquals("1e-05", PythonRepr.repr(1e-5));
  }

  @Test
  void repr_wholeNumber_endsInPointZero() {
    assertEquals("1000000000000000.0", PythonRepr.repr(1e15));
  }
}
