package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} gives the library's {@code Model.evaluate} numbers for a saved model (dropout off). */
class EvaluateCommandTest {
  @TempDir
  Path dir;

  private static final Tensor Y = Tensor.of(Shape.of(4, 1), 0f, 1f, 1f, 0f);

  @Test
  void evaluate_matches_model_evaluate_with_the_given_loss_and_metrics() throws Exception {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    Path x = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    Path y = PredictCommandTest.csv(dir.resolve("y.csv"), null, Y);
    CliRun r = CliRun.of("evaluate", model.toString(), "--x", x.toString(), "--y", y.toString(), "--loss",
        "sparse_categorical_crossentropy", "--metrics", "accuracy", "--json");
    assertEquals(0, r.code(), r.err());
    Sequential m = PredictCommandTest.classifier();
    m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    Map<String, Double> expected = m.evaluate(PredictCommandTest.X, Y, 32);
    JsonNode metrics = new ObjectMapper().readTree(r.out()).get("metrics");
    assertEquals(expected.get("loss"), metrics.get("loss").asDouble(), 1e-6);
    assertEquals(expected.get("accuracy"), metrics.get("accuracy").asDouble(), 1e-9);
    assertTrue(r.err().contains("4 rows - "), r.err());
  }

  @Test
  void a_model_without_compile_config_and_no_loss_is_refused_in_one_line() throws Exception {
    Path model = PredictCommandTest.save(PredictCommandTest.classifier(), dir.resolve("m.d4j"));
    Path x = PredictCommandTest.csv(dir.resolve("x.csv"), null, PredictCommandTest.X);
    Path y = PredictCommandTest.csv(dir.resolve("y.csv"), null, Y);
    CliRun r = CliRun.of("evaluate", model.toString(), "--x", x.toString(), "--y", y.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("error: ") && r.err().contains("compile config"), r.err());
  }

  @Test
  void a_keras_h5_file_is_evaluated_with_its_own_training_config_as_keras_does() throws Exception {
    // compiled_classifier.h5: real Keras 3.15 (tools/golden/make_cli_compiled_fixture.py), compiled with Adam,
    // sparse_categorical_crossentropy and accuracy; Keras' own model.evaluate numbers in compiled_classifier.json
    CliRun r = CliRun.of("evaluate", KerasImportCliTest.resource("compiled_classifier.h5").toString(), "--x",
        KerasImportCliTest.resource("compiled_classifier.x.npy").toString(), "--y",
        KerasImportCliTest.resource("compiled_classifier.y.npy").toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode keras = new ObjectMapper().readTree(KerasImportCliTest.resource("compiled_classifier.json").toFile());
    JsonNode metrics = new ObjectMapper().readTree(r.out()).get("metrics");
    assertEquals(keras.get("loss").asDouble(), metrics.get("loss").asDouble(), 1e-6);
    assertEquals(keras.get("accuracy").asDouble(), metrics.get("accuracy").asDouble(), 1e-6);
  }
}
