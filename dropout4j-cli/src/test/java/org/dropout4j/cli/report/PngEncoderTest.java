package org.dropout4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.dropout4j.models.History;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;

/**
 * {@link PngEncoder} writes the JDK PNG writer's bytes ({@code ImageIO.write(img, "png", out)}) for every image,
 * and its RGB path decodes back to the same pixels.
 */
class PngEncoderTest {
  private static byte[] imageIo(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, "png", out));
    return out.toByteArray();
  }

  private static BufferedImage noise(int type, int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(w, h, type);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt());
      }
    }
    return img;
  }

  @Test
  void a_chart_is_written_as_the_jdk_writer_writes_it() throws IOException {
    History h = new History();
    for (int e = 0; e < 300; e++) {
      h.record("accuracy", 1 - Math.exp(-e / 50.0));
      h.record("val_accuracy", 0.9 - Math.exp(-e / 40.0));
    }
    Map<String, History> runs = new LinkedHashMap<>();
    runs.put("model", h);
    BufferedImage img = BitmapEncoder.getBufferedImage(LearningCurvePlot.of("accuracy").withSize(640, 400)
        .chart(runs));
    assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
    assertArrayEquals(imageIo(img), PngEncoder.bytes(img));
  }

  @Test
  void noise_over_several_idat_chunks_is_written_as_the_jdk_writer_writes_it_and_reads_back_equal()
      throws IOException {
    BufferedImage img = noise(BufferedImage.TYPE_INT_RGB, 181, 131, 7); // 71 KB of pixels that do not compress
    byte[] png = PngEncoder.bytes(img);
    assertTrue(png.length > 2 * PngEncoder.IDAT_BYTES, "three IDAT chunks expected, " + png.length + " bytes");
    assertArrayEquals(imageIo(img), png);
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        assertEquals(img.getRGB(x, y) & 0xffffff, back.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void a_one_pixel_image_is_written_as_the_jdk_writer_writes_it() throws IOException {
    BufferedImage img = noise(BufferedImage.TYPE_INT_RGB, 1, 1, 3);
    assertArrayEquals(imageIo(img), PngEncoder.bytes(img));
  }

  @Test
  void other_image_types_and_windows_on_a_larger_image_go_to_the_jdk_writer() throws IOException {
    BufferedImage argb = noise(BufferedImage.TYPE_INT_ARGB, 40, 30, 5);
    assertArrayEquals(imageIo(argb), PngEncoder.bytes(argb));
    BufferedImage gray = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
    assertArrayEquals(imageIo(gray), PngEncoder.bytes(gray));
    BufferedImage window = noise(BufferedImage.TYPE_INT_RGB, 50, 40, 9).getSubimage(7, 5, 20, 30);
    assertArrayEquals(imageIo(window), PngEncoder.bytes(window));
  }
}
