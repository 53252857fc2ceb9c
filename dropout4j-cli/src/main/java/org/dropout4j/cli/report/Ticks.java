package org.dropout4j.cli.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Axis ticks people can read: multiples of 1, 2 or 5 times a power of ten, printed without float noise
 * ({@code 0.3}, not {@code 0.30000000000000004}; {@code 0}, not {@code 1.2281540260728427E-40}).
 */
public final class Ticks {
  private Ticks() {
  }

  /** The smallest "nice" step (1, 2 or 5 times a power of ten) that cuts {@code [lo, hi]} into at most {@code max} parts. */
  public static double step(double lo, double hi, int max) {
    double span = hi - lo;
    if (!(span > 0) || !Double.isFinite(span)) {
      return 1;
    }
    double raw = span / Math.max(1, max);
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 4, 5, 8, 10}) {
      if (m * p >= raw * (1 - 1e-9)) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** Tick positions inside {@code [lo, hi]}: multiples of {@link #step}, at most {@code max + 1} of them. */
  public static double[] nice(double lo, double hi, int max) {
    double s = step(lo, hi, max);
    List<Double> ticks = new ArrayList<>();
    for (long k = (long) Math.ceil(lo / s - 1e-9); k * s <= hi + s * 1e-9; k++) {
      ticks.add(clean(k * s));
    }
    return ticks.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The smallest 1/2/2.5/4/5/8-times-a-power-of-ten number {@code >= v} (e.g. 0.0718 to 0.08, 0.31 to 0.4, a binary
   * entropy's ln 2 = 0.693 to 0.8, so the darkest colour is not far above what a map can reach); values at or
   * below 1e-12, where float noise is all there is, give 1e-12 instead of a bar labelled in units of 1e-40.
   */
  public static double niceCeiling(double v) {
    if (!(v > 1e-12)) {
      return 1e-12;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 4, 5, 8, 10}) {
      if (m * p >= v * (1 - 1e-12)) {
        return clean(m * p);
      }
    }
    return clean(10 * p);
  }

  /** A tick value as short as its meaning: 12 significant digits at most, no trailing zeros, no exponent. */
  public static String format(double v) {
    if (v == 0 || Math.abs(v) < 1e-15) {
      return "0";
    }
    String s = new BigDecimal(v).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "0" : s;
  }

  /** A value rounded to {@code digits} significant digits and printed as {@link #format} does (axis labels). */
  public static String format(double v, int digits) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    if (v == 0 || Math.abs(v) < 1e-15) {
      return "0";
    }
    return format(new BigDecimal(v).round(new java.math.MathContext(digits)).doubleValue());
  }

  private static double clean(double v) {
    return Math.abs(v) < 1e-15 ? 0 : Double.parseDouble(format(v));
  }
}
