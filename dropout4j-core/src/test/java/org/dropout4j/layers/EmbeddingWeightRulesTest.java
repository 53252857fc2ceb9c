package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.layers.regularizers.Regularizer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Contract of Embedding's {@code embeddings_regularizer}, {@code activity_regularizer} and
 * {@code embeddings_constraint}, as Keras 3.15: the weight penalty is Keras' formula on the whole matrix, the activity
 * penalty is {@code penalty(output) / batch}, MaxNorm over axis 1 bounds each id's row, the config writes the keys
 * where Keras does (a set activity_regularizer right after the base keys) and round-trips, and bad values are
 * refused naming the layer, the key, what was expected and what was received. The numbers against real Keras are in
 * dropout4j-io's KerasWeightRuleGoldenTest.
 */
class EmbeddingWeightRulesTest {
  @Test
  void the_embeddings_penalty_is_l1_l2_on_the_whole_matrix() {
    Embedding e = Embedding.builder(5, 3).embeddingsRegularizer(Regularizer.l1l2(0.5f, 0.25f)).build();
    e.build(Shape.batchOf(4), RngKey.of(2));
    double abs = 0;
    double squares = 0;
    for (float v : e.weights().get(0).data()) {
      abs += Math.abs(v);
      squares += (double) v * v;
    }
    List<Tensor> losses = e.regularizationLosses(CallContext.training(RngKey.of(1), 0));
    assertEquals(1, losses.size());
    assertEquals(0.5 * abs + 0.25 * squares, losses.get(0).item(), 1e-6);
  }

  @Test
  void the_activity_penalty_is_the_output_penalty_over_the_batch() {
    Embedding e = Embedding.builder(5, 3).activityRegularizer(Regularizer.l2(2f)).build();
    CallContext context = CallContext.training(RngKey.of(1), 0).collectingLosses();
    Tensor y = e.call(Tensor.of(Shape.of(2, 3), 1, 2, 0, 4, 4, 3), context);
    double squares = 0;
    for (float v : y.toArray()) {
      squares += (double) v * v;
    }
    assertEquals(1, context.losses().size());
    assertEquals(2 * squares / 2, context.losses().get(0).item(), 1e-6);
  }

  @Test
  void max_norm_over_axis_1_bounds_each_row() {
    Embedding e = Embedding.builder(4, 3).embeddingsInitializer("ones").embeddingsConstraint(new MaxNorm(0.5f, 1))
        .build();
    e.build(Shape.batchOf(2), RngKey.of(2));
    e.applyConstraints();
    float[] w = e.weights().get(0).data();
    for (int row = 0; row < 4; row++) {
      double norm = Math.sqrt(w[row * 3] * w[row * 3] + w[row * 3 + 1] * w[row * 3 + 1] + w[row * 3 + 2] * w[row * 3 + 2]);
      assertEquals(0.5, norm, 1e-6, "row " + row); // each row of ones has norm sqrt(3)
    }
  }

  @Test
  void the_config_writes_keras_keys_in_keras_order_and_round_trips() {
    Embedding e = Embedding.builder(5, 3).maskZero(true).embeddingsRegularizer(Regularizer.l2(0.01f))
        .activityRegularizer(Regularizer.l1(0.5f)).embeddingsConstraint(new MaxNorm(2f, 1)).name("emb").build();
    Map<String, Object> c = e.getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "activity_regularizer", "input_dim", "output_dim",
        "embeddings_initializer", "embeddings_regularizer", "embeddings_constraint", "mask_zero"),
        new ArrayList<>(c.keySet()));
    assertEquals("{class_name=MaxNorm, config={max_value=2.0, axis=1}}", c.get("embeddings_constraint").toString());
    assertEquals(c, Embedding.DESCRIPTOR.fromConfig(c).getConfig());
    assertEquals(List.of("name", "trainable", "dtype", "input_dim", "output_dim", "embeddings_initializer",
        "embeddings_regularizer", "activity_regularizer", "embeddings_constraint", "mask_zero"),
        new ArrayList<>(new Embedding(5, 3).getConfig().keySet()), "without one, Keras writes None in the middle");
  }

  private static Map<String, Object> configWith(String key, Object value) {
    Map<String, Object> c = new LinkedHashMap<>(new Embedding(5, 3).getConfig());
    c.put("name", "emb_3");
    c.put(key, value);
    return c;
  }

  @Test
  void a_negative_factor_is_refused_naming_the_layer_key_and_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Embedding.DESCRIPTOR.fromConfig(
        configWith("embeddings_regularizer", Map.of("class_name", "L1", "config", Map.of("l1", -2.0)))));
    assertTrue(e.getMessage().contains("emb_3") && e.getMessage().contains("embeddings_regularizer")
        && e.getMessage().contains("l1") && e.getMessage().contains(">= 0") && e.getMessage().contains("-2.0"),
        e.getMessage());
  }

  @Test
  void an_unknown_constraint_is_refused_listing_the_known_ones() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Embedding.DESCRIPTOR.fromConfig(
        configWith("embeddings_constraint", Map.of("class_name", "RadialConstraint", "config", Map.of()))));
    assertTrue(e.getMessage().contains("emb_3") && e.getMessage().contains("embeddings_constraint")
        && e.getMessage().contains("MaxNorm") && e.getMessage().contains("RadialConstraint"), e.getMessage());
  }
}
