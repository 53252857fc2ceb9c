package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link ConcreteDropout}: the relaxed mask, gradients w.r.t. p and the weights, the regularizer, p in History. */
class ConcreteDropoutTest {
  private static final CallContext TRAINING = CallContext.training(RngKey.of(99), 0);

  private static ConcreteDropout built(Dense inner, float wr, float dr, int inputDim) {
    ConcreteDropout layer = new ConcreteDropout(inner, wr, dr, 0.1f, 0.1f, 0.1f, null, "cd");
    layer.build(Shape.of(Shape.UNKNOWN, inputDim), RngKey.of(0));
    return layer;
  }

  private static void setP(ConcreteDropout layer, double p) {
    List<Parameter> w = layer.weights();
    w.get(w.size() - 1).data()[0] = (float) Math.log(p / (1 - p));
  }

  private static List<GradientCheck.Leaf> weightLeaves(Layer layer) {
    List<GradientCheck.Leaf> leaves = new ArrayList<>();
    for (Parameter p : layer.weights()) {
      leaves.add(GradientCheck.leaf(p));
    }
    return leaves;
  }

  @Test
  void initialP_isInitMin_whenInitMinEqualsInitMax() {
    assertEquals(0.1, built(new Dense(3), 1e-6f, 1e-5f, 4).p(), 1e-6);
  }

  @Test
  void trainingMask_dropsAFractionP_ofTheInputs() {
    // z < 1/2  <=>  logit + L > 0, and the logistic noise L gives P(L > -logit) = sigmoid(logit) = p exactly
    ConcreteDropout layer = built(Dense.builder(1).kernelInitializer("ones").useBias(false).build(), 0f, 0f, 1);
    setP(layer, 0.3);
    int n = 200_000;
    float[] out = layer.call(Tensor.full(Shape.of(n, 1), 1f), TRAINING).toArray(); // out = z / (1 - p)
    int dropped = 0;
    for (float v : out) {
      dropped += v * (1 - 0.3) < 0.5 ? 1 : 0;
    }
    assertEquals(0.3, dropped / (double) n, 4 * Math.sqrt(0.3 * 0.7 / n));
  }

  @Test
  void inference_isTheWrappedDenseOnTheUnchangedInput() {
    ConcreteDropout layer = built(new Dense(4, "tanh"), 1e-6f, 1e-5f, 3);
    Tensor x = GradientCheck.uniform(1, -1f, 1f, 5, 3);
    Tensor expected = Ops.tanh(Ops.add(Ops.matmul(x, layer.weights().get(0).constant()),
        layer.weights().get(1).constant()));
    assertArrayEquals(expected.toArray(), layer.call(x, CallContext.inference()).toArray(), 1e-6f);
  }

  @Test
  void forward_withAFixedKey_gradientMatchesFiniteDifferences_forInputWeightsAndP() {
    ConcreteDropout layer = new ConcreteDropout(Dense.builder(3).activation("tanh").biasInitializer("ones").build(),
        1e-2f, 1e-2f, 0.2f, 0.4f, 0.5f, null, "cd");
    Tensor x = Tensor.variable(Shape.of(4, 5), GradientCheck.uniform(2, -1f, 1f, 4, 5).toArray());
    layer.call(x, TRAINING);
    List<GradientCheck.Leaf> leaves = weightLeaves(layer);
    leaves.add(GradientCheck.leaf("x", x));
    GradientCheck.check("ConcreteDropout(Dense(3, tanh), t=0.5)", 1e-3, () -> layer.call(x, TRAINING), leaves);
    assertTrue(layer.weights().get(2).gradData()[0] != 0f, "the output depends on p");
  }

  @Test
  void forward_withTheDefaultTemperature_gradientMatchesFiniteDifferences() {
    ConcreteDropout layer = built(Dense.builder(2).activation("sigmoid").build(), 0f, 0f, 3);
    Tensor x = Tensor.variable(Shape.of(3, 3), GradientCheck.uniform(3, -1f, 1f, 3, 3).toArray());
    List<GradientCheck.Leaf> leaves = weightLeaves(layer);
    leaves.add(GradientCheck.leaf("x", x));
    GradientCheck.check("ConcreteDropout(Dense(2, sigmoid), t=0.1)", 1e-3, () -> layer.call(x, TRAINING), leaves);
  }

