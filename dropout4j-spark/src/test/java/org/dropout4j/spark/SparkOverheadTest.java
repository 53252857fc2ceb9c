package org.dropout4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark-overhead}'s errors are the command line's: one line naming the file (invalid UTF-8 with its byte
 * offset, as every other reader of the project), exit code 1, or 2 for usage; no stack trace. None of these cases
 * starts Spark.
 */
class SparkOverheadTest {
  @TempDir
  Path dir;

  private record Run(int code, String err) {
  }

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    int code = SparkOverhead.run(new PrintWriter(err, true), args);
    return new Run(code, err.toString());
  }

  @Test
  void a_spec_with_invalid_utf8_is_refused_naming_the_file_and_the_byte_offset() throws IOException {
    Path spec = dir.resolve("spec.yaml");
    Files.write(spec, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, '(', '\n'});
    Run r = run(spec.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals("error: " + spec + ": invalid UTF-8 at byte offset 6 (byte 0xc3); expected UTF-8 text",
        r.err().strip());
  }

  @Test
  void a_missing_spec_is_one_line_naming_it() {
    Run r = run(dir.resolve("nope.yaml").toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("error: ") && r.err().contains("nope.yaml"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertEquals(1, r.err().strip().split("\n").length, r.err());
  }

  @Test
  void passes_that_are_not_a_positive_integer_are_a_usage_error() {
    Run r = run("spec.yaml", "x");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("PASSES: expected an integer from 1 to 999, received x"), r.err());
  }

  @Test
  void cores_that_are_not_a_list_of_positive_integers_are_a_usage_error() {
    Run r = run("spec.yaml", "--cores", "2,0");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--cores: expected core counts from 1 to 999 separated by commas, received 2,0"),
        r.err());
  }
}
