package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.McPrediction;
import org.dropout4j.models.MonteCarloDropout;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchNormalization}: batch statistics and moving-statistics updates in training, moving statistics at
 * inference and in Monte Carlo dropout passes, weights, summary counts, config and argument checks.
 */
class BatchNormalizationTest {
  private static final CallContext TRAINING = CallContext.training(RngKey.of(1), 0);

  /** Two channels: channel 0 = 1, 2, 3, 4 (mean 2.5, biased variance 1.25); channel 1 = 10 everywhere. */
  private static Tensor twoChannels() {
    return Tensor.of(Shape.of(4, 2), 1f, 10f, 2f, 10f, 3f, 10f, 4f, 10f);
  }

  private static float[] data(BatchNormalization bn, int index) {
    return bn.weights().get(index).data().clone();
  }

  @Test
  void training_normalizesWithBatchStatistics() {
    float[] y = new BatchNormalization().call(twoChannels(), TRAINING).toArray();
    double inv0 = 1 / Math.sqrt(1.25 + 1e-3);
    assertArrayEquals(new float[] {(float) (-1.5 * inv0), 0f, (float) (-0.5 * inv0), 0f, (float) (0.5 * inv0), 0f,
        (float) (1.5 * inv0), 0f}, y, 1e-5f);
  }

  @Test
  void training_updatesMovingStatisticsWithMomentumAndBiasedVariance() {
    BatchNormalization bn = new BatchNormalization(0.9f, 1e-3f, true, true, null, true);
    bn.call(twoChannels(), TRAINING);
    assertArrayEquals(new float[] {0.1f * 2.5f, 0.1f * 10f}, data(bn, 2), 1e-6f, "moving_mean");
    assertArrayEquals(new float[] {0.9f + 0.1f * 1.25f, 0.9f}, data(bn, 3), 1e-6f, "moving_variance");
  }

  @Test
  void inference_usesMovingStatisticsAndLeavesThemUnchanged() {
    BatchNormalization bn = new BatchNormalization();
    bn.build(Shape.of(Shape.UNKNOWN, 2), RngKey.of(0));
    bn.weights().get(0).assign(Tensor.of(Shape.of(2), 2f, 3f)); // gamma
    bn.weights().get(1).assign(Tensor.of(Shape.of(2), 0.5f, -1f)); // beta
    bn.weights().get(2).assign(Tensor.of(Shape.of(2), 1f, 4f)); // moving_mean
    bn.weights().get(3).assign(Tensor.of(Shape.of(2), 3f, 0.25f)); // moving_variance
    float[] y = bn.call(Tensor.of(Shape.of(1, 2), 2f, 5f), CallContext.inference()).toArray();
    assertArrayEquals(new float[] {(float) (2 * 1 / Math.sqrt(3.001) + 0.5), (float) (3 * 1 / Math.sqrt(0.251) - 1)},
        y, 1e-5f);
    assertArrayEquals(new float[] {1f, 4f}, data(bn, 2));
    assertArrayEquals(new float[] {3f, 0.25f}, data(bn, 3));
  }

  @Test
  void frozenLayer_inTraining_usesMovingStatisticsAndDoesNotUpdate() {
    BatchNormalization bn = new BatchNormalization(0.99f, 1e-3f, true, true, null, false);
    float[] y = bn.call(twoChannels(), TRAINING).toArray();
    assertArrayEquals(new float[] {0f, 0f}, data(bn, 2));
    assertEquals((float) (1 / Math.sqrt(1.001)), y[0], 1e-6f);
  }

  @Test
  void monteCarloDropout_keepsBatchNormInInference() {
    BatchNormalization bn = new BatchNormalization();
    Sequential model = new Sequential(Input.shape(3), bn, new Dropout(0.5f));
    model.build(Shape.of(Shape.UNKNOWN, 3));
    bn.weights().get(2).assign(Tensor.of(Shape.of(3), 1f, 2f, 3f));
    bn.weights().get(3).assign(Tensor.of(Shape.of(3), 4f, 4f, 4f));
    Tensor x = GradientCheck.uniform(8, -1f, 1f, 6, 3);
    McPrediction p = MonteCarloDropout.predict(model, x, 20, 42);
    assertArrayEquals(new float[] {1f, 2f, 3f}, data(bn, 2), "moving_mean unchanged");
    assertArrayEquals(new float[] {4f, 4f, 4f}, data(bn, 3), "moving_variance unchanged");
    // each draw element is either dropped (0) or the moving-statistics normalization scaled by 1/(1-rate) = 2
    float[] expected = bn.call(x, CallContext.inference()).toArray();
    float[] draws = p.draws().toArray();
    boolean sawKept = false;
    for (int i = 0; i < draws.length; i++) {
      float e = 2 * expected[i % expected.length];
      assertTrue(draws[i] == 0f || Math.abs(draws[i] - e) < 1e-5f, "draw " + i + " = " + draws[i] + ", expected 0 or "
          + e);
      sawKept |= draws[i] != 0f;
    }
    assertTrue(sawKept);
  }

