package org.dropout4j.data;

/**
 * Plain decimal numbers in text files (CSV fields): the syntax check and a float parser that gives
 * {@link Float#parseFloat}'s value, to the bit, without its cost on long inputs.
 *
 * <p>A plain decimal number is {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?} with ASCII
 * digits: {@code 1}, {@code -2.5}, {@code .5}, {@code 5.}, {@code 3e-4}. Java's own {@code 1.5f}, {@code 1d},
 * hexadecimal and {@code Infinity} forms are not numbers in a CSV file.
 *
 * <p>Why a parser of our own: {@code Float.parseFloat} of a value written with 17 significant digits (what NumPy,
 * pandas and {@code Double.toString} write) takes the JDK's arbitrary-precision path, and the whole-process
 * {@code mc-predict} of 10,000 rows spent more time compiling that path and the regular expression that checked
 * each field than reading the file. Here the first 18 significant digits become a {@code long} {@code w}, and
 * {@code w * 10^q} (for {@code |q| <= 22}, where {@code 10^q} is an exact double) is computed in double precision,
 * within a relative {@code 2^-51} of the exact value; rounding that double to float gives the correctly rounded
 * float unless the exact value might lie on the other side of a point halfway between two floats, i.e. the double
 * is within that error of such a point (a relative distance under {@code 2^-49} is treated as too close). Those
 * inputs, inputs outside the range of normal floats and exponents beyond 22 take {@code Float.parseFloat} itself
 * ({@code DecimalsTest} compares both on random, halfway and near-halfway inputs).
 */
public final class Decimals {
  /** Significant digits kept in a long: 10^18 - 1 < 2^63. */
  private static final int MAX_DIGITS = 18;
  /** The largest power of ten that is an exact double. */
  private static final int MAX_EXACT_POWER = 22;
  /** Exponents are clamped here while they are read (far beyond any float). */
  private static final int EXPONENT_CLAMP = 100_000;
  private static final double[] POWERS = new double[MAX_EXACT_POWER + 1];

  static {
    double p = 1;
    for (int i = 0; i <= MAX_EXACT_POWER; i++) {
      POWERS[i] = p;
      p *= 10;
    }
  }

  private Decimals() {
  }

  /** Whether {@code s[from, to)} is a plain decimal number (see the class comment); no spaces around it. */
  public static boolean isNumber(CharSequence s, int from, int to) {
    int i = from;
    if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int mantissa = i;
    i = digits(s, i, to);
    int intDigits = i - mantissa;
    if (i < to && s.charAt(i) == '.') {
      int frac = i + 1;
      i = digits(s, frac, to);
      if (intDigits == 0 && i == frac) {
        return false;
      }
    } else if (intDigits == 0) {
      return false;
    }
    if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exp = i;
      i = digits(s, i, to);
      if (i == exp) {
        return false;
      }
    }
    return i == to;
  }

  private static int digits(CharSequence s, int from, int to) {
    int i = from;
    while (i < to && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * {@code Float.parseFloat(s.substring(from, to))} if that text is a plain decimal number, else {@code NaN} (which
   * no plain decimal number gives).
   */
  public static float parseFloat(String s, int from, int to) {
    if (!isNumber(s, from, to)) {
      return Float.NaN;
    }
    int i = from;
    boolean negative = s.charAt(i) == '-';
    if (negative || s.charAt(i) == '+') {
      i++;
    }
    long w = 0;
    int kept = 0; // significant digits in w
    int q = 0; // the value is w * 10^q
    boolean fraction = false;
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        fraction = true;
      } else if (isDigit(c)) {
        if (kept < MAX_DIGITS) {
          w = w * 10 + (c - '0');
          kept += w == 0 ? 0 : 1;
          q -= fraction ? 1 : 0;
        } else {
          q += fraction ? 0 : 1; // a dropped digit: off by less than 10^-17 relative
        }
      } else {
        break; // the exponent
      }
    }
    if (i < to) {
      i++;
      boolean negativeExponent = s.charAt(i) == '-';
      if (negativeExponent || s.charAt(i) == '+') {
        i++;
      }
      int e = 0;
      for (; i < to; i++) {
        e = Math.min(EXPONENT_CLAMP, e * 10 + (s.charAt(i) - '0'));
      }
      q += negativeExponent ? -e : e;
    }
    if (w == 0) {
      return negative ? -0f : 0f;
    }
    if (Math.abs(q) > MAX_EXACT_POWER) {
      return Float.parseFloat(s.substring(from, to));
    }
    double d = q >= 0 ? w * POWERS[q] : w / POWERS[-q]; // two roundings: within 2^-52 of w * 10^q
    float f = (float) d;
    if (!(f >= Float.MIN_NORMAL && f < Float.MAX_VALUE) || nearHalfway(d, f)) {
      return Float.parseFloat(s.substring(from, to));
    }
    return negative ? -f : f;
  }

  /** Whether {@code d} is within a relative 2^-49 of a point halfway between {@code f} and a neighbour. */
  private static boolean nearHalfway(double d, float f) {
    double below = ((double) f + Math.nextDown(f)) * 0.5; // exact: two adjacent floats sum exactly in a double
    double above = ((double) f + Math.nextUp(f)) * 0.5;
    double tolerance = d * 0x1p-49;
    return Math.abs(d - below) <= tolerance || Math.abs(d - above) <= tolerance;
  }
}
