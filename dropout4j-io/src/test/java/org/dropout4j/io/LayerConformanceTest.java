package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.DropoutFamily;
import org.dropout4j.layers.Input;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered layer class against its sample case in {@link LayerCases} (Keras' {@code run_layer_test}):
 * output shape (computed and actual), weight count, the identity at inference where documented, the config as an
 * identical JSON string after a round trip (unbuilt and built), seed reproducibility, participation in Monte Carlo
 * dropout (noise in MC passes exactly for the layers that draw it; a {@code DropoutFamily} member says so through
 * {@code mcDropout()}), autodiff against central finite differences on a few coordinates per tensor, and a TF.js
 * export that writes only layers TF.js 4.22 registers or refuses the layer by name.
 */
class LayerConformanceTest {
  private static final LayerRegistry REGISTRY = LayerRegistry.standard();
  private static final RngKey BUILD_KEY = RngKey.of(11);
  private static final CallContext TRAINING = CallContext.training(RngKey.of(5), 3);
  /** Finite-difference step and tolerance |autodiff - fd| &lt;= ABS + REL * max(|autodiff|, |fd|), in float32. */
  private static final double H = 1e-2;
  private static final double ABS = 1e-3;
  private static final double REL = 1e-2;
  /** Coordinates checked by finite differences per tensor (first, last and evenly between): a few, not all. */
  private static final int FD_COORDINATES = 4;
  /** A float32 hyper-parameter widened to double digits, such as 0.30000001192092896 or 0.10000000149011612. */
  private static final java.util.regex.Pattern FLOAT_WIDENED = java.util.regex.Pattern.compile(
      "\\d\\.\\d*(0{6}|9{6})\\d{3,}");

  static Stream<String> registered() {
    return REGISTRY.classNames().stream();
  }

  @Test
  void every_registered_class_has_a_conformance_case() {
    List<String> missing = new ArrayList<>();
    for (String c : REGISTRY.classNames()) {
      if (LayerCases.of(c) == null) {
        missing.add(c);
      }
    }
    assertTrue(missing.isEmpty(), "registered layer classes without a case in LayerCases: " + missing);
    for (String c : LayerCases.classNames()) {
      assertTrue(REGISTRY.contains(c), "LayerCases has a case for " + c + ", which is not registered");
    }
  }

  /**
   * Sample input {@code k}: distinct values spread over [-1, 1] (no ties for max pooling; input k offset by
   * 0.05 k so that two merge inputs never tie either), or integer ids for an embedding.
   */
  private static Tensor input(LayerCases.Case c, int k) {
    Shape shape = Shape.of(c.inputs[k]);
    float[] v = new float[shape.size()];
    float[] u = new float[v.length];
    RngKey.of(17 + k).fillUniform(u);
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(u[a], u[b]));
    for (int rank = 0; rank < v.length; rank++) {
      v[order[rank]] = c.integerInput ? rank % 10 : -1f + 2f * rank / (v.length - 1) + 0.05f * k;
    }
    return Tensor.of(shape, v);
  }

  private static List<Tensor> inputs(LayerCases.Case c) {
    List<Tensor> xs = new ArrayList<>();
    for (int k = 0; k < c.inputs.length; k++) {
      xs.add(input(c, k));
    }
    return xs;
  }

  private static List<Shape> shapes(LayerCases.Case c, boolean unknownBatch) {
    List<Shape> out = new ArrayList<>();
    for (int[] s : c.inputs) {
      out.add(unknownBatch ? Shape.of(s).withBatch(Shape.UNKNOWN) : Shape.of(s));
    }
    return out;
  }

  private static Layer built(LayerCases.Case c) {
    Layer layer = c.layer.get();
    if (c.multiInput()) {
      layer.build(shapes(c, false), BUILD_KEY);
    } else {
      layer.build(Shape.of(c.inputs[0]), BUILD_KEY);
    }
    return layer;
  }

  private static Tensor call(LayerCases.Case c, Layer layer, List<Tensor> xs, CallContext context) {
    return c.multiInput() ? layer.call(xs, context) : layer.call(xs.get(0), context);
  }

  private static float[] run(LayerCases.Case c, Layer layer, CallContext context) {
    return call(c, layer, inputs(c), context).toArray();
  }

  private static String json(Layer layer) {
    return Json.write(Configs.envelope(layer.className(), layer.getConfig()));
  }

  private static LayerCases.Case caseOf(String className) {
    LayerCases.Case c = LayerCases.of(className);
    assertNotNull(c, "no conformance case for " + className);
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registered")
  void output_shape_and_weight_count_match_the_case(String className) {
    LayerCases.Case c = caseOf(className);
    Layer layer = built(c);
    assertEquals(className, layer.className());
    Shape expected = Shape.of(c.output).withBatch(Shape.UNKNOWN);
    assertEquals(expected, c.multiInput() ? layer.computeOutputShape(shapes(c, true))
        : layer.computeOutputShape(shapes(c, true).get(0)), "computeOutputShape");
    assertEquals(Shape.of(c.output), call(c, layer, inputs(c), CallContext.inference()).shape(), "actual output");
    assertEquals(c.weights, layer.weights().size(), "weights " + layer.weights());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registered")
  void config_round_trips_to_an_identical_json_string_unbuilt_and_built(String className) {
    LayerCases.Case c = caseOf(className);
    for (Layer layer : List.of(c.layer.get(), built(c))) {
      String text = json(layer);
      assertFalse(FLOAT_WIDENED.matcher(text).find(), "floats are written as typed (0.3, not 0.30000001192092896): "
          + text);
      Layer back = REGISTRY.fromEnvelope(Json.readObject(text, className));
      assertEquals(layer.getClass(), back.getClass());
      assertEquals(text, json(back));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registered")
  void inference_is_the_identity_where_documented_and_deterministic_everywhere(String className) {
    LayerCases.Case c = caseOf(className);
    Layer layer = built(c);
    float[] once = run(c, layer, CallContext.inference());
    assertArrayEquals(once, run(c, layer, CallContext.inference()));
    if (c.identityAtInference) {
      assertArrayEquals(input(c, 0).toArray(), once);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registered")
  void one_seed_reproduces_weights_and_training_output_bit_for_bit(String className) {
    LayerCases.Case c = caseOf(className);
    Layer a = built(c);
    Layer b = built(c);
    for (int i = 0; i < a.weights().size(); i++) {
      assertArrayEquals(a.weights().get(i).data(), b.weights().get(i).data(), a.weights().get(i).name());
    }
    assertArrayEquals(run(c, a, TRAINING), run(c, b, TRAINING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registered")
  void monte_carlo_passes_draw_noise_exactly_for_the_layers_that_use_it(String className) {
    LayerCases.Case c = caseOf(className);
    Layer layer = built(c);
    float[] inference = run(c, layer, CallContext.inference());
    float[] mc1 = run(c, layer, CallContext.monteCarlo(RngKey.of(1), 1));
    float[] mc2 = run(c, layer, CallContext.monteCarlo(RngKey.of(2), 1));
    if (c.noiseInMonteCarlo) {
      assertFalse(java.util.Arrays.equals(mc1, mc2), "two MC passes with different keys differ");
      assertFalse(java.util.Arrays.equals(inference, mc1), "an MC pass differs from inference");
      assertArrayEquals(mc1, run(c, layer, CallContext.monteCarlo(RngKey.of(1), 1)), "same key");
    } else {
      assertArrayEquals(inference, mc1, "no noise in an MC pass");
      assertArrayEquals(inference, mc2, "no noise in an MC pass");
    }
    if (layer instanceof DropoutFamily) {
      assertEquals(((DropoutFamily) layer).mcDropout(), c.noiseInMonteCarlo, "DropoutFamily.mcDropout()");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registered")
  @SuppressWarnings("unchecked")
  void tfjs_export_writes_only_layers_tfjs_registers_or_refuses_naming_the_layer(String className) {
    LayerCases.Case c = caseOf(className);
    if (className.equals("InputLayer") || c.multiInput()) {
      return; // the input is exported with every model; merge layers need a functional model
    }
    int[] in = c.inputs[0];
    Sequential model = new Sequential(Input.shape(java.util.Arrays.copyOfRange(in, 1, in.length)), c.layer.get());
    model.build(model.inputShape());
    TfjsConfigs.Export export;
    try {
      export = TfjsConfigs.export(model);
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("(" + className + ") to TF.js"), e.getMessage());
      return;
    }
    for (Object layer : (List<Object>) ((Map<String, Object>) export.topology().get("config")).get("layers")) {
      String cls = (String) ((Map<String, Object>) layer).get("class_name");
      assertTrue(TfjsConfigs.TFJS_LAYERS.contains(cls), className + " exported as " + cls);
    }
  }

  /** Up to {@link #FD_COORDINATES} distinct indices of an array of length n: 0, n - 1 and evenly between. */
  private static int[] coordinates(int n) {
    return java.util.stream.IntStream.range(0, FD_COORDINATES)
        .map(j -> (int) Math.round((double) j * (n - 1) / (FD_COORDINATES - 1))).distinct().toArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registered")
  void autodiff_matches_central_finite_differences_in_training_on_a_few_coordinates(String className) {
    LayerCases.Case c = caseOf(className);
    Layer layer = built(c);
    List<Tensor> xs = inputs(c);
    float[] r = new float[Shape.of(c.output).size()];
    RngKey.of(23).fillUniform(r);
    // the analytic gradient of sum(out * r)
    List<Tensor> vars = new ArrayList<>();
    for (Tensor x : xs) {
      vars.add(Tensor.variable(x.shape(), x.toArray()));
    }
    for (Parameter p : layer.weights()) {
      p.zeroGrad();
    }
    Ops.sum(Ops.mul(call(c, layer, vars, TRAINING), Tensor.of(Shape.of(c.output), r))).backward();
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, float[]> analytic = new LinkedHashMap<>();
    List<float[]> raw = new ArrayList<>();
    for (int k = 0; k < xs.size(); k++) {
      float[] x = xs.get(k).toArray();
      raw.add(x);
      if (!c.integerInput) {
        values.put("input" + k, x);
        analytic.put("input" + k, vars.get(k).grad() == null ? new float[x.length] : vars.get(k).grad().toArray());
      }
    }
    for (Parameter p : layer.weights()) {
      if (p.trainable()) {
        values.put(p.name(), p.data());
        analytic.put(p.name(), p.gradData() == null ? new float[p.data().length] : p.gradData().clone());
      }
    }
    StringBuilder failures = new StringBuilder();
    int checked = 0;
    for (Map.Entry<String, float[]> e : values.entrySet()) {
      float[] v = e.getValue();
      for (int i : coordinates(v.length)) {
        float keep = v[i];
        float plus = (float) (keep + H);
        float minus = (float) (keep - H);
        v[i] = plus;
        double lp = weighted(c, layer, raw, r);
        v[i] = minus;
        double lm = weighted(c, layer, raw, r);
        v[i] = keep;
        double numeric = (lp - lm) / ((double) plus - minus);
        double a = analytic.get(e.getKey())[i];
        checked++;
        if (!(Math.abs(a - numeric) <= ABS + REL * Math.max(Math.abs(a), Math.abs(numeric)))) {
          failures.append(String.format("%n  %s[%d]: autodiff %.6g, finite difference %.6g", e.getKey(), i, a,
              numeric));
        }
      }
    }
    assertTrue(checked > 0, "nothing to check");
    if (failures.length() > 0) {
      fail(className + ": gradient mismatch (h=" + H + "):" + failures);
    }
  }

  private static double weighted(LayerCases.Case c, Layer layer, List<float[]> raw, float[] r) {
    List<Tensor> xs = new ArrayList<>();
    for (int k = 0; k < raw.size(); k++) {
      xs.add(Tensor.of(Shape.of(c.inputs[k]), raw.get(k)));
    }
    Tensor out = call(c, layer, xs, TRAINING);
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      s += (double) out.get(i) * r[i];
    }
    return s;
  }
}
