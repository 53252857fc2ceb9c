package org.dropout4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Csv} and {@link CsvTable}: round trips, byte-identity with Python's output, errors naming the place. */
class CsvTest {
  private static final List<String> FEATURES = List.of("x1", "x2");

  @TempDir
  Path dir;

  private Path file(String content) throws IOException {
    Path p = dir.resolve("bad.csv");
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private IllegalArgumentException readError(String content) throws IOException {
    Path p = file(content);
    return assertThrows(IllegalArgumentException.class, () -> Csv.read(p));
  }

  @Test
  void readThenWrite_reproducesThePythonWrittenFileByteForByte() throws IOException {
    Path original = ReferenceFiles.path("circles-n100-noise0.1-rs1.csv");
    Path copy = dir.resolve("copy.csv");
    Csv.write(copy, Csv.readLabeled(original, FEATURES, "label"), FEATURES, "label");
    assertEquals(Files.readString(original), Files.readString(copy));
  }

  @Test
  void writeThenRead_returnsIdenticalDoubles() throws IOException {
    double[][] rows = {{0.1, -1e-300}, {Double.MIN_VALUE, Double.MAX_VALUE}, {Math.PI, -0.0}, {1e22, 123456.789}};
    Path p = dir.resolve("rows.csv");
    Csv.write(p, List.of("a", "b"), rows);
    CsvTable t = Csv.read(p);
    for (int r = 0; r < rows.length; r++) {
      assertEquals(Double.doubleToRawLongBits(rows[r][0]), Double.doubleToRawLongBits(t.get(r, "a")), "row " + r);
      assertEquals(Double.doubleToRawLongBits(rows[r][1]), Double.doubleToRawLongBits(t.get(r, "b")), "row " + r);
    }
  }

  @Test
  void write_replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
    Path p = dir.resolve("out.csv");
    Files.writeString(p, "old content\n");
    Csv.write(p, List.of("v"), new double[][] {{1.5}});
    assertEquals("v\n1.5\n", Files.readString(p));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList());
    }
  }

  @Test
  void write_rowOfWrongLength_throwsAndLeavesTheTargetUntouched() throws IOException {
    Path p = dir.resolve("out.csv");
    Files.writeString(p, "old\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Csv.write(p, List.of("a", "b"), new double[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("row 1 with 1 values"), e.getMessage());
    assertEquals("old\n", Files.readString(p));
  }

  @Test
  void write_columnNameWithComma_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Csv.write(dir.resolve("o.csv"), List.of("a,b"), new double[][] {{1}}));
    assertTrue(e.getMessage().contains("'a,b'"), e.getMessage());
  }

  @Test
  void read_selectsFeatureColumnsInTheGivenOrder() throws IOException {
    LabeledData d = Csv.readLabeled(file("label,x1,x2\n1,0.5,-2\n0,3,4\n"), List.of("x2", "x1"), "label");
    assertArrayEquals(new double[][] {{-2, 0.5}, {4, 3}}, d.x());
    assertArrayEquals(new int[] {1, 0}, d.y());
  }

  @Test
  void read_crlfLineEndsAndTrailingBlankLines_areAccepted() throws IOException {
    CsvTable t = Csv.read(file("a,b\r\n1,2\r\n3,4\r\n\r\n"));
    assertEquals(2, t.rowCount());
    assertArrayEquals(new double[] {2, 4}, t.column("b"));
  }

  @Test
  void read_pythonNanAndInf_areParsed() throws IOException {
    CsvTable t = Csv.read(file("a\nnan\ninf\n-inf\n"));
    assertArrayEquals(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, t.column("a"));
  }

  @Test
  void read_nonNumericValue_namesFileLineAndColumn() throws IOException {
    IllegalArgumentException e = readError("x1,x2,label\n1,2,0\n3,abc,1\n");
    assertTrue(e.getMessage().endsWith("bad.csv line 3, column 'x2' (column 2): expected a number, found 'abc'"),
        e.getMessage());
  }

  @Test
  void read_missingValue_namesFileLineAndColumn() throws IOException {
    IllegalArgumentException e = readError("x1,x2,label\n1,,0\n");
    assertTrue(e.getMessage().endsWith("bad.csv line 2, column 'x2' (column 2): missing value"), e.getMessage());
  }

  @Test
  void read_raggedRow_namesLineAndFieldCounts() throws IOException {
    IllegalArgumentException e = readError("x1,x2,label\n1,2,0\n1,2\n");
    assertTrue(e.getMessage().contains("bad.csv line 3: expected 3 fields like the header [x1, x2, label], found 2"),
        e.getMessage());
  }

  @Test
  void read_emptyFile_saysSo() throws IOException {
    IllegalArgumentException e = readError("");
    assertTrue(e.getMessage().contains("bad.csv line 1: expected a header line of column names, found an empty file"),
        e.getMessage());
  }

  @Test
  void read_duplicateColumnName_throws() throws IOException {
    IllegalArgumentException e = readError("a,b,a\n1,2,3\n");
    assertTrue(e.getMessage().contains("line 1, column 3: duplicate column name 'a'"), e.getMessage());
  }

  @Test
  void read_blankLineBetweenRows_throws() throws IOException {
    IllegalArgumentException e = readError("a\n1\n\n2\n");
    assertTrue(e.getMessage().contains("bad.csv line 3: blank line before more data"), e.getMessage());
  }

  @Test
  void labeled_fractionalLabel_namesLineAndColumn() throws IOException {
    Path p = file("x1,x2,label\n1,2,0\n1,2,0.5\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Csv.readLabeled(p, FEATURES, "label"));
    assertTrue(e.getMessage().endsWith("line 3, column 'label' (column 3): expected an integer label, found 0.5"),
        e.getMessage());
  }

  @Test
  void labeled_unknownColumn_listsTheKnownOnes() throws IOException {
    Path p = file("x1,x2,label\n1,2,0\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Csv.readLabeled(p, List.of("x1", "x3"), "label"));
    assertTrue(e.getMessage().endsWith("has no column 'x3'; columns: [x1, x2, label]"), e.getMessage());
  }

  @Test
  void a_header_of_more_columns_than_a_table_holds_is_refused_before_it_is_split() throws IOException {
    Path f = dir.resolve("wide.csv");
    Files.writeString(f, "c,".repeat(Csv.MAX_TABLE_COLUMNS) + "c\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f));
    assertTrue(e.getMessage().startsWith(f + " line 1: a line of more than 65536 comma-separated fields"),
        e.getMessage());
  }

  @Test
  void a_row_of_the_wrong_width_is_counted_not_split_and_echoed_abbreviated() throws IOException {
    Path f = dir.resolve("long.csv");
    Files.writeString(f, "x1,x2,label\n" + "1,".repeat(1 << 20) + "1\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f));
    assertTrue(e.getMessage().contains("found 1048577 in '1,1,1,") && e.getMessage().contains("(2097153 characters)")
        && e.getMessage().length() < 300, e.getMessage());
  }
}
