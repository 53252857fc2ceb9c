package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link SparseVariationalDense}: gradients, the KL approximation, inference pruning, sparsity, config. */
class SparseVariationalDenseTest {
  private static final CallContext TRAINING = CallContext.training(RngKey.of(99), 0);

  private static SparseVariationalDense built(int in, int units, String activation, boolean bias, int n) {
    SparseVariationalDense layer = new SparseVariationalDense(units, activation, bias, "glorot_uniform", "ones",
        SparseVariationalDense.DEFAULT_LOG_SIGMA2_INIT, SparseVariationalDense.DEFAULT_THRESHOLD, n, null, "svd");
    layer.build(Shape.of(Shape.UNKNOWN, in), RngKey.of(0));
    return layer;
  }

  private static List<GradientCheck.Leaf> weightLeaves(Layer layer) {
    List<GradientCheck.Leaf> leaves = new ArrayList<>();
    for (Parameter p : layer.weights()) {
      leaves.add(GradientCheck.leaf(p));
    }
    return leaves;
  }

  /** log_sigma2 in [-4, 0): log_alpha inside (-10, 10), away from the clip edges, so every path has a gradient. */
  private static void spreadLogSigma2(SparseVariationalDense layer) {
    Parameter ls2 = layer.weights().get(1);
    ls2.assign(GradientCheck.uniform(7, -4f, 0f, ls2.shape().toArray()));
  }

  @Test
  void weights_areKernelLogSigma2AndBias() {
    SparseVariationalDense layer = built(3, 4, "linear", true, 10);
    assertEquals(List.of("svd/kernel", "svd/log_sigma2", "svd/bias"),
        layer.weights().stream().map(Parameter::name).toList());
    assertEquals(12 + 12 + 4, layer.countParams());
    assertEquals(-10f, layer.weights().get(1).data()[5], 0f);
  }

  @Test
  void training_withAFixedKey_gradientMatchesFiniteDifferences() {
    SparseVariationalDense layer = built(4, 3, "tanh", true, 10);
    spreadLogSigma2(layer);
    Tensor x = Tensor.variable(Shape.of(5, 4), GradientCheck.awayFromZero(8, 0.2f, 1f, 5, 4).toArray());
    List<GradientCheck.Leaf> leaves = weightLeaves(layer);
    leaves.add(GradientCheck.leaf("x", x));
    GradientCheck.check("SparseVariationalDense(3, tanh) training", 1e-3, () -> layer.call(x, TRAINING), leaves);
    assertTrue(layer.weights().get(1).gradData()[0] != 0f, "the noise depends on log_sigma2");
  }

  @Test
  void klRegularizer_gradientMatchesFiniteDifferences() {
    SparseVariationalDense layer = built(4, 3, "linear", false, 10);
    spreadLogSigma2(layer);
    GradientCheck.check("SparseVariationalDense KL", 1e-3, () -> layer.regularizationLosses(TRAINING).get(0),
        weightLeaves(layer));
  }

  @Test
  void klRegularizer_equalsThePapersApproximationOverN_withLogAlphaClippedToTen() {
    SparseVariationalDense layer = built(1, 5, "linear", false, 10);
    layer.weights().get(0).assign(Tensor.full(Shape.of(1, 5), 1f)); // theta = 1: log_alpha = log_sigma2
    layer.weights().get(1).assign(Tensor.of(Shape.of(1, 5), 0f, 2f, -3f, 15f, -12f));
    // -KL = k1 sigmoid(k2 + k3 la) - 0.5 log1p(exp(-la)) - k1 with k1 = 0.63576, k2 = 1.87320, k3 = 1.48695,
    // evaluated in double: la = 0 -> KL 0.43123895, 2 -> 0.06841655, -3 -> 2.11559022, 10 (15 clipped) ->
    // 0.00002273, -10 (-12 clipped) -> 5.63578126
    double expected = (0.43123895 + 0.06841655 + 2.11559022 + 0.00002273 + 5.63578126) / 10;
    assertEquals(expected, layer.regularizationLosses(CallContext.inference()).get(0).item(), 2e-6);
    assertEquals(-0.43123895, SparseVariationalDense.negKl(0), 1e-8);
  }

  @Test
  void inference_prunesWeightsWithLogAlphaAboveThree_andSparsityCountsThem() {
    SparseVariationalDense layer = built(3, 2, "linear", true, 10);
    float[] theta = {0.5f, -1f, 2f, 0.25f, -0.5f, 1f};
    // log_alpha = log_sigma2 - log(theta^2): 3.5 (pruned), 2.9 (kept), 4 (pruned), -1, 0, 3.01 (pruned)
    float[] ls2 = new float[6];
    double[] la = {3.5, 2.9, 4, -1, 0, 3.01};
    for (int i = 0; i < 6; i++) {
      ls2[i] = (float) (la[i] + Math.log(theta[i] * theta[i]));
    }
    layer.weights().get(0).assign(Tensor.of(Shape.of(3, 2), theta));
    layer.weights().get(1).assign(Tensor.of(Shape.of(3, 2), ls2));
    Tensor x = GradientCheck.uniform(9, -1f, 1f, 4, 3);
    Tensor kept = Tensor.of(Shape.of(3, 2), 0f, -1f, 0f, 0.25f, -0.5f, 0f);
    Tensor expected = Ops.add(Ops.matmul(x, kept), Tensor.full(Shape.of(2), 1f)); // bias initialised to ones
    assertArrayEquals(expected.toArray(), layer.call(x, CallContext.inference()).toArray(), 1e-6f);
    assertEquals(0.5, layer.sparsity(), 0.0);
    assertEquals(Map.of("sparsity", 0.5), layer.epochLogs());
  }

  @Test
  void training_outputVarianceMatchesTheLocalReparameterization() {
    // one input of ones, one unit: out = theta_sum + bias + sqrt(sum(alpha theta^2)) * eps
    SparseVariationalDense layer = built(2, 1, "linear", true, 10);
    layer.weights().get(0).assign(Tensor.of(Shape.of(2, 1), 0.5f, -1f));
    layer.weights().get(1).assign(Tensor.of(Shape.of(2, 1), (float) Math.log(0.3), (float) Math.log(0.1)));
    int n = 100_000;
    float[] out = layer.call(Tensor.full(Shape.of(n, 2), 1f), TRAINING).toArray();
    Moments m = new Moments(out);
    assertEquals(0.5 - 1 + 1, m.mean, 4 * m.meanSigma());
    assertEquals(0.3 + 0.1, m.variance, 4 * m.varianceSigma()); // alpha theta^2 = sigma^2
  }

  @Test
  void config_hasTheKeysInOrder() {
    Map<String, Object> c = new SparseVariationalDense(4, "relu", 100).getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "units", "activation", "use_bias", "kernel_initializer",
        "bias_initializer", "log_sigma2_init", "threshold", "data_size", "seed"), List.copyOf(c.keySet()));
    assertEquals(100, c.get("data_size"));
    assertEquals(3.0, c.get("threshold"));
  }

  @Test
  void badArguments_throwNamingTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SparseVariationalDense(4, "relu", 0));
    assertTrue(e.getMessage().contains("data_size=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SparseVariationalDense(0, "relu", 10));
    assertTrue(e.getMessage().contains("units=0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> built(3, 2, "linear", true, 10)
        .call(Tensor.zeros(Shape.of(2, 3, 3)), CallContext.inference()));
  }
}
