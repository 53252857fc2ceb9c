package org.dropout4j.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data files that lie: a forged gzip size, numbers in Java's own syntax, invalid UTF-8. */
class HostileDataTest {
  @TempDir
  Path dir;

  private static void assertMentions(Throwable e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "expected \"" + p + "\" in: " + e.getMessage());
    }
  }

  @Test
  void gzip_idx_whose_size_field_is_forged_is_refused_before_allocating() throws IOException {
    int n = 1_000_000_000;
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
      gz.write(new byte[] {0, 0, 8, 1, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n, 7, 7});
    }
    byte[] file = raw.toByteArray();
    // the gzip trailer's ISIZE claims the header plus a billion data bytes
    ByteBuffer.wrap(file, file.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(8 + n);
    Path f = dir.resolve("forged-idx1-ubyte.gz");
    Files.write(f, file);
    IOException e = assertThrows(IOException.class, () -> Idx.read(f));
    assertMentions(e, "forged-idx1-ubyte.gz", "forged");
  }

  @Test
  void java_float_syntax_is_not_a_csv_number() throws IOException {
    for (String bad : new String[] {"1.5f", "2d", "0x1p3", "Infinity", "1_000"}) {
      Path f = dir.resolve("t.csv");
      Files.writeString(f, "a,b\n1," + bad + "\n");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f));
      assertMentions(e, "t.csv", "line 2", "'" + bad + "'");
    }
  }

  @Test
  void plain_decimal_numbers_and_numpy_specials_still_parse() throws IOException {
    Path f = dir.resolve("t.csv");
    Files.writeString(f, "a,b,c,d,e,f\n1,-2.5,.5,3e-4,nan,-inf\n");
    CsvTable t = Csv.read(f);
    assertTrue(t.toString() != null);
  }

  @Test
  void invalid_utf8_in_a_csv_names_the_file_and_byte_offset() throws IOException {
    Path f = dir.resolve("t.csv");
    Files.write(f, new byte[] {'a', ',', 'b', '\n', '1', ',', (byte) 0xC3, '\n'});
    IOException e = assertThrows(IOException.class, () -> Csv.read(f));
    assertMentions(e, "t.csv", "invalid UTF-8 at byte offset 6");
  }
}
