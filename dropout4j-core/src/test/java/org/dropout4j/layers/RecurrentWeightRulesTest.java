package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.layers.constraints.NonNeg;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Contract of the regularizers and constraints of SimpleRNN, GRU and LSTM (Keras' {@code kernel_*},
 * {@code recurrent_*}, {@code bias_*} and {@code activity_regularizer}): each weight penalty is Keras' formula on
 * its own weight ({@code l2 * sum(w^2)}, {@code l1 * sum(|w|)}), the activity penalty is {@code penalty(y) / batch}
 * per output, each constraint projects its own weight over Keras' axis, the config round-trips and writes the keys
 * where Keras 3.15 does, Bidirectional passes its directions' penalties and constraints on, and bad values are
 * refused naming the layer, the key, what was expected and what was received. The numbers against real Keras are
 * in dropout4j-io's KerasWeightRuleGoldenTest.
 */
class RecurrentWeightRulesTest {
  private static final CallContext TRAINING = CallContext.training(RngKey.of(1), 0);

  private static double sum(float[] w, boolean squares) {
    double s = 0;
    for (float v : w) {
      s += squares ? (double) v * v : Math.abs(v);
    }
    return s;
  }

  @Test
  void each_weight_penalty_is_keras_formula_on_its_own_weight() {
    LSTM lstm = LSTM.builder(3).kernelRegularizer(Regularizer.l2(0.5f)).recurrentRegularizer(Regularizer.l1(0.25f))
        .biasRegularizer(Regularizer.l1l2(0.1f, 0.2f)).build();
    lstm.build(Shape.batchOf(2, 4), RngKey.of(3));
    List<Tensor> losses = lstm.regularizationLosses(TRAINING);
    assertEquals(3, losses.size());
    float[] k = lstm.weights().get(0).data();
    float[] r = lstm.weights().get(1).data();
    float[] b = lstm.weights().get(2).data(); // unit_forget_bias: four ones
    assertEquals(0.5 * sum(k, true), losses.get(0).item(), 1e-6);
    assertEquals(0.25 * sum(r, false), losses.get(1).item(), 1e-6);
    assertEquals(0.1 * 3 + 0.2 * 3, losses.get(2).item(), 1e-6);
    assertEquals(3.0, sum(b, false), 0);
  }

