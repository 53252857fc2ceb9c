package org.dropout4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Decimals}: the plain-number syntax of CSV fields, and {@code parseFloat} equal to {@link Float#parseFloat}
 * to the bit on every input, including the hard ones: 17-digit values as NumPy and {@code Double.toString} write
 * them, long digit strings, exact halfway points between two floats and values a hair either side of them, and
 * exponents that leave the fast path.
 */
class DecimalsTest {
  private static void assertParsesAsJava(String s) {
    float expected = Float.parseFloat(s);
    float actual = Decimals.parseFloat("x," + s + ",y", 2, 2 + s.length());
    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
        () -> s + ": Float.parseFloat " + expected + ", Decimals " + actual);
  }

  @Test
  void plain_numbers_are_numbers() {
    for (String s : new String[] {"1", "-2.5", "+3", ".5", "5.", "3e-4", "1E+10", "-0", "007", "0.0e0"}) {
      assertTrue(Decimals.isNumber(s, 0, s.length()), s);
    }
  }

  @Test
  void java_forms_words_and_fragments_are_not_numbers() {
    for (String s : new String[] {"", "+", "-", ".", "e5", "1e", "1e+", "1.5f", "1d", "0x1p3", "Infinity", "NaN",
        "1 ", " 1", "1..2", "1.2.3", "--1", "1e5.5", "١", "x1"}) {
      assertFalse(Decimals.isNumber(s, 0, s.length()), "'" + s + "'");
      assertTrue(Float.isNaN(Decimals.parseFloat(s, 0, s.length())), "'" + s + "'");
    }
  }

  @Test
  void seventeen_digit_doubles_parse_as_java() {
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 40_000; i++) {
      double d = (r.nextDouble() * 2 - 1) * Math.pow(10, r.nextInt(-12, 12));
      assertParsesAsJava(Double.toString(d));
    }
  }

  @Test
  void random_digit_strings_parse_as_java() {
    SplittableRandom r = new SplittableRandom(2);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      sb.setLength(0);
      if (r.nextBoolean()) {
        sb.append('-');
      }
      int digits = r.nextInt(1, 30);
      int point = r.nextInt(-1, digits + 1);
      for (int j = 0; j < digits; j++) {
        if (j == point) {
          sb.append('.');
        }
        sb.append((char) ('0' + r.nextInt(10)));
      }
      if (r.nextInt(3) == 0) {
        sb.append('e').append(r.nextInt(-45, 40));
      }
      assertParsesAsJava(sb.toString());
    }
  }

  @Test
  void halfway_points_and_their_neighbours_parse_as_java() {
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 4_000; i++) {
      float f = Float.intBitsToFloat(r.nextInt(0x0080_0000, 0x7F00_0000)); // positive normal floats
      BigDecimal halfway = new BigDecimal(f).add(new BigDecimal(Math.nextUp(f))).divide(BigDecimal.valueOf(2));
      BigDecimal hair = halfway.ulp().scaleByPowerOfTen(-3);
      for (BigDecimal v : new BigDecimal[] {halfway, halfway.add(hair), halfway.subtract(hair)}) {
        assertParsesAsJava(v.toString());
        assertParsesAsJava(v.round(new java.math.MathContext(17)).toString());
      }
    }
  }

  @Test
  void zeros_extremes_and_large_exponents_parse_as_java() {
    for (String s : new String[] {"0", "-0", "-0.0", "0e999999999", "-0e-5", "1e-46", "1e-45", "1.4e-45", "1e-40",
        "1.1754943e-38", "3.4028235e38", "3.4028236e38", "1e39", "-1e39", "1e23", "1e-23", "123456789e-30",
        "0.000000000000000000000000000000000000001", "99999999999999999999999999", "1e99999999999"}) {
      assertParsesAsJava(s);
    }
  }
}
