package org.dropout4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Names#snakeCase} gives the names Keras 3's {@code naming.to_snake_case} gives for the same classes. */
class NamesTest {
  @Test
  void snake_case_matches_keras_for_layer_and_optimizer_class_names() {
    assertEquals("dense", Names.snakeCase("Dense"));
    assertEquals("alpha_dropout", Names.snakeCase("AlphaDropout"));
    assertEquals("spatial_dropout2d", Names.snakeCase("SpatialDropout2D"));
    assertEquals("conv1d_transpose", Names.snakeCase("Conv1DTranspose"));
    assertEquals("gru", Names.snakeCase("GRU"));
    assertEquals("p_re_lu", Names.snakeCase("PReLU"));
    assertEquals("thresholded_re_lu", Names.snakeCase("ThresholdedReLU"));
    assertEquals("rm_sprop", Names.snakeCase("RMSprop"));
    assertEquals("adam_w", Names.snakeCase("AdamW"));
    assertEquals("input_layer", Names.snakeCase("InputLayer"));
  }
}
