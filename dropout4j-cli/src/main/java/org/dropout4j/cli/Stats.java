package org.dropout4j.cli;

/** Small descriptive statistics for reports. */
final class Stats {
  private Stats() {
  }

  /** {@code [mean, sample standard deviation (n - 1)]}; the std of one value is 0. */
  static double[] meanStd(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return new double[] {mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0.0};
  }
}
