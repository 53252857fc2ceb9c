package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec parsing: defaults, grid expansion, JSON = YAML, and errors that name the field and the allowed values. */
class ExperimentSpecTest {

  @Test
  void grid_expands_to_every_combination_with_rate_varying_fastest() {
    ExperimentSpec spec = ExperimentSpec.parse("{\"grid\": {\"dropout_rate\": [0, 0.4], \"max_norm\": [0, 3]}}",
        false);
    assertEquals(List.of("no dropout", "dropout 0.4", "dropout 0, maxnorm 3", "dropout 0.4, maxnorm 3"),
        spec.settings().stream().map(ExperimentSpec.Setting::label).toList());
  }

  @Test
  void defaults_are_the_tutorial_setup() {
    ExperimentSpec spec = ExperimentSpec.parse("{}", false);
    assertEquals(new ExperimentSpec.Data("circles", 100, 0.1, 1, 0.8, 30), spec.data());
    assertEquals(new ExperimentSpec.Model(500, 1, "relu"), spec.model());
    assertEquals(new ExperimentSpec.Training("adam", null, 4000, 32), spec.training());
    assertEquals(1, spec.repeats());
  }

  @Test
  void yaml_and_json_of_the_same_spec_are_equal() {
    ExperimentSpec yaml = ExperimentSpec.parse("grid: {dropout_rate: [0, 0.2]}\nrepeats: 3\n", true);
    ExperimentSpec json = ExperimentSpec.parse("{\"grid\": {\"dropout_rate\": [0, 0.2]}, \"repeats\": 3}", false);
    assertEquals(json, yaml);
  }

  @Test
  void canonical_json_parses_back_to_an_equal_spec() {
    ExperimentSpec spec = Specs.tiny(2);
    assertEquals(spec, ExperimentSpec.parse(spec.toJson(), false));
  }

  @Test
  void seeds_of_repeats_are_distinct_and_start_at_seed() {
    ExperimentSpec spec = Specs.tiny(3);
    assertEquals(List.of(11L, 12L, 13L), List.of(spec.seedOf(0), spec.seedOf(1), spec.seedOf(2)));
  }

  @Test
  void dropout_rate_out_of_range_names_the_field_and_the_range() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentSpec.parse("grid: {dropout_rate: [0, 0.5, 1.5]}", true));
    assertTrue(e.getMessage().contains("`grid.dropout_rate[2]`"), e.getMessage());
    assertTrue(e.getMessage().contains("[0, 1)") && e.getMessage().contains("1.5"), e.getMessage());
  }

  @Test
  void unknown_dataset_lists_the_allowed_ones() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentSpec.parse("data: {dataset: cifar10}", true));
    assertTrue(e.getMessage().contains("`data.dataset`"), e.getMessage());
    assertTrue(e.getMessage().contains("[circles, moons, fashion-mnist, mnist, files]") && e.getMessage().contains("cifar10"),
        e.getMessage());
  }

  @Test
  void unknown_optimizer_lists_the_known_ones() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentSpec.parse("training: {optimizer: adagrad2}", true));
    assertTrue(e.getMessage().contains("`training.optimizer`"), e.getMessage());
    assertTrue(e.getMessage().contains("adam") && e.getMessage().contains("sgd"), e.getMessage());
  }

  @Test
  void unknown_key_lists_the_allowed_keys() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentSpec.parse("model: {units: 5}", true));
    assertTrue(e.getMessage().contains("`model.units`"), e.getMessage());
    assertTrue(e.getMessage().contains("hidden_units"), e.getMessage());
  }

  @Test
  void repeats_below_one_names_the_field() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentSpec.parse("repeats: 0", true));
    assertTrue(e.getMessage().contains("`repeats`") && e.getMessage().contains("received 0"), e.getMessage());
  }

  @Test
  void train_rows_must_leave_test_rows() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentSpec.parse("data: {n_samples: 10, train_rows: 10}", true));
    assertTrue(e.getMessage().contains("`data.train_rows`") && e.getMessage().contains("between 1 and 9"),
        e.getMessage());
  }

  @Test
  void explicit_setting_error_names_its_index() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentSpec.parse("settings: [{dropout_rate: 0.2}, {max_norm: -1}]", true));
    assertTrue(e.getMessage().contains("`settings[1].max_norm`"), e.getMessage());
  }

  @Test
  void grid_and_settings_together_are_rejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentSpec.parse("grid: {dropout_rate: [0]}\nsettings: [{}]", true));
    assertTrue(e.getMessage().contains("`settings`") && e.getMessage().contains("`grid`"), e.getMessage());
  }

  @Test
  void malformed_yaml_says_so() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentSpec.parse("grid: [unclosed", true));
    assertTrue(e.getMessage().startsWith("invalid YAML"), e.getMessage());
  }
}
