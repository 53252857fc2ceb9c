package org.dropout4j.cli.report;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Writes a {@link BufferedImage} as PNG, reading the pixels of an RGB image straight from its int array.
 *
 * <p>For a {@link BufferedImage#TYPE_INT_RGB} image (what XChart and {@link FieldMap} draw) the bytes are those of
 * the JDK's own PNG writer ({@code ImageIO.write(img, "png", out)}, JDK 17 and 25): an 8-bit RGB {@code IHDR}, each
 * row with filter type 0 (none) behind it, the rows deflated as one zlib stream at level 4, that stream cut into
 * {@code IDAT} chunks of 32,768 bytes, then {@code IEND}. The JDK's writer fetches every row through the raster's
 * generic sample calls, which took about half of its time (a CPU profile of the whole {@code circles} process:
 * 0.30 of 0.57 s in {@code Raster.getPixels}, 0.05 s in zlib); here a row is three byte stores per pixel. Any other
 * image (another type, or a raster that is a window on a larger one) goes to {@code ImageIO} unchanged.
 *
 * <pre>{@code
 * PngEncoder.write(BitmapEncoder.getBufferedImage(chart), out);
 * }</pre>
 */
public final class PngEncoder {
  /** The PNG signature. */
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  /** Deflate level of the JDK's PNG writer when no compression quality is set. */
  static final int LEVEL = 4;
  /** Largest IDAT chunk the JDK's PNG writer makes. */
  static final int IDAT_BYTES = 32768;

  private PngEncoder() {
  }

  /**
   * Writes {@code img} to {@code out} as PNG (the stream is not closed).
   *
   * @throws IOException if {@code out} fails, or no PNG writer takes an image of another type
   */
  public static void write(BufferedImage img, OutputStream out) throws IOException {
    int[] pixels = packedRgb(img);
    if (pixels == null) {
      if (!ImageIO.write(img, "png", out)) {
        throw new IOException("no PNG writer for an image of type " + img.getType());
      }
      return;
    }
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] raw = new byte[h * (1 + 3 * w)];
    for (int y = 0; y < h; y++) {
      row(pixels, y * w, w, raw, y * (1 + 3 * w));
    }
    byte[] z = deflate(raw);
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, w);
    putInt(ihdr, 4, h);
    ihdr[8] = 8;   // bits per sample
    ihdr[9] = 2;   // colour type: RGB
    // compression, filter method and interlace 0
    out.write(SIGNATURE);
    chunk(out, "IHDR", ihdr, 0, ihdr.length);
    for (int off = 0; off < z.length; off += IDAT_BYTES) {
      chunk(out, "IDAT", z, off, Math.min(IDAT_BYTES, z.length - off));
    }
    chunk(out, "IEND", new byte[0], 0, 0);
  }

  /** {@code img} as PNG bytes (as {@link #write}). */
  public static byte[] bytes(BufferedImage img) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 16);
    write(img, out);
    return out.toByteArray();
  }

  /**
   * One row behind its filter type 0 (none): a method per row, so the JIT compiles it by invocation count
   * instead of replacing a running loop (on-stack replacement) in the middle of an image.
   */
  private static void row(int[] pixels, int p, int w, byte[] raw, int k) {
    raw[k++] = 0;
    for (int x = 0; x < w; x++) {
      int rgb = pixels[p + x];
      raw[k++] = (byte) (rgb >>> 16);
      raw[k++] = (byte) (rgb >>> 8);
      raw[k++] = (byte) rgb;
    }
  }

  /** The pixels of a TYPE_INT_RGB image whose raster is its whole int array, row after row; else null. */
  private static int[] packedRgb(BufferedImage img) {
    if (img.getType() != BufferedImage.TYPE_INT_RGB) {
      return null;
    }
    WritableRaster r = img.getRaster();
    if (!(r.getDataBuffer() instanceof DataBufferInt) || !(r.getSampleModel() instanceof SinglePixelPackedSampleModel)
        || r.getSampleModelTranslateX() != 0 || r.getSampleModelTranslateY() != 0 || r.getParent() != null) {
      return null;
    }
    DataBufferInt data = (DataBufferInt) r.getDataBuffer();
    SinglePixelPackedSampleModel sm = (SinglePixelPackedSampleModel) r.getSampleModel();
    if (data.getNumBanks() != 1 || data.getOffset() != 0 || sm.getScanlineStride() != img.getWidth()
        || data.getSize() != img.getWidth() * img.getHeight()) {
      return null;
    }
    return data.getData();
  }

  private static byte[] deflate(byte[] raw) {
    Deflater d = new Deflater(LEVEL);
    try {
      d.setInput(raw);
      d.finish();
      byte[] buf = new byte[Math.max(1024, raw.length / 4)];
      int n = 0;
      while (!d.finished()) {
        if (n == buf.length) {
          buf = java.util.Arrays.copyOf(buf, 2 * buf.length);
        }
        n += d.deflate(buf, n, buf.length - n);
      }
      return java.util.Arrays.copyOf(buf, n);
    } finally {
      d.end();
    }
  }

  private static void chunk(OutputStream out, String type, byte[] data, int off, int len) throws IOException {
    byte[] head = new byte[8];
    putInt(head, 0, len);
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, head, 4, 4);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data, off, len);
    byte[] tail = new byte[4];
    putInt(tail, 0, (int) crc.getValue());
    out.write(head);
    out.write(data, off, len);
    out.write(tail);
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