  @Test
  void a_frozen_layer_adds_no_penalty_and_keeps_its_weights_as_keras_does() {
    GRU gru = GRU.builder(2).kernelRegularizer(Regularizer.l2(1f)).kernelConstraint(new MaxNorm(0.01f)).build();
    gru.build(Shape.batchOf(2, 3), RngKey.of(4));
    gru.setTrainable(false);
    float[] before = gru.weights().get(0).data().clone();
    gru.applyConstraints();
    assertEquals(List.of(), gru.regularizationLosses(TRAINING));
    assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(gru.weights().get(0).data()));
  }

  @Test
  void max_norm_bounds_each_column_of_the_recurrent_kernel_and_nonneg_the_bias() {
    SimpleRNN rnn = SimpleRNN.builder(4).recurrentConstraint(new MaxNorm(0.1f)).biasConstraint(new NonNeg())
        .biasInitializer("ones").build();
    rnn.build(Shape.batchOf(2, 3), RngKey.of(5));
    float[] kernel = rnn.weights().get(0).data().clone();
    rnn.weights().get(2).data()[1] = -2f;
    rnn.applyConstraints();
    float[] r = rnn.weights().get(1).data(); // (units 4, units 4): axis 0 is each column's norm
    for (int col = 0; col < 4; col++) {
      double norm = 0;
      for (int row = 0; row < 4; row++) {
        norm += r[row * 4 + col] * r[row * 4 + col];
      }
      assertEquals(0.1, Math.sqrt(norm), 1e-6, "column " + col); // orthogonal columns have norm 1
    }
    assertEquals(0f, rnn.weights().get(2).data()[1]);
    assertEquals(java.util.Arrays.toString(kernel), java.util.Arrays.toString(rnn.weights().get(0).data()),
        "the kernel has no constraint");
  }

  @Test
  void the_activity_penalty_is_the_penalty_of_each_output_over_the_batch() {
    LSTM lstm = LSTM.builder(2).activityRegularizer(Regularizer.l2(0.5f)).build();
    float[] values = new float[24];
    java.util.Arrays.fill(values, 0.3f);
    Tensor x = Tensor.of(Shape.of(3, 4, 2), values);
    CallContext context = CallContext.training(RngKey.of(1), 0).collectingLosses();
    List<Tensor> out = lstm.callWithStates(x, context); // output, h, c: Keras penalizes each
    assertEquals(3, context.losses().size());
    for (int i = 0; i < 3; i++) {
      assertEquals(0.5 * sum(out.get(i).toArray(), true) / 3, context.losses().get(i).item(), 1e-7);
    }
  }

  @Test
  void bidirectional_adds_both_directions_penalties_and_constrains_both() {
    Bidirectional bi = new Bidirectional(LSTM.builder(2).kernelRegularizer(Regularizer.l1(1f))
        .kernelConstraint(new MaxNorm(0.05f)), "concat");
    bi.build(Shape.batchOf(2, 3), RngKey.of(6));
    List<Tensor> losses = bi.regularizationLosses(TRAINING);
    assertEquals(2, losses.size());
    assertEquals(sum(bi.forwardLayer().weights().get(0).data(), false), losses.get(0).item(), 1e-6);
    assertEquals(sum(bi.backwardLayer().weights().get(0).data(), false), losses.get(1).item(), 1e-6);
    bi.applyConstraints();
    for (RecurrentLayer layer : List.of(bi.forwardLayer(), bi.backwardLayer())) {
      float[] k = layer.weights().get(0).data(); // (3, 8)
      double norm = 0;
      for (int row = 0; row < 3; row++) {
        norm += k[row * 8] * k[row * 8];
      }
      assertTrue(Math.sqrt(norm) <= 0.05 + 1e-6, layer.name() + " column 0 norm " + Math.sqrt(norm));
    }
  }

  @Test
  void the_config_round_trips_with_keras_keys_and_order() {
    LSTM lstm = LSTM.builder(3).kernelRegularizer(Regularizer.l2(0.01f)).recurrentConstraint(new MaxNorm(2f))
        .activityRegularizer(Regularizer.l1(0.5f)).build();
    Map<String, Object> c = lstm.getConfig();
    List<String> keys = new ArrayList<>(c.keySet());
    // Keras 3.15: activity_regularizer is a base key, written after dtype and only when set
    assertEquals(List.of("name", "trainable", "dtype", "activity_regularizer", "return_sequences"), keys.subList(0, 5));
    assertEquals(List.of("kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
        "recurrent_constraint", "bias_constraint"), keys.subList(keys.indexOf("kernel_regularizer"),
        keys.indexOf("bias_constraint") + 1));
    assertEquals("{class_name=L2, config={l2=0.009999999776482582}}", c.get("kernel_regularizer").toString());
    assertEquals("{class_name=MaxNorm, config={max_value=2.0, axis=0}}", c.get("recurrent_constraint").toString());
    assertEquals(c, LSTM.DESCRIPTOR.fromConfig(c).getConfig());
  }

  private static Map<String, Object> gruConfigWith(String key, Object value) {
    Map<String, Object> c = new LinkedHashMap<>(new GRU(2).getConfig());
    c.put("name", "gru_7");
    c.put(key, value);
    return c;
  }

  @Test
  void a_negative_factor_is_refused_naming_the_layer_key_and_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GRU.DESCRIPTOR.fromConfig(
        gruConfigWith("recurrent_regularizer", Map.of("class_name", "L2", "config", Map.of("l2", -0.5)))));
    assertTrue(e.getMessage().contains("gru_7") && e.getMessage().contains("recurrent_regularizer")
        && e.getMessage().contains("l2") && e.getMessage().contains(">= 0") && e.getMessage().contains("-0.5"),
        e.getMessage());
  }

  @Test
  void an_unknown_constraint_is_refused_listing_the_known_ones() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GRU.DESCRIPTOR.fromConfig(
        gruConfigWith("kernel_constraint", Map.of("class_name", "Clip", "config", Map.of()))));
    assertTrue(e.getMessage().contains("gru_7") && e.getMessage().contains("kernel_constraint")
        && e.getMessage().contains("MaxNorm") && e.getMessage().contains("Clip"), e.getMessage());
  }

  @Test
  void a_bad_max_value_is_refused_naming_the_layer_key_and_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GRU.DESCRIPTOR.fromConfig(
        gruConfigWith("bias_constraint", Map.of("class_name", "MaxNorm", "config", Map.of("max_value", -1.0)))));
    assertTrue(e.getMessage().contains("gru_7") && e.getMessage().contains("bias_constraint")
        && e.getMessage().contains("max_value") && e.getMessage().contains("-1.0"), e.getMessage());
  }
}
