package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link Embedding}: lookup, shapes, id validation, initializer range and config. */
class EmbeddingTest {

  @Test
  void output_isTheRowsOfTheIds() {
    Embedding e = new Embedding(6, 2);
    Tensor ids = Tensor.of(Shape.of(2, 2), 5, 0, 3, 5);
    e.build(ids.shape(), RngKey.of(0));
    float[] table = e.weights().get(0).data();
    Tensor y = e.call(ids, CallContext.inference());
    assertEquals(Shape.of(2, 2, 2), y.shape());
    assertArrayEquals(new float[] {table[10], table[11], table[0], table[1], table[6], table[7], table[10],
        table[11]}, y.toArray());
  }

  @Test
  void initialValues_inKerasUniformRange() {
    Embedding e = new Embedding(100, 8);
    e.build(Shape.batchOf(3), RngKey.of(1));
    for (float v : e.weights().get(0).data()) {
      assertTrue(v >= -0.05f && v < 0.05f, "value " + v);
    }
  }

  @Test
  void idOutOfRange_throwsNamingLayerIdAndInputDim() {
    Embedding e = new Embedding(10, 4, Embedding.DEFAULT_INITIALIZER, "words");
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> e.call(Tensor.of(Shape.of(1, 3), 1, 10, 2), CallContext.inference()));
    assertTrue(ex.getMessage().contains("\"words\"") && ex.getMessage().contains("id 10.0")
        && ex.getMessage().contains("input_dim=10"), ex.getMessage());
  }

  @Test
  void fractionalOrNegativeId_throws() {
    Embedding e = new Embedding(10, 4);
    assertThrows(IllegalArgumentException.class, () -> e.call(Tensor.of(Shape.of(1, 1), 1.5f),
        CallContext.inference()));
    assertThrows(IllegalArgumentException.class, () -> e.call(Tensor.of(Shape.of(1, 1), -1f),
        CallContext.inference()));
  }

  @Test
  void sizes_nonPositive_throw() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3)).getMessage()
        .contains("input_dim=0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Embedding(3, -1)).getMessage()
        .contains("output_dim=-1"));
  }

  @Test
  void inASequentialBeforeAnLstm_shapesAndParams() {
    Sequential m = new Sequential(Input.shape(12), new Embedding(1000, 16), new LSTM(8), new Dense(1));
    m.build(Shape.batchOf(12));
    assertEquals(1000 * 16 + 4 * (16 * 8 + 8 * 8 + 8) + 9, m.countParams());
    assertTrue(m.summary().contains("(None, 12, 16)"), m.summary());
  }

  @Test
  void config_keysInKerasOrder() {
    Embedding e = new Embedding(10, 4);
    assertEquals(Arrays.asList("name", "trainable", "dtype", "input_dim", "output_dim", "embeddings_initializer",
        "embeddings_regularizer", "activity_regularizer", "embeddings_constraint", "mask_zero"),
        new ArrayList<>(e.getConfig().keySet()));
    assertEquals("{class_name=RandomUniform, config={seed=null, minval=-0.05, maxval=0.05}}",
        e.getConfig().get("embeddings_initializer").toString());
  }
}
