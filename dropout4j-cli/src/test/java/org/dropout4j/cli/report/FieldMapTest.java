package org.dropout4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decision maps and their numbers: nice ticks, the 0.5 contour, equal scales, a readable colour bar. */
class FieldMapTest {
  @TempDir
  Path dir;

  @Test
  void ticks_are_round_numbers_without_float_noise() {
    assertArrayEquals(new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5}, Ticks.nice(0, 0.5, 5), 0);
    assertEquals("0.3", Ticks.format(0.1 + 0.2));
    assertEquals("0", Ticks.format(1.2281540260728427E-40));
    assertEquals("0.8157", Ticks.format(0.815666666666667, 4));
    assertEquals(100, Ticks.step(0, 500, 6));
  }

  @Test
  void colour_bar_top_is_a_nice_number_above_the_maximum() {
    assertEquals(0.08, Ticks.niceCeiling(0.0718));
    assertEquals(0.4, Ticks.niceCeiling(0.31));
    assertEquals(0.8, Ticks.niceCeiling(Math.log(2)), "a binary entropy's maximum is not drawn on a 0..1 bar");
    assertEquals(0.25, Ticks.niceCeiling(0.2281));
    assertEquals(1e-12, Ticks.niceCeiling(1.2281540260728427E-40), "float noise does not set the scale");
    FieldMap flat = FieldMap.magnitude("entropy", "nats", -1, 1, -1, 1, 4, pts -> new double[pts.length]);
    assertEquals(1e-12, flat.barMax());
  }

  @Test
  void contour_of_a_plane_crosses_where_the_value_is_the_level() {
    double[][] v = {{0, 0.25, 0.5, 0.75, 1}, {0, 0.25, 0.5, 0.75, 1}};
    List<double[]> s = Contour.segments(v, 0.6);
    assertEquals(1, s.size(), "only the cell between columns 2 and 3 crosses 0.6");
    for (double[] seg : s) {
      assertEquals(2.4, seg[1], 1e-12);
      assertEquals(2.4, seg[3], 1e-12);
    }
  }

  @Test
  void contour_of_a_disc_is_closed_around_it() {
    int n = 41;
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double x = (j - 20) / 10.0;
        double y = (i - 20) / 10.0;
        v[i][j] = Math.sqrt(x * x + y * y) < 1 ? 1 : 0;
      }
    }
    double length = 0;
    for (double[] seg : Contour.segments(v, 0.5)) {
      length += Math.hypot(seg[2] - seg[0], seg[3] - seg[1]) / 10.0;
      double r = Math.hypot((seg[1] - 20) / 10.0, (seg[0] - 20) / 10.0);
      assertTrue(Math.abs(r - 1) < 0.1, "segment at radius " + r);
    }
    assertEquals(2 * Math.PI, length, 0.7, "perimeter of the unit circle on a 0.1 grid");
  }

  @Test
  void probability_map_is_square_for_a_square_extent_and_shows_both_classes() throws Exception {
    Path png = dir.resolve("map.png");
    FieldMap.probability("p", -1, 1, -1, 1, 50, pts -> {
      double[] p = new double[pts.length];
      for (int k = 0; k < pts.length; k++) {
        p[k] = 1 / (1 + Math.exp(-8 * pts[k][0]));
      }
      return p;
    }).withPoints(new double[][] {{-0.5, 0}}, new int[] {0}, true).writePng(png);
    BufferedImage img = ImageIO.read(Files.newInputStream(png));
    BufferedImage direct = FieldMap.probability("p", -1, 1, -1, 1, 50, pts -> new double[pts.length]).render();
    assertEquals(direct.getWidth(), img.getWidth());
    // the plot area is square: left edge 70 px, top 56 px, 520 x 520
    Color left = new Color(img.getRGB(70 + 20, 56 + 260));
    Color right = new Color(img.getRGB(70 + 500, 56 + 260));
    assertTrue(left.getBlue() > left.getRed(), "p near 0 is blue: " + left);
    assertTrue(right.getRed() > right.getBlue(), "p near 1 is red: " + right);
  }

  @Test
  void empty_extent_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FieldMap.probability("p", 1, 1, -1, 1, 10, pts -> new double[pts.length]));
    assertTrue(e.getMessage().contains("x in [1.0, 1.0]"), e.getMessage());
  }
}
