package org.dropout4j.cli;

import java.util.function.DoublePredicate;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Numeric option values as the user typed them, checked in the type they are used in: a rate the trials use as a
 * float32 is checked as that float, so {@code --rate 0.99999999} (1.0 as a float32) is refused as
 * "received 0.99999999, which rounds to 1.0 as float32", and {@code 1e300} (Infinity) and {@code 1e-320} (0.0) are
 * refused instead of failing inside a run. Option values are plain decimal numbers ({@code 0.5}, {@code -2},
 * {@code 1e-3}); Java's {@code 1.5f}, {@code 0x1p3}, {@code NaN} and {@code Infinity} are refused as usage errors.
 */
final class NumberOptions {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private NumberOptions() {
  }

  /**
   * Registers the strict converters for {@code float}, {@code Float}, {@code double} and {@code Double} options.
   * (Named classes, not method references: JDK 17's dynamic class-data-sharing dump, which the launcher makes,
   * crashed in {@code adjust_lambda_proxy_class_dictionary} with the method references registered here.)
   */
  static void register(CommandLine cl) {
    cl.registerConverter(Double.class, new DecimalConverter());
    cl.registerConverter(Double.TYPE, new DecimalConverter());
    cl.registerConverter(Float.class, new Float32Converter());
    cl.registerConverter(Float.TYPE, new Float32Converter());
  }

  /** Plain decimal numbers as doubles. */
  private static final class DecimalConverter implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      return decimal(value);
    }
  }

  /** Plain decimal numbers that are float32 values (not overflowing, not a non-zero value rounding to 0). */
  private static final class Float32Converter implements CommandLine.ITypeConverter<Float> {
    @Override
    public Float convert(String value) {
      return float32(value);
    }
  }

  private static Double decimal(String s) {
    String t = s.strip();
    if (!DECIMAL.matcher(t).matches()) {
      throw new CommandLine.TypeConversionException("'" + s + "' is not a decimal number (expected e.g. 0.5, 2 or "
          + "1e-3)");
    }
    double d = Double.parseDouble(t);
    if (Double.isInfinite(d)) {
      throw new CommandLine.TypeConversionException("'" + s + "' is out of range: it overflows a double");
    }
    return d;
  }

  private static Float float32(String s) {
    double d = decimal(s);
    String problem = notFloat32(d);
    if (problem != null) {
      throw new CommandLine.TypeConversionException("'" + s + "' " + problem + "; expected a float32 value");
    }
    return (float) d;
  }

  /** Why {@code d} is no float32 value (it overflows to Infinity, or a non-zero value rounds to 0.0), or null. */
  private static String notFloat32(double d) {
    float f = (float) d;
    if (Float.isInfinite(f)) {
      return "rounds to " + f + " as float32 (the largest float32 is " + Float.MAX_VALUE + ")";
    }
    if (d != 0 && f == 0) {
      return "rounds to 0.0 as float32 (the smallest positive float32 is " + Float.MIN_VALUE + ")";
    }
    return null;
  }

  /**
   * Checks an option's value as the float32 it is used as.
   *
   * @param spec the command (for the value as typed and the usage error)
   * @param value the parsed value (a {@code float} option's, or a {@code double} one's used as a float)
   * @param ok whether the float32 value is valid
   * @param expected what a valid value is, e.g. {@code a float in [0, 1)}
   * @param names the option's names, the first one as shown (e.g. {@code --rate}, {@code --dropout})
   * @return the value as a float32
   * @throws CommandLine.ParameterException naming the option, what was expected, the value as typed and, when
   *     rounding to float32 changed it, what it became
   */
  static float checkFloat(CommandSpec spec, double value, DoublePredicate ok, String expected, String... names) {
    float f = (float) value;
    String problem = notFloat32(value);
    if (problem == null && ok.test(f)) {
      return f;
    }
    String option = names[0];
    String typed = Double.toString(value);
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    search:
    for (boolean exact : new boolean[] {true, false}) { // the text of this very value first: "0,1e-320" is two zeros
      for (String name : names) { // the option as given (a deprecated spelling too) and the value as typed
        OptionSpec o = parsed == null ? null : parsed.matchedOption(name);
        for (String s : o == null ? java.util.List.<String>of() : o.stringValues()) {
          String t = s.strip();
          if (DECIMAL.matcher(t).matches() && (exact ? Double.parseDouble(t) == value
              : (float) Double.parseDouble(t) == f)) {
            option = name;
            typed = t;
            break search;
          }
        }
      }
    }
    String became = problem != null ? ", which " + problem
        : f != Double.parseDouble(typed) ? ", which rounds to " + f + " as float32" : "";
    throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '" + option
        + "': expected " + expected + ", received " + typed + became);
  }
}
