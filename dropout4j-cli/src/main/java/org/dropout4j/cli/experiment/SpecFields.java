package org.dropout4j.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/** A JSON object being read: typed getters with defaults that name the field in every error. */
final class SpecFields {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String prefix;
  final JsonNode node;

  SpecFields(String prefix, JsonNode node, Set<String> allowed) {
    this(prefix, node, allowed, false);
  }

  /** With {@code axes}, dotted keys ({@code <layer>.<key>}, {@code training.*}) are allowed too. */
  SpecFields(String prefix, JsonNode node, Set<String> allowed, boolean axes) {
    this.prefix = prefix;
    if (node == null || node.isNull() || node.isMissingNode()) {
      this.node = JSON.createObjectNode();
      return;
    }
    if (!node.isObject()) {
      String where = prefix.isEmpty() ? "the spec" : "`" + prefix.substring(0, prefix.length() - 1) + "`";
      throw new IllegalArgumentException("invalid value for " + where + ": expected an object, received "
          + node);
    }
    this.node = node;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key) && !(axes && key.indexOf('.') > 0)) {
        throw new IllegalArgumentException("unknown field `" + prefix + key + "`; allowed fields: "
            + allowed.stream().sorted().toList() + (axes ? ", `<layer name>.<config key>` (Keras models) and "
            + SpecModels.TRAINING_AXES : ""));
      }
    }
  }

  SpecFields object(String key, Set<String> allowed) {
    return new SpecFields(prefix + key + ".", node.get(key), allowed);
  }

  SpecFields object(String key, Set<String> allowed, boolean axes) {
    return new SpecFields(prefix + key + ".", node.get(key), allowed, axes);
  }

  IllegalArgumentException error(String key, String expected, String received) {
    return new IllegalArgumentException("invalid value for field `" + prefix + key + "`: " + expected
        + ", received " + received);
  }

  private JsonNode present(String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  String string(String key, String dflt, List<String> allowedValues) {
    JsonNode v = present(key);
    if (v == null) {
      return dflt;
    }
    return checkString(key, v, allowedValues);
  }

  private String checkString(String key, JsonNode v, List<String> allowedValues) {
    if (!v.isTextual() || v.asText().isBlank()) {
      throw error(key, allowedValues == null ? "expected a non-empty string" : "expected one of " + allowedValues,
          v.toString());
    }
    String s = v.asText();
    if (allowedValues != null) {
      String lower = s.toLowerCase(Locale.ROOT);
      if (!allowedValues.contains(lower)) {
        throw error(key, "expected one of " + allowedValues, s);
      }
      return lower;
    }
    return s;
  }

  double number(String key, double dflt, double min, double max, String expected) {
    JsonNode v = present(key);
    return v == null ? dflt : checkNumber(key, v, min, max, expected);
  }

  /** A number checked as the float32 the trials use: 0.99999999 is 1.0f, 1e300 and 1e-320 are not floats. */
  private double checkNumber(String key, JsonNode v, double min, double max, String expected) {
    double d = v.asDouble();
    float f = (float) d;
    if (!v.isNumber() || !Float.isFinite(f) || (d != 0 && f == 0) || f < min || f > max) {
      String asFloat = v.isNumber() && Double.isFinite(d) && f != d ? ", which rounds to " + f + " as float32" : "";
      throw error(key, "expected " + expected, v + asFloat);
    }
    return d;
  }

  int integer(String key, int dflt, int min, int max) {
    return (int) longValue(key, dflt, min, max);
  }

  long longValue(String key, long dflt, long min, long max) {
    JsonNode v = present(key);
    return v == null ? dflt : checkLong(key, v, min, max);
  }

  private long checkLong(String key, JsonNode v, long min, long max) {
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw error(key, "expected an integer between " + min + " and " + max, v.toString());
    }
    return v.asLong();
  }

  JsonNode list(String key) {
    JsonNode v = present(key);
    if (v == null) {
      return null;
    }
    if (!v.isArray() || v.isEmpty()) {
      throw error(key, "expected a non-empty list", v.toString());
    }
    return v;
  }

  List<Double> numbers(String key, List<Double> dflt, double min, double max, String expected) {
    return distinct(key, dflt, (k, v) -> checkNumber(k, v, min, max, expected));
  }

  List<String> strings(String key, List<String> dflt, List<String> allowedValues) {
    return distinct(key, dflt, (k, v) -> checkString(k, v, allowedValues));
  }

  List<Integer> integers(String key, List<Integer> dflt, int min, int max) {
    return distinct(key, dflt, (k, v) -> (int) checkLong(k, v, min, max));
  }

  /** A non-empty list of distinct values, each read by {@code element} (given {@code key[i]} and the node). */
  private <T> List<T> distinct(String key, List<T> dflt, BiFunction<String, JsonNode, T> element) {
    JsonNode v = list(key);
    if (v == null) {
      return dflt;
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      T x = element.apply(key + "[" + i + "]", v.get(i));
      if (out.contains(x)) {
        throw error(key + "[" + i + "]", "expected distinct values", v.toString());
      }
      out.add(x);
    }
    return out;
  }
}
