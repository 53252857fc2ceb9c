package org.dropout4j.layers;

/** Sample moments of a float array, accumulated in double, for the statistical layer tests. */
public final class Moments {
  public final double mean;
  public final double variance;
  /** The fourth central moment: the variance of the sample variance is about {@code (m4 - variance^2) / n}. */
  public final double m4;
  public final int n;

  public Moments(float[] v) {
    n = v.length;
    double s = 0;
    for (float f : v) {
      s += f;
    }
    mean = s / n;
    double s2 = 0;
    double s4 = 0;
    for (float f : v) {
      double d = f - mean;
      s2 += d * d;
      s4 += d * d * d * d;
    }
    variance = s2 / n;
    m4 = s4 / n;
  }

  /** The standard error of the sample mean. */
  public double meanSigma() {
    return Math.sqrt(variance / n);
  }

  /** The standard error of the sample variance. */
  public double varianceSigma() {
    return Math.sqrt((m4 - variance * variance) / n);
  }
}
