package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dropout4j.layers.constraints.Constraint;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.layers.constraints.MinMaxNorm;
import org.dropout4j.layers.constraints.NonNeg;
import org.dropout4j.layers.constraints.UnitNorm;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weight constraints (MaxNorm, MinMaxNorm, UnitNorm, NonNeg) applied to a fixed {@code (4, 3)} kernel, and the
 * L1 / L2 / L1L2 penalties with their gradients, against Keras ({@code golden/constraints_regularizers.json}).
 * Each object is built from Keras' stored config and must report that same config.
 *
 * <p>Tolerance: {@code rtol 1e-6, atol 1e-7} — one norm (3-4 terms) and one rescale per element, or one sum of
 * 12 terms for a penalty.
 *
 * <p>Not compared: {@code regularizer_string_identifiers} ({@code 'l1'}, {@code 'l2'}, {@code 'l1l2'}); dropout4j
 * has no string registry for regularizers, only the factories {@link Regularizer#l1}, {@link Regularizer#l2},
 * {@link Regularizer#l1l2}.
 */
class KerasConstraintRegularizerGoldenTest {
  private static final double RTOL = 1e-6;
  private static final double ATOL = 1e-7;
  private static final JsonNode GOLDEN = Golden.json("constraints_regularizers.json");
  private static final Golden.MaxDiff MAX = new Golden.MaxDiff("constraints_regularizers.json");

  static Stream<Arguments> constraints() {
    return named(GOLDEN.get("constraints"));
  }

  static Stream<Arguments> regularizers() {
    return named(GOLDEN.get("regularizers"));
  }

  private static Stream<Arguments> named(JsonNode cases) {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : cases) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  /** The dropout4j constraint for a Keras name such as {@code MinMaxNorm(...)} and its config. */
  static Constraint constraint(String name, JsonNode config) {
    String className = name.substring(0, name.indexOf('('));
    switch (className) {
      case "MaxNorm":
        return new MaxNorm(Golden.scalar(config.get("max_value")), config.get("axis").asInt());
      case "MinMaxNorm":
        return new MinMaxNorm(Golden.scalar(config.get("min_value")), Golden.scalar(config.get("max_value")),
            Golden.scalar(config.get("rate")), config.get("axis").asInt());
      case "UnitNorm":
        return new UnitNorm(config.get("axis").asInt());
      case "NonNeg":
        return new NonNeg();
      default:
        throw new IllegalStateException("golden constraint without a dropout4j class: " + name);
    }
  }

  /** The dropout4j regularizer for a Keras config: {@code l1} only, {@code l2} only, or both (L1L2). */
  static Regularizer regularizer(JsonNode config) {
    boolean hasL1 = config.has("l1");
    boolean hasL2 = config.has("l2");
    if (hasL1 && hasL2) {
      return Regularizer.l1l2(Golden.scalar(config.get("l1")), Golden.scalar(config.get("l2")));
    }
    return hasL1 ? Regularizer.l1(Golden.scalar(config.get("l1"))) : Regularizer.l2(Golden.scalar(config.get("l2")));
  }

  /** Keras' class name for a golden regularizer name: {@code L1L2(...)} or {@code get('l1')}. */
  private static String kerasClass(String name) {
    if (name.startsWith("get('")) {
      String id = name.substring(5, name.length() - 2);
      return GOLDEN.get("regularizer_string_identifiers").get(id).asText();
    }
    return name.substring(0, name.indexOf('('));
  }

  /** A config as Keras writes it: numbers as float32 values, in order. */
  private static Map<String, Object> kerasConfig(JsonNode config) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      m.put(e.getKey(), v.isInt() ? (Object) v.asInt() : (Object) (double) Golden.scalar(v));
    }
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("constraints")
  void constraint_output_matches_keras(String name, JsonNode c) {
    Constraint constraint = constraint(name, c.get("config"));
    assertEquals(kerasConfig(c.get("config")), constraint.getConfig(), name + " config");
    assertEquals(name.substring(0, name.indexOf('(')), constraint.className());

    Shape shape = Golden.shape(GOLDEN.get("kernel"));
    float[] w = Golden.floats(GOLDEN.get("kernel"));
    constraint.apply(w, shape);

    assertEquals(Golden.shape(c.get("output")), shape);
    MAX.record("constraint output", Golden.assertClose(Golden.floats(c.get("output")), w, RTOL, ATOL, name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("regularizers")
  void penalty_and_gradient_match_keras(String name, JsonNode c) {
    Regularizer regularizer = regularizer(c.get("config"));
    assertEquals(kerasClass(name), regularizer.className(), name + " class");
    assertEquals(kerasConfig(c.get("config")), regularizer.getConfig(), name + " config");

    JsonNode kernel = GOLDEN.get("kernel");
    Tensor w = Tensor.variable(Golden.shape(kernel), Golden.floats(kernel));
    Tensor penalty = regularizer.penalty(w);

    MAX.record("penalty", Golden.assertClose(Golden.scalar(c.get("penalty")), penalty.item(), RTOL, ATOL,
        name + " penalty"));
    float[] expectedGrad = Golden.floats(c.get("grad_wrt_kernel"));
    float[] grad;
    if (penalty.requiresGrad()) {
      penalty.backward();
      assertNotNull(w.grad(), name + ": no gradient reached the kernel");
      grad = w.grad().toArray();
    } else {
      grad = new float[w.size()]; // a zero penalty (L1L2 with both factors 0) is a constant
    }
    MAX.record("penalty gradient", Golden.assertClose(expectedGrad, grad, RTOL, ATOL, name + " gradient"));
  }

  @Test
  void default_factor_of_l1_and_l2_is_keras_float32_001() {
    for (JsonNode r : GOLDEN.get("regularizers")) {
      String name = r.get("name").asText();
      if (name.equals("L1()")) {
        assertEquals(Golden.scalar(r.get("config").get("l1")), Regularizer.DEFAULT_FACTOR);
      } else if (name.equals("L2()")) {
        assertEquals(Golden.scalar(r.get("config").get("l2")), Regularizer.DEFAULT_FACTOR);
      }
    }
  }

  @Test
  void constraint_defaults_are_keras_defaults() {
    Map<String, Object> minMax = new MinMaxNorm().getConfig();
    Map<String, Object> unit = new UnitNorm().getConfig();
    for (JsonNode c : GOLDEN.get("constraints")) {
      String name = c.get("name").asText();
      if (name.equals("MinMaxNorm()")) {
        assertEquals(kerasConfig(c.get("config")), minMax);
      } else if (name.equals("UnitNorm()")) {
        assertEquals(kerasConfig(c.get("config")), unit);
      } else if (name.equals("MaxNorm(max_value=3)")) {
        assertEquals(kerasConfig(c.get("config")), new MaxNorm(3f).getConfig());
      }
    }
  }

  @AfterAll
  static void report() {
    MAX.print();
  }
}
