package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link DropConnectDense}: the kernel mask's statistics, inference, gradients, MC mode, config and arguments. */
class DropConnectDenseTest {
  private static final int IN = 300;
  private static final int UNITS = 1000;

  /** A layer whose kernel is all ones and has no bias: fed the identity, its output is the scaled mask itself. */
  private static DropConnectDense onesLayer(float rate) {
    DropConnectDense layer = new DropConnectDense(Dense.builder(UNITS).kernelInitializer("ones").useBias(false)
        .build(), rate, null, "dc");
    layer.build(Shape.of(Shape.UNKNOWN, IN), RngKey.of(0));
    return layer;
  }

  private static Tensor eye(int n) {
    float[] v = new float[n * n];
    for (int i = 0; i < n; i++) {
      v[i * n + i] = 1f;
    }
    return Tensor.of(Shape.of(n, n), v);
  }

  @Test
  void config_writes_the_rate_as_keras_writes_the_float() {
    assertEquals(0.3, new DropConnectDense(2, "tanh", 0.3f).getConfig().get("rate"), "0.3, not 0.30000001192092896");
  }

  @Test
  void trainingMask_dropsRateOfTheWeightsWithinFourSigma_andScalesTheKeptOnes() {
    float rate = 0.3f;
    float[] mask = onesLayer(rate).call(eye(IN), CallContext.training(RngKey.of(5), 0)).toArray();
    int n = mask.length;
    int zeros = 0;
    for (float v : mask) {
      if (v == 0f) {
        zeros++;
      } else {
        assertEquals(1f / (1f - rate), v, 1e-6f, "a kept weight is scaled by 1/(1-rate)");
      }
    }
    double sigma = Math.sqrt(rate * (1.0 - rate) / n);
    assertEquals(rate, zeros / (double) n, 4 * sigma, "dropped fraction of " + n + " weights");
  }

  @Test
  void oneMaskPerBatch_everySampleSeesTheSameMaskedKernel_andTheNextStepAnother() {
    DropConnectDense layer = onesLayer(0.5f);
    Tensor x = Tensor.full(Shape.of(2, IN), 1f); // two identical samples
    float[] out = layer.call(x, CallContext.training(RngKey.of(6), 0)).toArray();
    float[] first = java.util.Arrays.copyOfRange(out, 0, UNITS);
    assertArrayEquals(first, java.util.Arrays.copyOfRange(out, UNITS, 2 * UNITS), 0f);
    float[] next = layer.call(x, CallContext.training(RngKey.of(7), 1)).toArray();
    assertFalse(java.util.Arrays.equals(first, java.util.Arrays.copyOfRange(next, 0, UNITS)), "a new key, a new mask");
  }

  @Test
  void inference_equalsDenseWithTheSameWeights() {
    DropConnectDense dc = new DropConnectDense(Dense.builder(7).activation("tanh").biasInitializer("ones").build(),
        0.5f, null, "dc");
    Dense dense = new Dense(7, "tanh");
    Tensor x = GradientCheck.uniform(8, -1f, 1f, 5, 4);
    dc.build(x.shape(), RngKey.of(1));
    dense.build(x.shape(), RngKey.of(2));
    for (int i = 0; i < 2; i++) {
      dense.weights().get(i).assign(dc.weights().get(i).constant());
    }
    assertArrayEquals(dense.call(x, CallContext.inference()).toArray(), dc.call(x, CallContext.inference()).toArray(),
        0f);
  }

  @Test
  void monteCarloPass_masksWithOneMaskPerStackedSample() {
    DropConnectDense layer = onesLayer(0.5f);
    Tensor x = Tensor.full(Shape.of(4, IN), 1f); // 2 MC samples of a batch of 2 identical rows
    float[] out = layer.call(x, CallContext.monteCarlo(RngKey.of(3), 2)).toArray();
    float[] s0 = java.util.Arrays.copyOfRange(out, 0, UNITS);
    assertArrayEquals(s0, java.util.Arrays.copyOfRange(out, UNITS, 2 * UNITS), 0f, "one mask within a sample");
    assertFalse(java.util.Arrays.equals(s0, java.util.Arrays.copyOfRange(out, 2 * UNITS, 3 * UNITS)),
        "independent masks between MC samples");
    assertFalse(java.util.Arrays.equals(s0, layer.call(x, CallContext.inference()).toArray()), "MC mode masks");
  }

  @Test
  void trainingWithAFixedKey_gradientMatchesFiniteDifferences() {
    DropConnectDense layer = new DropConnectDense(Dense.builder(5).activation("tanh").biasInitializer("ones")
        .build(), 0.4f, null, "dc");
    CallContext ctx = CallContext.training(RngKey.of(99), 0);
    Tensor x = Tensor.variable(Shape.of(4, 3), GradientCheck.uniform(40, -1f, 1f, 4, 3).toArray());
    layer.call(x, ctx);
    List<GradientCheck.Leaf> leaves = new ArrayList<>();
    leaves.add(GradientCheck.leaf("x", x));
    for (Parameter p : layer.weights()) {
      leaves.add(GradientCheck.leaf(p));
    }
    GradientCheck.check("DropConnectDense(5, tanh, rate=0.4)", GradientCheck.H, () -> layer.call(x, ctx), leaves);
    float[] g = layer.weights().get(0).gradData();
    int zeroGrads = 0;
    for (float v : g) {
      zeroGrads += v == 0f ? 1 : 0;
    }
    assertTrue(zeroGrads > 0 && zeroGrads < g.length, "dropped weights get no gradient, kept ones do: " + zeroGrads);
  }

  @Test
  void config_hasTheBaseKeysTheInnerLayerRateAndSeed() {
    DropConnectDense layer = new DropConnectDense(new Dense(3, "relu"), 0.25f, 7L, "dc");
    Map<String, Object> c = layer.getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "layer", "rate", "seed"), List.copyOf(c.keySet()));
    assertEquals(0.25, c.get("rate"));
    assertEquals(7L, c.get("seed"));
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) c.get("layer");
    assertEquals("Dense", inner.get("class_name"));
  }

  @Test
  void weights_areTheInnerKernelAndBiasNamedUnderTheWrapper() {
    DropConnectDense layer = new DropConnectDense(4, "relu", 0.5f);
    layer.assignName("dc");
    layer.build(Shape.of(Shape.UNKNOWN, 3), RngKey.of(0));
    assertEquals(List.of("dc/dense/kernel", "dc/dense/bias"), layer.weights().stream().map(Parameter::name).toList());
    assertEquals(16, layer.countParams());
    assertEquals(Shape.of(Shape.UNKNOWN, 4), layer.computeOutputShape(Shape.of(Shape.UNKNOWN, 3)));
  }

  @Test
  void rate_outsideZeroOne_throwsNamingTheArgument() {
    for (float bad : new float[] {-0.1f, 1f, Float.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new DropConnectDense(3, "relu", bad));
      assertTrue(e.getMessage().contains("rate=" + bad), e.getMessage());
    }
  }

  @Test
  void builtInnerLayer_throws() {
    Dense dense = new Dense(3);
    dense.build(Shape.of(Shape.UNKNOWN, 2), RngKey.of(0));
    assertThrows(IllegalArgumentException.class, () -> new DropConnectDense(dense, 0.5f, null, null));
  }
}
