package org.dropout4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir
  Path dir;

  private static IdxArray sample() {
    byte[] v = new byte[2 * 3 * 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) (i * 11);  // includes values above 127
    }
    return new IdxArray(new int[] {2, 3, 4}, v);
  }

  @Test
  void rawFile_roundTrips() throws IOException {
    Path f = dir.resolve("x-idx3-ubyte");
    Idx.write(sample(), f);
    assertEquals(4 + 3 * 4 + 24, Files.size(f));
    IdxArray back = Idx.read(f);
    assertArrayEquals(new int[] {2, 3, 4}, back.dims());
    assertArrayEquals(sample().bytes(), back.bytes());
    assertEquals(253, back.get(23));
  }

  @Test
  void gzippedFile_roundTrips() throws IOException {
    Path f = dir.resolve("x-idx3-ubyte.gz");
    Idx.write(sample(), f);
    byte[] head = Arrays.copyOf(Files.readAllBytes(f), 2);
    assertArrayEquals(new byte[] {0x1F, (byte) 0x8B}, head, "written gzipped");
    IdxArray back = Idx.read(f);
    assertArrayEquals(new int[] {2, 3, 4}, back.dims());
    assertArrayEquals(sample().bytes(), back.bytes());
  }

  @Test
  void headerBytes_areBigEndianWithMagic0x0803() {
    byte[] b = Idx.toBytes(new IdxArray(new int[] {258}, new byte[258]));
    assertArrayEquals(new byte[] {0, 0, 8, 1, 0, 0, 1, 2}, Arrays.copyOf(b, 8));
  }

  @Test
  void badMagic_throwsNamingTheSource() {
    byte[] b = Idx.toBytes(sample());
    b[0] = 1;
    IOException e = assertThrows(IOException.class, () -> Idx.read(new ByteArrayInputStream(b), "f.idx"));
    assertTrue(e.getMessage().startsWith("f.idx: not an IDX file"), e.getMessage());
  }

  @Test
  void unsupportedType_throwsWithTheTypeCode() {
    byte[] b = Idx.toBytes(sample());
    b[2] = 0x0D;
    IOException e = assertThrows(IOException.class, () -> Idx.read(new ByteArrayInputStream(b), "f.idx"));
    assertTrue(e.getMessage().contains("unsupported IDX data type 0x0D"), e.getMessage());
  }

  @Test
  void truncatedRawFile_failsBeforeAllocatingWithBothSizes() throws IOException {
    Path f = dir.resolve("t");
    byte[] b = Idx.toBytes(sample());
    Files.write(f, Arrays.copyOf(b, b.length - 1));
    IOException e = assertThrows(IOException.class, () -> Idx.read(f));
    assertTrue(e.getMessage().contains("[2, 3, 4]") && e.getMessage().contains("file has 39 bytes"), e.getMessage());
  }

  @Test
  void hugeDimensions_areRejectedFromTheHeader() {
    byte[] b = {0, 0, 8, 2, 0x7F, 0, 0, 0, 0x7F, 0, 0, 0};
    IOException e = assertThrows(IOException.class, () -> Idx.read(new ByteArrayInputStream(b), "big"));
    assertTrue(e.getMessage().contains("too many for one Java array"), e.getMessage());
  }

  @Test
  void zeroDimension_isRejected() {
    byte[] b = {0, 0, 8, 1, 0, 0, 0, 0};
    IOException e = assertThrows(IOException.class, () -> Idx.read(new ByteArrayInputStream(b), "z"));
    assertTrue(e.getMessage().contains("dimension 0 has size 0"), e.getMessage());
  }

  @Test
  void truncatedStream_saysHowManyBytesWereFound() {
    byte[] b = Idx.toBytes(sample());
    IOException e = assertThrows(IOException.class,
        () -> Idx.read(new ByteArrayInputStream(Arrays.copyOf(b, b.length - 5)), "s"));
    assertTrue(e.getMessage().contains("need 24 data bytes, found 19"), e.getMessage());
  }

  @Test
  void extraBytes_areAnError() {
    byte[] b = Arrays.copyOf(Idx.toBytes(sample()), 41);
    IOException e = assertThrows(IOException.class, () -> Idx.read(new ByteArrayInputStream(b), "s"));
    assertTrue(e.getMessage().contains("extra bytes"), e.getMessage());
  }
}
