package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFileTest {
  @TempDir
  Path dir;

  private static Path fixture(String name) {
    try {
      return Path.of(NpyFileTest.class.getResource("/npy/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A version-1 file with the given header dict (padded as numpy does) and data bytes. */
  private Path handMade(String dict, byte[] data) throws IOException {
    int total = 10 + dict.length() + 1;
    int padded = (total + 63) / 64 * 64;
    ByteBuffer b = ByteBuffer.allocate(padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (padded - 10));
    b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
    while (b.position() < padded - 1) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n').put(data);
    Path f = dir.resolve("hand.npy");
    Files.write(f, b.array());
    return f;
  }

  private static byte[] floats(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  @Test
  void numpy_float32_matrix_is_read_with_its_shape_and_values() throws IOException {
    Tensor t = NpyFile.read(fixture("f4_2x3.npy"));
    assertEquals(Shape.of(2, 3), t.shape());
    assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f}, t.toArray());
  }

  @Test
  void float64_is_rounded_to_float32() throws IOException {
    Tensor t = NpyFile.read(fixture("f8_2x3.npy"));
    assertEquals(Shape.of(2, 3), t.shape());
    for (int k = 0; k < 6; k++) {
      assertEquals((float) (k / 3.0), t.toArray()[k]);
    }
  }

  @Test
  void integer_unsigned_and_bool_arrays_become_floats() throws IOException {
    assertArrayEquals(new float[] {-2, -1, 0, 1, 2, 3}, NpyFile.read(fixture("i4_3x2.npy")).toArray());
    assertEquals(Shape.of(3, 2), NpyFile.read(fixture("i4_3x2.npy")).shape());
    assertArrayEquals(new float[] {0, 1000, 2000, 3000}, NpyFile.read(fixture("i8_4.npy")).toArray());
    assertArrayEquals(new float[] {0, 7, 200, 255}, NpyFile.read(fixture("u1_2x2.npy")).toArray());
    assertArrayEquals(new float[] {1, 0, 1}, NpyFile.read(fixture("bool_3.npy")).toArray());
  }

  @Test
  void scalar_rank3_and_big_endian_arrays_are_read() throws IOException {
    Tensor s = NpyFile.read(fixture("f4_scalar.npy"));
    assertEquals(0, s.shape().rank());
    assertArrayEquals(new float[] {2.5f}, s.toArray());
    Tensor r3 = NpyFile.read(fixture("f4_2x2x3.npy"));
    assertEquals(Shape.of(2, 2, 3), r3.shape());
    assertEquals(11f, r3.toArray()[11]);
    assertArrayEquals(new float[] {1.5f, -2f}, NpyFile.read(fixture("big_endian_f4_2.npy")).toArray());
  }

  @Test
  void format_versions_2_and_3_are_read() throws IOException {
    float[] want = NpyFile.read(fixture("f4_2x3.npy")).toArray();
    assertArrayEquals(want, NpyFile.read(fixture("v2_f4_2x3.npy")).toArray());
    assertArrayEquals(want, NpyFile.read(fixture("v3_f4_2x3.npy")).toArray());
  }

  @Test
  void written_file_is_byte_identical_to_numpys() throws IOException {
    Path out = dir.resolve("out.npy");
    NpyFile.write(Tensor.of(Shape.of(2, 3), 0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f), out);
    assertArrayEquals(Files.readAllBytes(fixture("f4_2x3.npy")), Files.readAllBytes(out));
  }

  @Test
  void write_then_read_keeps_shape_and_values_for_any_rank() throws IOException {
    for (Shape shape : new Shape[] {Shape.of(), Shape.of(5), Shape.of(2, 3, 4)}) {
      float[] v = new float[shape.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = i * 0.5f - 1;
      }
      Path out = dir.resolve("r" + shape.rank() + ".npy");
      NpyFile.write(Tensor.of(shape, v), out);
      Tensor back = NpyFile.read(out);
      assertEquals(shape, back.shape());
      assertArrayEquals(v, back.toArray());
      assertEquals(0, (Files.size(out) - 4L * v.length) % 64, "header padded to 64 bytes");
    }
  }

  @Test
  void fortran_order_is_refused_with_the_fix() {
    IOException e = assertThrows(IOException.class, () -> NpyFile.read(fixture("fortran_f4_2x3.npy")));
    assertTrue(e.getMessage().contains("fortran_order is True") && e.getMessage().contains("ascontiguousarray"),
        e.getMessage());
  }

  @Test
  void complex_dtype_is_refused_naming_it_and_the_supported_ones() {
    IOException e = assertThrows(IOException.class, () -> NpyFile.read(fixture("complex_2.npy")));
    assertTrue(e.getMessage().contains("unsupported dtype '<c8'") && e.getMessage().contains("<f4"),
        e.getMessage());
  }

  @Test
  void truncated_data_is_refused_before_reading_it() throws IOException {
    Path f = handMade("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 8), }", floats(1, 2, 3));
    IOException e = assertThrows(IOException.class, () -> NpyFile.read(f));
    assertTrue(e.getMessage().contains("shape (3, 8) of <f4 (96 data bytes)") && e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void huge_shape_is_refused_without_allocating() throws IOException {
    Path f = handMade("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }", floats(1));
    IOException e = assertThrows(IOException.class, () -> NpyFile.read(f));
    assertTrue(e.getMessage().contains("too many elements"), e.getMessage());
  }

  @Test
  void malformed_header_is_refused_naming_the_file() throws IOException {
    Path f = handMade("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }", floats(1));
    IOException e = assertThrows(IOException.class, () -> NpyFile.read(f));
    assertTrue(e.getMessage().contains("hand.npy: malformed .npy header") && e.getMessage().contains("True or False"),
        e.getMessage());
  }

  @Test
  void header_without_shape_is_refused() throws IOException {
    Path f = handMade("{'descr': '<f4', 'fortran_order': False}", floats(1));
    IOException e = assertThrows(IOException.class, () -> NpyFile.read(f));
    assertTrue(e.getMessage().contains("'shape'"), e.getMessage());
  }

  @Test
  void header_length_beyond_the_file_is_refused() throws IOException {
    byte[] b = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, '{'};
    Path f = dir.resolve("long.npy");
    Files.write(f, b);
    IOException e = assertThrows(IOException.class, () -> NpyFile.read(f));
    assertTrue(e.getMessage().contains("malformed .npy header: it declares 2147483647 header bytes"), e.getMessage());
  }

  @Test
  void a_file_that_is_not_npy_says_so() throws IOException {
    Path f = dir.resolve("x.npy");
    Files.writeString(f, "a,b\n1,2\n");
    IOException e = assertThrows(IOException.class, () -> NpyFile.read(f));
    assertTrue(e.getMessage().contains("not a .npy file"), e.getMessage());
  }

  @Test
  void unsupported_version_names_it() throws IOException {
    Path f = dir.resolve("v9.npy");
    Files.write(f, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 9, 0, 0, 0, 0, 0});
    IOException e = assertThrows(IOException.class, () -> NpyFile.read(f));
    assertTrue(e.getMessage().contains("unsupported .npy format version 9.0"), e.getMessage());
  }

  @Test
  void a_version_3_header_with_invalid_utf8_is_refused_naming_the_file_offset() throws IOException {
    // version 3: the header dict is UTF-8 (numpy writes it for non-Latin-1 field names); 0xff is never UTF-8
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }";
    byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    header[3] = (byte) 0xff; // inside 'descr'
    ByteBuffer b = ByteBuffer.allocate(12 + header.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 3, 0}).putInt(header.length).put(header).putFloat(1f);
    Path f = dir.resolve("v3_bad.npy");
    Files.write(f, b.array());
    IOException e = assertThrows(IOException.class, () -> NpyFile.read(f));
    assertTrue(e.getMessage().contains("invalid UTF-8 at byte offset 15 (byte 0xff)"), e.getMessage());
  }
}