  @Test
  void regularizer_gradientMatchesFiniteDifferences() {
    ConcreteDropout layer = built(new Dense(3), 0.3f, 0.2f, 4);
    setP(layer, 0.3);
    GradientCheck.check("ConcreteDropout regularizer", GradientCheck.H,
        () -> layer.regularizationLosses(TRAINING).get(0), weightLeaves(layer));
  }

  @Test
  void regularizer_equalsThePapersFormula() {
    ConcreteDropout layer = built(Dense.builder(2).kernelInitializer("ones").build(), 0.01f, 0.002f, 3);
    setP(layer, 0.2);
    double p = 0.2;
    double expected = 0.01 * 6 / (1 - p) + 0.002 * 3 * (p * Math.log(p) + (1 - p) * Math.log(1 - p));
    List<Tensor> losses = layer.regularizationLosses(CallContext.inference());
    assertEquals(1, losses.size());
    assertEquals(expected, losses.get(0).item(), 1e-6);
  }

  @Test
  void regularizersForN_areLSquaredOverNAndTwoOverN() {
    assertEquals(1e-4f / 100, ConcreteDropout.weightRegularizerFor(1e-2, 100), 1e-12f);
    assertEquals(0.02f, ConcreteDropout.dropoutRegularizerFor(100), 0f);
  }

  @Test
  void fit_recordsPInHistoryPerEpoch_andSummaryListsIt() {
    ConcreteDropout cd = new ConcreteDropout(new Dense(4, "relu"), 1e-4f, 1e-2f);
    Sequential m = new Sequential(Input.shape(2), cd, new Dense(1));
    m.setRandomSeed(1);
    m.compile("adam", "mse");
    Tensor x = GradientCheck.uniform(5, -1f, 1f, 16, 2);
    History h = m.fit(x, Ops.sum(x, 1, true), FitOptions.builder().epochs(3).verbose(0).build());
    List<Double> ps = h.get("concrete_dropout/p");
    assertEquals(3, ps.size());
    assertEquals(cd.p(), ps.get(2), 0.0);
    assertTrue(ps.get(0) != 0.1, "p moves during training: " + ps);
    assertTrue(m.summary().contains(" concrete_dropout: p=" + String.format(java.util.Locale.ROOT, "%.4g", cd.p())),
        m.summary());
  }

  @Test
  void config_hasTheInnerLayerAndTheConcreteOptions() {
    Map<String, Object> c = new ConcreteDropout(new Dense(2), 1e-6f, 1e-5f).getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "layer", "weight_regularizer", "dropout_regularizer",
        "init_min", "init_max", "temperature", "seed"), List.copyOf(c.keySet()));
    assertEquals(0.1, c.get("temperature"), "floats are written as Keras writes them (0.1, not 0.10000000149011612)");
  }

  @Test
  void badArguments_throwNamingTheArgument() {
    Object[][] cases = {
        {-1f, 0f, 0.1f, 0.1f, 0.1f, "weight_regularizer=-1.0"},
        {0f, Float.NaN, 0.1f, 0.1f, 0.1f, "dropout_regularizer=NaN"},
        {0f, 0f, 0f, 0.1f, 0.1f, "init_min=0.0"},
        {0f, 0f, 0.2f, 0.1f, 0.1f, "init_max=0.1"},
        {0f, 0f, 0.1f, 0.1f, 0f, "temperature=0.0"},
    };
    for (Object[] c : cases) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConcreteDropout(
          new Dense(2), (float) c[0], (float) c[1], (float) c[2], (float) c[3], (float) c[4], null, null));
      assertTrue(e.getMessage().contains((String) c[5]), e.getMessage());
    }
    assertThrows(IllegalStateException.class, () -> new ConcreteDropout(new Dense(2), 0f, 0f).p());
  }
}