  @Test
  void fit_movesTheMovingMeanTowardTheDataMean_andEvaluateLeavesItAlone() {
    BatchNormalization bn = new BatchNormalization(0.5f, 1e-3f, true, true, null, true);
    Sequential model = new Sequential(Input.shape(2), bn, new org.dropout4j.layers.Dense(1));
    model.compile("sgd", "mse");
    // channel 0 has mean 5, channel 1 has mean -3 over the data set
    Tensor x = Tensor.of(Shape.of(4, 2), 4, -2, 6, -4, 5, -3, 5, -3);
    Tensor y = Tensor.of(Shape.of(4, 1), 1, 0, 1, 0);
    model.fit(x, y, org.dropout4j.models.FitOptions.builder().epochs(10).batchSize(4).verbose(0).build());
    assertArrayEquals(new float[] {5f, -3f}, data(bn, 2), 0.01f, "moving_mean after 10 steps of momentum 0.5");
    assertArrayEquals(new float[] {0.5f, 0.5f}, data(bn, 3), 0.01f, "moving_variance -> biased variance 0.5");
    float[] before = data(bn, 2);
    model.evaluate(x, y, 4);
    model.predict(x);
    assertArrayEquals(before, data(bn, 2));
  }

  @Test
  void gradient_inTraining_matchesFiniteDifferences() {
    BatchNormalization bn = new BatchNormalization();
    Tensor x = Tensor.variable(Shape.of(5, 2, 3), GradientCheck.uniform(9, -2f, 2f, 5, 2, 3).toArray());
    bn.call(x, TRAINING);
    bn.weights().get(0).assign(GradientCheck.uniform(10, 0.5f, 1.5f, 3));
    bn.weights().get(1).assign(GradientCheck.uniform(11, -1f, 1f, 3));
    List<GradientCheck.Leaf> leaves = new ArrayList<>();
    leaves.add(GradientCheck.leaf("x", x));
    leaves.add(GradientCheck.leaf(bn.weights().get(0)));
    leaves.add(GradientCheck.leaf(bn.weights().get(1)));
    GradientCheck.check("BatchNormalization", GradientCheck.H, () -> bn.call(x, TRAINING), leaves);
  }

  @Test
  void weights_inKerasOrder_withMovingStatisticsNonTrainable() {
    BatchNormalization bn = new BatchNormalization();
    bn.build(Shape.of(Shape.UNKNOWN, 32), RngKey.of(0));
    List<String> names = new ArrayList<>();
    for (Parameter p : bn.weights()) {
      names.add(p.name().substring(p.name().indexOf('/') + 1) + (p.trainable() ? "" : " frozen"));
    }
    assertEquals(List.of("gamma", "beta", "moving_mean frozen", "moving_variance frozen"), names);
    assertArrayEquals(new float[] {1f, 1f}, java.util.Arrays.copyOf(data(bn, 0), 2));
    assertArrayEquals(new float[] {1f, 1f}, java.util.Arrays.copyOf(data(bn, 3), 2));
  }

  @Test
  void summary_on32Channels_counts128ParamsOf64NonTrainable() {
    Sequential model = new Sequential(Input.shape(32), new BatchNormalization());
    model.build(Shape.of(Shape.UNKNOWN, 32));
    String s = model.summary();
    assertTrue(s.contains("Total params: 128"), s);
    assertTrue(s.contains("Trainable params: 64"), s);
    assertTrue(s.contains("Non-trainable params: 64"), s);
  }

  @Test
  void withoutCenterAndScale_hasOnlyMovingStatistics() {
    BatchNormalization bn = new BatchNormalization(0.99f, 1e-3f, false, false, null, true);
    bn.build(Shape.of(Shape.UNKNOWN, 4), RngKey.of(0));
    assertEquals(2, bn.weights().size());
    assertEquals(8, bn.countParams());
  }

  @Test
  void config_hasKerasKeysInKerasOrder() {
    assertEquals(List.of("name", "trainable", "dtype", "axis", "momentum", "epsilon", "center", "scale",
        "beta_initializer", "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
        "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint", "synchronized", "renorm",
        "renorm_clipping", "renorm_momentum"), new ArrayList<>(new BatchNormalization().getConfig().keySet()));
    assertEquals(0.99, new BatchNormalization().getConfig().get("momentum"));
    assertEquals(0.001, new BatchNormalization().getConfig().get("epsilon"));
    assertEquals(-1, new BatchNormalization().getConfig().get("axis"));
  }

  @Test
  void momentumAboveOne_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BatchNormalization(1.5f, 1e-3f, true, true, null, true));
    assertTrue(e.getMessage().contains("momentum=1.5"), e.getMessage());
  }

  @Test
  void epsilonZero_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BatchNormalization(0.99f, 0f, true, true, null, true));
    assertTrue(e.getMessage().contains("epsilon=0.0"), e.getMessage());
  }

  @Test
  void rank1Input_throwsNamingTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BatchNormalization().build(Shape.of(Shape.UNKNOWN), RngKey.of(0)));
    assertTrue(e.getMessage().contains("BatchNormalization"), e.getMessage());
    assertFalse(e.getMessage().isEmpty());
  }
}
