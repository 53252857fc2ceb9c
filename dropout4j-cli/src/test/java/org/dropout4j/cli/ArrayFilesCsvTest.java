package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV input of {@code predict} and {@code mc-predict} ({@link ArrayFiles#read}), scanned in place: lines end in
 * {@code \n}, {@code \r\n} or {@code \r} (as {@code BufferedReader} splits them), blank lines are skipped, spaces
 * around a value are ignored, a first line without numbers is a header, and every value is
 * {@code Float.parseFloat}'s; a field that is not a plain number names the line.
 */
class ArrayFilesCsvTest {
  @TempDir
  Path dir;

  private Tensor read(String text) throws IOException {
    Path f = dir.resolve("x.csv");
    Files.writeString(f, text);
    return ArrayFiles.read(f);
  }

  @Test
  void any_line_end_blank_lines_spaces_and_a_header_read_as_floats() throws IOException {
    Tensor t = read("x1, x2\r\n0.8156841466728743 ,-0.04533489870125794\r\n\n\t1e-3,\t-7\r.5,5.\n");
    assertEquals(3, t.shape().dim(0));
    assertArrayEquals(new float[] {Float.parseFloat("0.8156841466728743"), Float.parseFloat("-0.04533489870125794"),
        1e-3f, -7f, 0.5f, 5f}, t.toArray(), 0f);
  }

  @Test
  void a_field_that_is_not_a_plain_number_names_its_line() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("1,2\n3,0x1p3\n"));
    assertTrue(e.getMessage().contains("line 2: '0x1p3' is not a number"), e.getMessage());
  }
}
