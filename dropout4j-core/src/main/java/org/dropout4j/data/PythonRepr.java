package org.dropout4j.data;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a double exactly as Python 3's {@code repr(float)} does: the shortest decimal string that parses back to
 * the same double (ties broken towards the nearer decimal), in fixed notation when the decimal exponent is in
 * [-4, 16) and as {@code d.ddde+XX} otherwise; {@code nan}, {@code inf}, {@code -inf}, {@code -0.0}.
 *
 * <p>Java 17's {@link Double#toString} round-trips too but is not always shortest (JDK-4511638, fixed in Java 19)
 * and writes {@code 1.0E-5} where Python writes {@code 1e-05}; this keeps files written from Java byte-identical to
 * files written by Python.
 */
public final class PythonRepr {
  private PythonRepr() {
  }

  /**
   * Python's {@code repr} of a double.
   *
   * @param value any double
   * @return the text Python prints
   */
  public static String repr(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0.0) {
      return Double.doubleToRawLongBits(value) == 0L ? "0.0" : "-0.0";
    }
    BigDecimal shortest = shortest(value);
    String digits = shortest.unscaledValue().abs().toString();
    // value = 0.digits * 10^decimalPoint
    int decimalPoint = digits.length() - shortest.scale();
    String sign = value < 0 ? "-" : "";
    if (decimalPoint > -4 && decimalPoint <= 16) {
      return sign + fixed(digits, decimalPoint);
    }
    int exponent = decimalPoint - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.valueOf(Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (exp.length() < 2 ? "0" + exp : exp);
  }

  private static String fixed(String digits, int decimalPoint) {
    if (decimalPoint <= 0) {
      return "0." + "0".repeat(-decimalPoint) + digits;
    }
    if (decimalPoint >= digits.length()) {
      return digits + "0".repeat(decimalPoint - digits.length()) + ".0";
    }
    return digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
  }

  /** The shortest decimal that round-trips; among those of that length, the one nearest the exact value. */
  private static BigDecimal shortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision < 17; precision++) {
      BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (nearest.doubleValue() == value) {
        return nearest.stripTrailingZeros();
      }
      // At a power of two the rounding interval is lopsided: the nearest candidate can miss while the other
      // neighbour of the same length still rounds to value.
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
        BigDecimal candidate = exact.round(new MathContext(precision, mode));
        if (candidate.doubleValue() == value) {
          return candidate.stripTrailingZeros();
        }
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
