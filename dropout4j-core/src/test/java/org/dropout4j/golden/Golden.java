package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Reads the Keras golden files in {@code src/test/resources/golden} (format: {@code tools/golden/README.md}) and
 * compares float32 results with them.
 *
 * <p>Tensors are JSON objects {@code {"shape": [...], "data": nested lists}} in Keras layout; every number is an
 * exact float32 written as a double, so {@code (float) double} recovers Keras' value bit for bit.
 */
final class Golden {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Golden() {
  }

  /** The parsed JSON file {@code golden/<name>}. */
  static JsonNode json(String name) {
    try (InputStream in = open(name)) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden/" + name, e);
    }
  }

  /** The text file {@code golden/<name>} (UTF-8). */
  static String text(String name) {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden/" + name, e);
    }
  }

  private static InputStream open(String name) {
    InputStream in = Golden.class.getResourceAsStream("/golden/" + name);
    if (in == null) {
      throw new IllegalStateException("missing test resource golden/" + name
          + " (regenerate with tools/golden/make_goldens.py)");
    }
    return in;
  }

  /** The shape of a tensor node. */
  static Shape shape(JsonNode tensor) {
    JsonNode dims = require(tensor, "shape");
    int[] d = new int[dims.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = dims.get(i).asInt();
    }
    return Shape.of(d);
  }

  /** The values of a tensor node (or of a bare nested list of numbers), flattened row-major, as float32. */
  static float[] floats(JsonNode tensor) {
    JsonNode data = tensor.isObject() ? require(tensor, "data") : tensor;
    List<Float> out = new ArrayList<>();
    flatten(data, out);
    float[] v = new float[out.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = out.get(i);
    }
    if (tensor.isObject() && v.length != shape(tensor).size()) {
      throw new IllegalStateException("golden tensor has " + v.length + " values but shape " + shape(tensor));
    }
    return v;
  }

  private static void flatten(JsonNode node, List<Float> out) {
    if (node.isArray()) {
      for (JsonNode child : node) {
        flatten(child, out);
      }
    } else if (node.isNumber()) {
      out.add((float) node.doubleValue());
    } else {
      throw new IllegalStateException("expected a number in a golden tensor, found " + node);
    }
  }

  /** A constant tensor from a tensor node. */
  static Tensor tensor(JsonNode tensor) {
    return Tensor.of(shape(tensor), floats(tensor));
  }

  /** A scalar JSON number as float32. */
  static float scalar(JsonNode number) {
    if (!number.isNumber()) {
      throw new IllegalStateException("expected a number, found " + number);
    }
    return (float) number.doubleValue();
  }

  /** {@code node.get(field)}, failing with the field name if it is missing. */
  static JsonNode require(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalStateException("golden JSON has no field '" + field + "' in " + abbreviate(node));
    }
    return v;
  }

  private static String abbreviate(JsonNode node) {
    String s = node.toString();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /**
   * Asserts {@code |actual - expected| <= atol + rtol * |expected|} element-wise (NumPy's {@code allclose}) and
   * returns the largest absolute difference, for the record.
   *
   * @param what names the compared quantity in the failure message
   */
  static double assertClose(float[] expected, float[] actual, double rtol, double atol, String what) {
    if (expected.length != actual.length) {
      fail(what + ": expected " + expected.length + " values (Keras), got " + actual.length);
    }
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      double d = Math.abs(a - e);
      if (!(d <= atol + rtol * Math.abs(e))) {
        fail(String.format("%s: element %d differs from Keras: expected %.9g, got %.9g (|diff| %.3g > atol %.1g"
            + " + rtol %.1g * |expected|)", what, i, e, a, d, atol, rtol));
      }
      max = Math.max(max, d);
    }
    return max;
  }

  /** {@link #assertClose(float[], float[], double, double, String)} for one value. */
  static double assertClose(float expected, float actual, double rtol, double atol, String what) {
    return assertClose(new float[] {expected}, new float[] {actual}, rtol, atol, what);
  }

  /** Tracks the largest difference per quantity seen by a test class and prints it once, for the record. */
  static final class MaxDiff {
    private final String file;
    private final Map<String, Double> max = new LinkedHashMap<>();

    MaxDiff(String file) {
      this.file = file;
    }

    /** Records a difference returned by {@code assertClose} under a quantity name, e.g. {@code loss}. */
    synchronized void record(String quantity, double diff) {
      max.merge(quantity, diff, Math::max);
    }

    synchronized void print() {
      StringBuilder sb = new StringBuilder("[golden] ").append(file).append(": max |dropout4j - Keras|");
      max.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s %.3g", k, v)));
      System.out.println(sb);
    }
  }
}
