package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.optimizers.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A legacy {@code .h5} file's {@code training_config} is read as the compile config Keras 3's {@code load_model}
 * compiles with: for the real Keras 3.15 files of {@code keras/weight_rules/} (each saved as {@code .keras} and
 * {@code .h5} after one {@code compile}) the two files give the same optimizer config, loss and metrics; a Keras 2
 * file's {@code lr} is its learning rate and its nonzero {@code decay} is refused by name.
 */
class KerasTrainingConfigTest {
  private static Path file(String name) throws URISyntaxException {
    return Path.of(KerasTrainingConfigTest.class.getResource("/keras/" + name).toURI());
  }

  @ParameterizedTest
  @ValueSource(strings = {"weight_rules/lstm", "weight_rules/batch_norm", "weight_rules/mha"})
  void h5_training_config_compiles_as_the_keras_file_of_the_same_model(String stem) throws Exception {
    Map<String, Object> h5 = KerasCompile.read(file(stem + ".h5"));
    Map<String, Object> keras = KerasCompile.read(file(stem + ".keras"));
    Optimizer a = KerasCompile.optimizer(h5);
    Optimizer b = KerasCompile.optimizer(keras);
    assertEquals(b.className(), a.className());
    assertEquals(b.getConfig(), a.getConfig());
    assertEquals(KerasCompile.loss(keras).getConfig(), KerasCompile.loss(h5).getConfig());
    assertEquals(KerasCompile.metricNames(keras, "metrics"), KerasCompile.metricNames(h5, "metrics"));
  }

  @Test
  void keras2_lr_is_the_learning_rate() throws Exception {
    // written by Keras 2.1.3: {"class_name": "Adam", "config": {"lr": 0.0010000000474974513, ..., "decay": 0.0}}
    Map<String, Object> c = KerasCompile.read(file("dl4j/conv2d_tensorflow_2.h5"));
    Optimizer o = KerasCompile.optimizer(c);
    assertEquals("Adam", o.className());
    assertEquals(0.001f, ((Number) o.getConfig().get("learning_rate")).floatValue(), 1e-9f);
    assertEquals("mse", c.get("loss"));
  }

  @Test
  void keras2_nonzero_decay_is_refused_naming_file_option_and_value() {
    // written by Keras 2.3.1: RMSprop with decay 9.999999974752427e-07
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasCompile.read(file("dl4j/ELU_0_model.h5")));
    assertTrue(e.getMessage().contains("ELU_0_model.h5") && e.getMessage().contains("RMSprop")
        && e.getMessage().contains("expected decay=0") && e.getMessage().contains("decay=9.99"), e.getMessage());
  }

  @Test
  void an_uncompiled_h5_file_has_no_compile_config() throws Exception {
    Path uncompiled = Path.of(KerasTrainingConfigTest.class.getResource("/unseen/se_block.h5").toURI());
    assertNull(KerasCompile.read(uncompiled));
  }

  @Test
  void keras3_h5_loss_and_metrics_per_output_are_kept() throws IOException, URISyntaxException {
    Path h5 = Path.of(KerasTrainingConfigTest.class.getResource("/functional/realistic/text_tabular.h5").toURI());
    Map<String, Object> c = KerasCompile.read(h5);
    assertEquals(Map.of("kind", "sparse_categorical_crossentropy", "price", "mse"), c.get("loss"));
    // the file says "mae"; Keras 3's load_model of a legacy file deserializes it into a metric named
    // mean_absolute_error (accuracy stays accuracy), and the compile config reads it so
    assertEquals(Map.of("kind", List.of("accuracy"), "price", List.of("mean_absolute_error")), c.get("metrics"));
  }
}
