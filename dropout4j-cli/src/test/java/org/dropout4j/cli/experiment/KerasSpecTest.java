package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs over a Keras model config: layer axes by name, training axes, validation messages, records. */
class KerasSpecTest {
  private static final ExperimentRunner.Listener QUIET = new ExperimentRunner.Listener() { };

  /** A tiny circles spec over an inline Keras model with a GaussianDropout named "noise"; {@code grid} is YAML. */
  static String spec(String grid) {
    return """
        name: keras-tiny
        data: {dataset: circles, n_samples: 24, noise: 0.1, random_state: 1, train_rows: 12}
        model:
          keras:
            class_name: Sequential
            config:
              name: tiny
              layers:
                - {class_name: InputLayer, config: {name: input_layer, batch_shape: [null, 2]}}
                - {class_name: Dense, config: {name: hidden, units: 8, activation: relu}}
                - {class_name: GaussianDropout, config: {name: noise, rate: 0.0}}
                - {class_name: Dense, config: {name: output, units: 1, activation: sigmoid}}
        training: {epochs: 6, batch_size: 4}
        %s
        repeats: 2
        seed: 5
        """.formatted(grid);
  }

  private static String message(String grid) {
    return assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.parse(spec(grid), true)).getMessage();
  }

  private static Layer layer(Sequential m, String name) {
    return m.layers().stream().filter(l -> name.equals(l.name())).findFirst().orElseThrow();
  }

  @Test
  void grid_over_a_layer_rate_makes_one_setting_per_value_with_that_rate_in_the_model(@TempDir Path dir)
      throws Exception {
    ExperimentSpec spec = ExperimentSpec.parse(spec("grid: {noise.rate: [0.0, 0.3]}"), true);
    assertEquals(List.of("noise.rate 0", "noise.rate 0.3"), spec.settings().stream().map(ExperimentSpec.Setting::label)
        .toList());
    ExperimentRunner runner = new ExperimentRunner(spec, dir);
    GaussianDropout g = (GaussianDropout) layer(runner.model(spec.settings().get(1), 1), "noise");
    assertEquals(0.3f, g.getConfig().get("rate") instanceof Number n ? n.floatValue() : -1f, 1e-7);
    assertTrue(spec.settings().get(0).isBaseline());
    assertTrue(!spec.settings().get(1).isBaseline());
    assertEquals("noise.rate", SettingValues.xAxis(spec.settings()));
  }

  @Test
  void gaussian_rate_changes_the_records_and_runs_repeat_equal(@TempDir Path dir) throws Exception {
    ExperimentSpec spec = ExperimentSpec.parse(spec("grid: {noise.rate: [0.0, 0.5]}"), true);
    ExperimentRunner.Outcome a = new ExperimentRunner(spec, dir.resolve("a")).run(2, Integer.MAX_VALUE, QUIET);
    ExperimentRunner.Outcome b = new ExperimentRunner(spec, dir.resolve("b")).run(1, Integer.MAX_VALUE, QUIET);
    assertEquals(a.results().stream().map(TrialResult::outcome).toList(),
        b.results().stream().map(TrialResult::outcome).toList());
    // same seed, rate 0 vs 0.5: the noise must change the training history
    assertNotEquals(a.results().get(0).history(), a.results().get(1).history());
  }

  @Test
  void spec_json_round_trip_gives_the_same_spec() {
    ExperimentSpec spec = ExperimentSpec.parse(spec("grid: {noise.rate: [0.0, 0.3], hidden.units: [4, 8],"
        + " training.learning_rate: [0.01]}"), true);
    assertEquals(4, spec.settings().size());
    assertEquals(spec, ExperimentSpec.parse(spec.toJson(), false));
    assertEquals(0.01, spec.settings().get(3).learningRate());
    assertEquals(Map.of("noise.rate", 0.3, "hidden.units", 8), spec.settings().get(3).layerValues());
  }

  @Test
  void training_axes_set_batch_size_epochs_and_optimizer() {
    ExperimentSpec spec = ExperimentSpec.parse(spec("grid: {training.batch_size: [2, 6], training.epochs: [3],"
        + " training.optimizer: [sgd]}"), true);
    ExperimentSpec.Setting s = spec.settings().get(1);
    assertEquals(6, s.batchSize());
    assertEquals(3, s.epochs());
    assertEquals("sgd", s.optimizer());
  }

  @Test
  void explicit_settings_take_layer_axes() {
    ExperimentSpec spec = ExperimentSpec.parse(spec("settings: [{label: plain}, {noise.rate: 0.25,"
        + " training.batch_size: 3}]"), true);
    assertEquals("plain", spec.settings().get(0).label());
    assertEquals(Map.of("noise.rate", 0.25), spec.settings().get(1).layerValues());
    assertEquals(3, spec.settings().get(1).batchSize());
  }

  @Test
  void unknown_layer_names_the_layers() {
    String m = message("grid: {nosie.rate: [0.1]}");
    assertTrue(m.contains("no layer named \"nosie\"") && m.contains("[input_layer, hidden, noise, output]"), m);
  }

  @Test
  void unknown_key_names_the_keys_of_the_layer() {
    String m = message("grid: {noise.rat: [0.1]}");
    assertTrue(m.contains("GaussianDropout") && m.contains("no config key \"rat\"") && m.contains("rate"), m);
  }

  @Test
  void out_of_range_value_is_refused_by_the_layer_and_names_the_field() {
    String m = message("grid: {noise.rate: [0.1, 1.5]}");
    assertTrue(m.contains("grid.noise.rate[1]") && m.contains("1.5"), m);
  }

  @Test
  void wrong_type_is_refused() {
    assertTrue(message("grid: {noise.rate: [high]}").contains("expected a number"));
    assertTrue(message("grid: {hidden.units: [4.5]}").contains("expected an integer"));
    assertTrue(message("grid: {training.learning_rate: [fast]}").contains("training.learning_rate"));
  }

  @Test
  void unknown_training_axis_lists_the_training_axes() {
    String m = message("grid: {training.momentum: [0.9]}");
    assertTrue(m.contains("training.learning_rate") && m.contains("training.momentum"), m);
  }

  @Test
  void training_axis_without_a_value_is_refused_naming_it() {
    // Jazzer finding (SpecFuzzTestInputs/spec/crash-20f17ca8...): a NullPointerException before
    String m = message("grid: {training.epochs}");
    assertTrue(m.contains("grid.training.epochs") && m.contains("expected a non-empty list"), m);
  }

  @Test
  void preset_rate_keys_are_refused_for_a_keras_model() {
    String m = message("grid: {dropout_rate: [0.1]}");
    assertTrue(m.contains("noise.rate"), m);
  }

  @Test
  void layer_axes_are_refused_without_a_keras_model() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.parse("""
        data: {dataset: circles}
        grid: {dense.units: [4]}
        """, true));
    assertTrue(e.getMessage().contains("model.keras"), e.getMessage());
  }

  @Test
  void model_file_is_read_as_its_config(@TempDir Path dir) throws Exception {
    Sequential m = new Sequential(Input.shape(2), new Dense(4, "relu"), new GaussianDropout(0.1f, null, "gd"),
        new Dense(1, "sigmoid"));
    m.build(org.dropout4j.tensor.Shape.of(-1, 2));
    ModelArchive.save(m, dir.resolve("m.d4j"));
    Files.writeString(dir.resolve("spec.yaml"), """
        data: {dataset: circles, n_samples: 24, train_rows: 12}
        model: {file: m.d4j}
        training: {epochs: 2}
        grid: {gd.rate: [0.0, 0.2]}
        """);
    ExperimentSpec spec = ExperimentSpec.read(dir.resolve("spec.yaml"));
    assertEquals(2, spec.settings().size());
    assertTrue(spec.toJson().contains("\"GaussianDropout\""));
  }

  @Test
  void a_functional_model_file_is_refused_saying_which_commands_take_it(@TempDir Path dir) throws Exception {
    // two inputs, two outputs (real Keras 3.15.1, tools/golden/make_cli_functional_fixture.py)
    Files.copy(Path.of(KerasSpecTest.class.getResource("/keras/functional_compiled.keras").toURI()),
        dir.resolve("f.keras"));
    Files.writeString(dir.resolve("spec.yaml"), """
        data: {dataset: circles, n_samples: 24, train_rows: 12}
        model: {file: f.keras}
        training: {epochs: 2}
        grid: {drop.rate: [0.0, 0.2]}
        """);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentSpec.read(dir.resolve("spec.yaml")));
    assertTrue(e.getMessage().contains("field `model.file`") && e.getMessage().contains("functional model")
        && e.getMessage().contains("inputs [tokens, features]") && e.getMessage().contains("outputs [kind, value]")
        && e.getMessage().contains("dropout4j fit"), e.getMessage());
  }

  @Test
  void model_input_that_does_not_fit_the_data_is_refused(@TempDir Path dir) {
    ExperimentSpec spec = ExperimentSpec.parse(spec("grid: {noise.rate: [0.0]}").replace("[null, 2]", "[null, 3]"),
        true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExperimentRunner(spec, dir));
    assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(2,)"), e.getMessage());
  }
}
