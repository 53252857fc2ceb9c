package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.losses.Losses;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code setTrainable} with Keras 3's freeze-then-recompile semantics: trainableWeights() changes at once, training
 * at the first fit after the next compile; a frozen BatchNormalization keeps its moving statistics; unfreezing
 * restores exactly the weights that were created trainable.
 */
class FreezeTest {
  private static Tensor x() {
    float[] v = new float[40 * 3];
    RngKey.of(4).fillNormal(v);
    return Tensor.of(Shape.of(40, 3), v);
  }

  private static Sequential model() {
    Sequential m = new Sequential(Input.shape(3), new Dense(4, "tanh"), new BatchNormalization(), new Dense(1));
    m.setRandomSeed(2);
    m.compile(new Adam(0.05), Losses.get("mse"));
    return m;
  }

  private static Layer layer(Sequential m, int i) {
    return m.layers().get(i);
  }

  @Test
  void freezing_after_a_fit_takes_effect_at_the_next_compile() {
    Sequential m = model();
    Tensor x = x();
    Tensor y = Tensor.of(Shape.of(40, 1), java.util.Arrays.copyOf(x.toArray(), 40));
    FitOptions once = FitOptions.builder().epochs(1).batchSize(8).shuffle(false).build();
    m.fit(x, y, once);
    layer(m, 0).setTrainable(false);
    assertEquals(4, m.trainableWeights().size(), "trainableWeights() reflects the freeze at once");
    float[] kernel = m.getWeights().get(0);
    m.fit(x, y, once);
    assertFalse(java.util.Arrays.equals(kernel, m.getWeights().get(0)), "without compile the layer still trains");
    m.compile(m.optimizer(), m.loss());
    kernel = m.getWeights().get(0);
    m.fit(x, y, once);
    assertArrayEquals(kernel, m.getWeights().get(0), 0f, "after compile it is frozen");
  }

  @Test
  void a_frozen_batch_normalization_keeps_its_moving_statistics() {
    Sequential m = model();
    Tensor x = x();
    Tensor y = Tensor.of(Shape.of(40, 1), new float[40]);
    layer(m, 1).setTrainable(false);
    m.compile(m.optimizer(), m.loss());
    m.fit(x, y, FitOptions.builder().epochs(2).batchSize(8).build());
    assertArrayEquals(new float[] {0, 0, 0, 0}, m.getWeights().get(4), 0f, "moving_mean untouched");
    assertArrayEquals(new float[] {1, 1, 1, 1}, m.getWeights().get(5), 0f, "moving_variance untouched");
    assertArrayEquals(new float[] {1, 1, 1, 1}, m.getWeights().get(2), 0f, "gamma untouched");
  }

  @Test
  void unfreezing_restores_the_weights_created_trainable_only() {
    Sequential m = model();
    m.fit(x(), Tensor.of(Shape.of(40, 1), new float[40]), FitOptions.builder().epochs(1).build());
    Layer bn = layer(m, 1);
    bn.setTrainable(false);
    assertEquals(4, m.trainableWeights().size());
    bn.setTrainable(true);
    assertEquals(6, m.trainableWeights().size(), "gamma and beta again, never the moving statistics");
    assertEquals(bn.name() + "/gamma", m.trainableWeights().get(2).name());
  }

  @Test
  void freezing_a_wrapper_freezes_the_layer_it_wraps() {
    Dense inner = new Dense(2);
    org.dropout4j.layers.TimeDistributed td = new org.dropout4j.layers.TimeDistributed(inner);
    Sequential m = new Sequential(td);
    m.build(Shape.batchOf(4, 3));
    td.setTrainable(false);
    assertFalse(inner.trainable(), "Keras sets trainable on the tracked sublayers too");
    assertEquals(0, m.trainableWeights().size());
    td.setTrainable(true);
    assertEquals(2, m.trainableWeights().size());
  }
}
