package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dropout4j.layers.activations.PReLU;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.layers.constraints.NonNeg;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Contract of the regularizers and constraints of BatchNormalization, LayerNormalization, GroupNormalization
 * ({@code gamma/beta_*}), PReLU ({@code alpha_*}) and MultiHeadAttention ({@code kernel/bias_*} on every projection,
 * {@code activity_regularizer} on every projection's output): each penalty is Keras' formula on its own weights, each
 * constraint projects its own weights, the configs write Keras' keys and round-trip, and bad values are refused
 * naming the layer, the key, what was expected and what was received. The numbers against real Keras are in
 * dropout4j-io's KerasWeightRuleGoldenTest.
 */
class LayerWeightRulesTest {
  private static final CallContext TRAINING = CallContext.training(RngKey.of(1), 0);
  private static final GammaBetaRules RULES = new GammaBetaRules(Regularizer.l2(0.5f), Regularizer.l1(0.25f),
      new MaxNorm(0.5f), new NonNeg());

  private static double sumSquares(float[] w) {
    double s = 0;
    for (float v : w) {
      s += (double) v * v;
    }
    return s;
  }

  private static double sumAbs(float[] w) {
    double s = 0;
    for (float v : w) {
      s += Math.abs(v);
    }
    return s;
  }

  /** gamma (ones, L2 0.5) then beta (set to -1 and 2, L1 0.25); after the constraints gamma's norm is 0.5. */
  private static void checkGammaBeta(Layer layer, Shape input) {
    layer.build(input, RngKey.of(3));
    Parameter gamma = layer.weights().get(0);
    Parameter beta = layer.weights().get(1);
    assertTrue(gamma.name().endsWith("/gamma") && beta.name().endsWith("/beta"), gamma.name() + " " + beta.name());
    float[] b = beta.data();
    java.util.Arrays.fill(b, 2f);
    b[0] = -1f;
    List<Tensor> losses = layer.regularizationLosses(TRAINING);
    assertEquals(2, losses.size(), layer.className());
    assertEquals(0.5 * gamma.size(), losses.get(0).item(), 1e-6, layer.className() + " gamma penalty");
    assertEquals(0.25 * sumAbs(beta.data()), losses.get(1).item(), 1e-6, layer.className() + " beta penalty");
    layer.applyConstraints();
    assertEquals(0.5, Math.sqrt(sumSquares(gamma.data())), 1e-6, layer.className() + " gamma norm");
    assertEquals(0f, beta.data()[0], layer.className() + " NonNeg beta");
    assertEquals(2f, beta.data()[1], layer.className() + " NonNeg beta");
  }

  @Test
  void normalization_layers_penalize_and_constrain_gamma_and_beta() {
    checkGammaBeta(new BatchNormalization(-1, 0.99f, 1e-3f, true, true, null, true, RULES), Shape.batchOf(4));
    checkGammaBeta(new LayerNormalization(new int[] {-1}, 1e-3f, true, true, "zeros", "ones", null, RULES),
        Shape.batchOf(4));
    checkGammaBeta(new GroupNormalization(2, -1, 1e-3f, true, true, "zeros", "ones", null, RULES),
        Shape.batchOf(3, 4));
  }

  @Test
  void normalization_configs_write_the_rules_where_keras_does_and_round_trip() {
    List<Layer> layers = List.of(new BatchNormalization(-1, 0.99f, 1e-3f, true, true, "bn", true, RULES),
        new LayerNormalization(new int[] {-1}, 1e-3f, true, true, "zeros", "ones", "ln", RULES),
        new GroupNormalization(2, -1, 1e-3f, true, true, "zeros", "ones", "gn", RULES));
    List<Function<Map<String, Object>, Layer>> readers = List.of(BatchNormalization.DESCRIPTOR::fromConfig,
        LayerNormalization.DESCRIPTOR::fromConfig, GroupNormalization.DESCRIPTOR::fromConfig);
    for (int i = 0; i < layers.size(); i++) {
      Map<String, Object> c = layers.get(i).getConfig();
      List<String> keys = List.copyOf(c.keySet());
      assertEquals(List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"),
          keys.subList(keys.indexOf("beta_regularizer"), keys.indexOf("beta_regularizer") + 4), keys.toString());
      assertEquals("{class_name=L1, config={l1=0.25}}", c.get("beta_regularizer").toString());
      assertEquals("{class_name=MaxNorm, config={max_value=0.5, axis=0}}", c.get("gamma_constraint").toString());
      assertEquals(c, readers.get(i).apply(c).getConfig());
    }
  }

  @Test
  void null_rules_mean_none() {
    LayerNormalization ln = new LayerNormalization(new int[] {-1}, 1e-3f, true, true, "zeros", "ones", null, null);
    ln.build(Shape.batchOf(4), RngKey.of(3));
    assertEquals(List.of(), ln.regularizationLosses(TRAINING));
    assertEquals(new LayerNormalization().getConfig().get("gamma_constraint"), ln.getConfig().get("gamma_constraint"));
  }

  @Test
  void a_bad_normalization_rule_is_refused_naming_the_layer_key_and_value() {
    Map<String, Object> c = new LinkedHashMap<>(new LayerNormalization().getConfig());
    c.put("name", "ln_4");
    c.put("gamma_regularizer", Map.of("class_name", "L2", "config", Map.of("l2", -0.1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LayerNormalization.DESCRIPTOR.fromConfig(c));
    assertTrue(e.getMessage().contains("ln_4") && e.getMessage().contains("gamma_regularizer")
        && e.getMessage().contains(">= 0") && e.getMessage().contains("-0.1"), e.getMessage());
    Map<String, Object> d = new LinkedHashMap<>(new BatchNormalization().getConfig());
    d.put("name", "bn_4");
    d.put("beta_constraint", Map.of("class_name", "Clip", "config", Map.of()));
    e = assertThrows(IllegalArgumentException.class, () -> BatchNormalization.DESCRIPTOR.fromConfig(d));
    assertTrue(e.getMessage().contains("bn_4") && e.getMessage().contains("beta_constraint")
        && e.getMessage().contains("NonNeg") && e.getMessage().contains("Clip"), e.getMessage());
  }

  @Test
  void frozen_dense_and_convolutions_add_no_penalty_and_keep_their_weights_as_keras_does() {
    List<Layer> layers = List.of(
        Dense.builder(3).kernelRegularizer(Regularizer.l2(1f)).kernelConstraint(new MaxNorm(0.01f)).build(),
        Conv1D.builder(2, 2).kernelRegularizer(Regularizer.l1(1f)).kernelConstraint(new MaxNorm(0.01f)).build(),
        SeparableConv1D.DESCRIPTOR.fromConfig(Map.of("filters", 2, "kernel_size", 2, "depthwise_regularizer",
            Map.of("class_name", "L2", "config", Map.of("l2", 1.0)), "depthwise_constraint",
            Map.of("class_name", "MaxNorm", "config", Map.of("max_value", 0.01)))));
    for (Layer layer : layers) {
      layer.build(Shape.batchOf(4, 3), RngKey.of(3));
      assertEquals(1, layer.regularizationLosses(TRAINING).size(), layer.className() + " trainable");
      layer.setTrainable(false); // Keras: layer.losses reads trainable_weights, the optimizer skips frozen ones
      float[] before = layer.weights().get(0).data().clone();
      layer.applyConstraints();
      assertEquals(List.of(), layer.regularizationLosses(TRAINING), layer.className() + " frozen");
      assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(layer.weights().get(0).data()),
          layer.className() + " frozen weights");
    }
  }

  @Test
  void prelu_penalizes_and_constrains_alpha_and_round_trips() {
    PReLU p = new PReLU("ones", null, "p", Regularizer.l2(0.5f), new MaxNorm(0.5f));
    p.build(Shape.batchOf(4), RngKey.of(3));
    assertEquals(0.5 * 4, p.regularizationLosses(TRAINING).get(0).item(), 1e-6);
    p.applyConstraints();
    assertEquals(0.5, Math.sqrt(sumSquares(p.weights().get(0).data())), 1e-6);
    Map<String, Object> c = p.getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "alpha_initializer", "alpha_regularizer", "alpha_constraint",
        "shared_axes"), List.copyOf(c.keySet()));
    assertEquals(c, PReLU.DESCRIPTOR.fromConfig(c).getConfig());
    c.put("alpha_constraint", Map.of("class_name", "MaxNorm", "config", Map.of("max_value", 0.0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PReLU.DESCRIPTOR.fromConfig(c));
    assertTrue(e.getMessage().contains("\"p\"") && e.getMessage().contains("alpha_constraint")
        && e.getMessage().contains("max_value") && e.getMessage().contains("0.0"), e.getMessage());
  }

  @Test
  void attention_rules_act_on_every_projection() {
    MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).kernelRegularizer(Regularizer.l2(0.5f))
        .biasRegularizer(Regularizer.l1(0.25f)).kernelConstraint(new MaxNorm(0.1f)).biasInitializer("ones").build();
    mha.build(List.of(Shape.batchOf(4, 6), Shape.batchOf(4, 6)), RngKey.of(3));
    List<Tensor> losses = mha.regularizationLosses(TRAINING);
    assertEquals(8, losses.size(), "query, key, value, attention_output: a kernel and a bias each");
    for (int i = 0; i < 8; i++) {
      Parameter w = mha.weights().get(i);
      double want = w.name().endsWith("/kernel") ? 0.5 * sumSquares(w.data()) : 0.25 * w.size();
      assertEquals(want, losses.get(i).item(), 1e-5 * Math.max(1, want), w.name());
    }
    mha.applyConstraints();
    float[] k = mha.weights().get(0).data(); // query kernel (6, 2, 3): MaxNorm over axis 0
    double norm = 0;
    for (int row = 0; row < 6; row++) {
      norm += k[row * 6] * k[row * 6];
    }
    assertEquals(0.1, Math.sqrt(norm), 1e-6, "query kernel column (head 0, unit 0)");
  }

  @Test
  void attention_activity_penalty_covers_each_projection_over_the_batch() {
    MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).activityRegularizer(Regularizer.l1(1f)).build();
    float[] v = new float[2 * 4 * 6];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(i);
    }
    Tensor x = Tensor.of(Shape.of(2, 4, 6), v);
    CallContext context = CallContext.training(RngKey.of(1), 0).collectingLosses();
    mha.call(List.of(x, x), context);
    assertEquals(4, context.losses().size(), "query, key, value and output projections, as Keras' sub-layers");
  }

  @Test
  void attention_config_round_trips_with_the_rules() {
    MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).kernelRegularizer(Regularizer.l2(0.5f))
        .activityRegularizer(Regularizer.l1(0.1f)).biasConstraint(new NonNeg()).name("mha").build();
    Map<String, Object> c = mha.getConfig();
    assertEquals("{class_name=NonNeg, config={}}", c.get("bias_constraint").toString());
    assertEquals(c, MultiHeadAttention.DESCRIPTOR.fromConfig(c).getConfig());
  }
}
