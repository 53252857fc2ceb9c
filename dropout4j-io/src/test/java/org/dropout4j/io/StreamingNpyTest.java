package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dropout4j.data.Dataset;
import org.dropout4j.data.RowSource;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NpyFile#open}: chunked reads equal whole-file reads for every supported dtype, bad files are refused as
 * {@link NpyFile#read} refuses them, and a streaming fit over a {@code .npy} file larger than the heap of a child
 * JVM completes (data ~205 MB, heap -Xmx64m) and learns.
 */
class StreamingNpyTest {
  /** Rows of the big file and floats per row: 800,000 x 64 float32 = 204.8 MB of data. */
  static final int BIG_ROWS = 800_000;
  static final int BIG_COLS = 64;

  @Test
  void chunked_rows_equal_the_whole_array(@TempDir Path dir) throws IOException {
    float[] v = new float[7 * 3 * 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = i * 0.5f - 3;
    }
    Tensor t = Tensor.of(Shape.of(7, 3, 2), v);
    Path f = dir.resolve("a.npy");
    NpyFile.write(t, f);
    RowSource rows = NpyFile.open(f);
    assertEquals(7, rows.rows());
    assertEquals(Shape.of(3, 2), rows.rowShape());
    float[] got = new float[3 * 6];
    rows.read(4, 3, got, 0);
    float[] want = new float[18];
    System.arraycopy(v, 24, want, 0, 18);
    assertArrayEquals(want, got, 0f);
    assertThrows(IndexOutOfBoundsException.class, () -> rows.read(5, 3, new float[18], 0));
  }

  @Test
  void other_dtypes_convert_as_a_whole_read_does(@TempDir Path dir) throws IOException {
    for (String descr : new String[] {"<f8", ">i4", "<i8", "|u1", ">f4"}) {
      int size = Integer.parseInt(descr.substring(2));
      ByteBuffer data = ByteBuffer.allocate(6 * size).order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN
          : ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 6; i++) {
        switch (descr.substring(1)) {
          case "f8" -> data.putDouble(i * 1.25);
          case "i4" -> data.putInt(i - 2);
          case "i8" -> data.putLong(i * 1000L);
          case "u1" -> data.put((byte) (250 + i));
          default -> data.putFloat(i / 3f);
        }
      }
      Path f = dir.resolve("d" + descr.substring(1) + ".npy");
      writeNpy(f, descr, "(3, 2)", data.array());
      Tensor whole = NpyFile.read(f);
      float[] got = new float[6];
      NpyFile.open(f).read(0, 3, got, 0);
      assertArrayEquals(whole.toArray(), got, 0f, descr);
    }
  }

  @Test
  void truncated_and_scalar_files_are_refused_naming_the_file(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("short.npy");
    writeNpy(f, "<f4", "(10, 2)", new byte[4 * 19]);
    IOException e = assertThrows(IOException.class, () -> NpyFile.open(f));
    assertTrue(e.getMessage().contains("short.npy") && e.getMessage().contains("truncated"), e.getMessage());
    Path s = dir.resolve("scalar.npy");
    writeNpy(s, "<f4", "()", new byte[4]);
    e = assertThrows(IOException.class, () -> NpyFile.open(s));
    assertTrue(e.getMessage().contains("rank-0"), e.getMessage());
  }

  @Test
  void a_fit_over_a_file_larger_than_the_heap_completes(@TempDir Path dir) throws Exception {
    Path x = dir.resolve("x.npy");
    Path y = dir.resolve("y.npy");
    writeBig(x, y);
    assertTrue(Files.size(x) > 200_000_000L, "the data is ~205 MB");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        StreamingChild.class.getName(), x.toString(), y.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println("streaming child JVM: " + out.strip());
    assertTrue(done, "the child fit did not finish in time: " + out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("OK"), out);
  }

  /**
   * x: 800,000 rows of 64 values in [-1, 1) from a fixed integer hash; y: 1 where x[0] + x[1] > 0. Written in
   * 4 MB pieces, so the test JVM does not hold the array either.
   */
  private static void writeBig(Path x, Path y) throws IOException {
    try (FileChannel cx = FileChannel.open(x, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileChannel cy = FileChannel.open(y, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      cx.write(ByteBuffer.wrap(NpyFile.headerBytes(new int[] {BIG_ROWS, BIG_COLS})));
      cy.write(ByteBuffer.wrap(NpyFile.headerBytes(new int[] {BIG_ROWS, 1})));
      int chunk = 16_384;
      ByteBuffer bx = ByteBuffer.allocate(chunk * BIG_COLS * 4).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer by = ByteBuffer.allocate(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int r0 = 0; r0 < BIG_ROWS; r0 += chunk) {
        bx.clear();
        by.clear();
        for (int r = r0; r < Math.min(BIG_ROWS, r0 + chunk); r++) {
          float first = 0;
          float second = 0;
          for (int c = 0; c < BIG_COLS; c++) {
            int h = (r * 0x9E3779B1) ^ (c * 0x85EBCA77);
            h ^= h >>> 15;
            h *= 0x2C1B3C6D;
            h ^= h >>> 12;
            float v = (h >>> 8) / (float) (1 << 23) - 1f;
            bx.putFloat(v);
            if (c == 0) {
              first = v;
            } else if (c == 1) {
              second = v;
            }
          }
          by.putFloat(first + second > 0 ? 1f : 0f);
        }
        bx.flip();
        by.flip();
        while (bx.hasRemaining()) {
          cx.write(bx);
        }
        while (by.hasRemaining()) {
          cy.write(by);
        }
      }
    }
  }

  private static void writeNpy(Path f, String descr, String shape, byte[] data) throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    b.put(data);
    Files.write(f, b.array());
  }

  /** The child JVM: one streamed epoch over the files; prints OK with the numbers, exits 1 if it did not learn. */
  public static final class StreamingChild {
    private StreamingChild() {
    }

    /** Arguments: x.npy y.npy. */
    public static void main(String[] args) throws IOException {
      RowSource xs = NpyFile.open(Path.of(args[0]));
      RowSource ys = NpyFile.open(Path.of(args[1]));
      long dataBytes = Files.size(Path.of(args[0])) + Files.size(Path.of(args[1]));
      long heap = Runtime.getRuntime().maxMemory();
      if (dataBytes <= 2 * heap) {
        System.out.println("the data (" + dataBytes + " bytes) is not much larger than the heap (" + heap + ")");
        System.exit(1);
      }
      Sequential m = new Sequential(Input.shape(BIG_COLS), new Dense(16, "relu"), new Dense(1, "sigmoid"));
      m.setRandomSeed(3);
      m.compile(new Adam(0.01), org.dropout4j.losses.Losses.get("binary_crossentropy"), "accuracy");
      Dataset data = Dataset.fromRows(xs, ys).shuffle(4096, 1).batch(1024).prefetch(2);
      History h = m.fit(data, FitOptions.builder().epochs(1).build());
      double acc = h.last("accuracy");
      Runtime rt = Runtime.getRuntime();
      System.out.println((acc > 0.9 ? "OK" : "DID NOT LEARN") + " data=" + dataBytes + " bytes, max heap=" + heap
          + " bytes, accuracy=" + acc + ", heap in use at the end=" + (rt.totalMemory() - rt.freeMemory()));
      System.exit(acc > 0.9 ? 0 : 1);
    }
  }
}
