package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spec fields of image data sets and model presets, and their errors (field named, allowed values listed). */
class ImageSpecTest {
  private static IllegalArgumentException invalid(String yaml) {
    return assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.parse(yaml, true));
  }

  @Test
  void fashion_mnist_spec_reads_directory_row_limits_and_preset() {
    ExperimentSpec spec = ExperimentSpec.parse("""
        data: {dataset: fashion-mnist, data_dir: /tmp/fm, train_rows: 2000, test_rows: 500}
        model: {preset: cnn}
        """, true);
    assertEquals(new ExperimentSpec.Data("fashion-mnist", 0, 0, 0, 0, 2000, 500, "/tmp/fm"), spec.data());
    assertEquals(new ExperimentSpec.Model("cnn", 0, 0, null), spec.model());
    assertTrue(spec.data().images());
  }

  @Test
  void image_data_defaults_to_every_row_and_the_loader_directory() {
    ExperimentSpec spec = ExperimentSpec.parse("data: {dataset: mnist}", true);
    assertEquals(ExperimentSpec.ALL_ROWS, spec.data().trainRows());
    assertEquals(ExperimentSpec.ALL_ROWS, spec.data().testRows());
    assertNull(spec.data().dataDir());
    assertFalse(spec.toJson().contains("train_rows"), spec.toJson());
  }

  @Test
  void image_spec_canonical_json_parses_back_to_an_equal_spec() {
    ExperimentSpec spec = ExperimentSpec.parse("""
        data: {dataset: FASHION-MNIST, data_dir: d, train_rows: 100}
        model: {preset: mlp}
        grid: {dropout_rate: [0, 0.5]}
        """, true);
    assertEquals(spec, ExperimentSpec.parse(spec.toJson(), false));
    assertTrue(spec.toJson().contains("\"preset\" : \"mlp\""), spec.toJson());
  }

  @Test
  void toy_generator_field_on_image_data_names_the_field_and_the_toy_data_sets() {
    IllegalArgumentException e = invalid("data: {dataset: fashion-mnist, noise: 0.1}");
    assertTrue(e.getMessage().contains("`data.noise`") && e.getMessage().contains("[circles, moons]"),
        e.getMessage());
  }

  @Test
  void test_rows_on_toy_data_names_the_field_and_the_image_data_sets() {
    IllegalArgumentException e = invalid("data: {dataset: circles, test_rows: 10}");
    assertTrue(e.getMessage().contains("`data.test_rows`") && e.getMessage().contains("[fashion-mnist, mnist]"),
        e.getMessage());
  }

  @Test
  void train_rows_zero_names_the_field_and_the_range() {
    IllegalArgumentException e = invalid("data: {dataset: fashion-mnist, train_rows: 0}");
    assertTrue(e.getMessage().contains("`data.train_rows`") && e.getMessage().contains("between 1 and"),
        e.getMessage());
  }

  @Test
  void unknown_preset_lists_mlp_and_cnn() {
    IllegalArgumentException e = invalid("data: {dataset: fashion-mnist}\nmodel: {preset: resnet}");
    assertTrue(e.getMessage().contains("`model.preset`") && e.getMessage().contains("[mlp, cnn]")
        && e.getMessage().contains("resnet"), e.getMessage());
  }

  @Test
  void preset_on_toy_data_is_rejected_with_the_image_data_sets() {
    IllegalArgumentException e = invalid("data: {dataset: moons}\nmodel: {preset: cnn}");
    assertTrue(e.getMessage().contains("`model.preset`") && e.getMessage().contains("[fashion-mnist, mnist]")
        && e.getMessage().contains("dataset=moons"), e.getMessage());
  }

  @Test
  void preset_with_hidden_units_is_rejected() {
    IllegalArgumentException e = invalid("data: {dataset: mnist}\nmodel: {preset: mlp, hidden_units: 64}");
    assertTrue(e.getMessage().contains("`model.hidden_units`") && e.getMessage().contains("`model.preset`"),
        e.getMessage());
  }

  @Test
  void data_dir_must_be_a_non_empty_string() {
    IllegalArgumentException e = invalid("data: {dataset: mnist, data_dir: 3}");
    assertTrue(e.getMessage().contains("`data.data_dir`") && e.getMessage().contains("non-empty string"),
        e.getMessage());
  }
}
