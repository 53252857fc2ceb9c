package org.dropout4j.cli.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.junit.jupiter.api.Test;

/** The shared presets: how the dropout rate maps onto their layers, sizes, max-norm, errors. */
class ModelPresetsTest {
  private static List<Float> dropoutRates(Sequential m) {
    return m.layers().stream().filter(l -> l instanceof Dropout)
        .map(l -> ((Number) l.getConfig().get("rate")).floatValue()).toList();
  }

  @Test
  void cnn_without_a_rate_has_the_keras_rates() {
    assertEquals(List.of(0.25f, 0.5f), dropoutRates(ModelPresets.build("cnn", 28, 28, 10, null)));
  }

  @Test
  void a_rate_replaces_every_dropout_rate_of_the_preset() {
    assertEquals(List.of(0.3f, 0.3f), dropoutRates(ModelPresets.build("cnn", 28, 28, 10, 0.3f)));
    assertEquals(List.of(0.3f, 0.3f), dropoutRates(ModelPresets.build("mlp", 28, 28, 10, 0.3f)));
  }

  @Test
  void rate_zero_leaves_the_dropout_layers_out() {
    assertEquals(List.of(), dropoutRates(ModelPresets.build("cnn", 28, 28, 10, 0f)));
    assertEquals(List.of(), dropoutRates(ModelPresets.build("mlp", 28, 28, 10, 0f)));
  }

  @Test
  void input_dropout_comes_first() {
    Sequential m = ModelPresets.build("mlp", 28, 28, 10, 0f, 0.2, 0);
    assertTrue(m.layers().get(0) instanceof Dropout, m.layers().toString());
  }

  @Test
  void cnn_on_small_images_has_the_matching_parameter_count() {
    Sequential m = ModelPresets.build("cnn", 8, 8, 10, 0.5f).setRandomSeed(1);
    m.build(Shape.of(1, 8, 8, 1));
    // conv 3x3x1x32 + 32, conv 3x3x32x64 + 64, Dense(2*2*64 -> 128), Dense(128 -> 10)
    assertEquals(320 + 18_496 + (256 * 128 + 128) + 1290, m.countParams());
  }

  @Test
  void max_norm_constrains_the_hidden_dense_kernels_only() {
    Sequential m = ModelPresets.build("cnn", 28, 28, 10, 0.5f, 0, 3);
    List<Dense> dense = m.layers().stream().filter(l -> l instanceof Dense).map(l -> (Dense) l).toList();
    assertNotNull(dense.get(0).getConfig().get("kernel_constraint"), "Dense(128)");
    assertNull(dense.get(1).getConfig().get("kernel_constraint"), "the softmax layer");
    Conv2D conv = (Conv2D) m.layers().get(0);
    assertNull(conv.getConfig().get("kernel_constraint"), "conv kernels");
  }

  @Test
  void unknown_name_lists_the_presets() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelPresets.build("resnet", 28, 28, 10, null));
    assertTrue(e.getMessage().contains("[mlp, cnn, lstm]") && e.getMessage().contains("name=resnet"),
        e.getMessage());
  }

  @Test
  void rate_of_one_names_the_argument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelPresets.build("mlp", 28, 28, 10, 1f));
    assertTrue(e.getMessage().contains("`dropout`") && e.getMessage().contains("dropout=1.0"), e.getMessage());
  }
}
