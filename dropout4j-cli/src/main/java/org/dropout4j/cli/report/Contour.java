package org.dropout4j.cli.report;

import java.util.ArrayList;
import java.util.List;

/** The iso-line of a gridded field at one level, by marching squares (a list of straight segments). */
final class Contour {
  private Contour() {
  }

  /**
   * Segments {@code {row0, col0, row1, col1}} in grid coordinates (cell centres at integers) where {@code values}
   * crosses {@code level}, linearly interpolated along the cell edges.
   */
  static List<double[]> segments(double[][] values, double level) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i + 1 < values.length; i++) {
      for (int j = 0; j + 1 < values[i].length; j++) {
        double a = values[i][j];           // top-left
        double b = values[i][j + 1];       // top-right
        double c = values[i + 1][j + 1];   // bottom-right
        double d = values[i + 1][j];       // bottom-left
        List<double[]> cross = new ArrayList<>(4);
        edge(cross, a, b, level, i, j, i, j + 1);
        edge(cross, b, c, level, i, j + 1, i + 1, j + 1);
        edge(cross, c, d, level, i + 1, j + 1, i + 1, j);
        edge(cross, d, a, level, i + 1, j, i, j);
        if (cross.size() == 2) {
          out.add(new double[] {cross.get(0)[0], cross.get(0)[1], cross.get(1)[0], cross.get(1)[1]});
        } else if (cross.size() == 4) {   // saddle (top, right, bottom, left crossings): pair by the centre value
          boolean centreLikeA = ((a + b + c + d) / 4 >= level) == (a >= level);
          int p0 = centreLikeA ? 1 : 3;    // a's side joins c's: cut off the b and d corners, else the a and c corners
          int p2 = centreLikeA ? 3 : 1;
          out.add(new double[] {cross.get(0)[0], cross.get(0)[1], cross.get(p0)[0], cross.get(p0)[1]});
          out.add(new double[] {cross.get(2)[0], cross.get(2)[1], cross.get(p2)[0], cross.get(p2)[1]});
        }
      }
    }
    return out;
  }

  private static void edge(List<double[]> cross, double u, double v, double level, int r0, int c0, int r1, int c1) {
    if ((u >= level) == (v >= level) || !Double.isFinite(u) || !Double.isFinite(v)) {
      return;
    }
    double t = (level - u) / (v - u);
    cross.add(new double[] {r0 + t * (r1 - r0), c0 + t * (c1 - c0)});
  }
}
