package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keras 3 applies the mask of the predictions to the loss and to its {@code MeanMetricWrapper} metrics (the
 * accuracies, top-k, mae, mse: masked steps weigh 0) but not to precision, recall, AUC or root mean squared error.
 * Real compiled Keras 3.15 models with per-step masked outputs (keras/masked_metrics, written by
 * tools/golden/make_masked_metric_goldens.py), compiled from their own files: {@code evaluate} reports every value
 * Keras' {@code model.evaluate} reported, within 1e-5 (+1e-5 relative).
 */
class MaskedMetricsGoldenTest {
  @ParameterizedTest
  @ValueSource(strings = {"sparse_seq", "binary_seq", "categorical_seq"})
  void evaluate_of_a_masked_sequence_model_reports_what_keras_reports(String name) throws IOException {
    Path file = KerasImportTest.resource("masked_metrics/" + name + ".keras");
    Model model = Models.loadModel(file);
    KerasCompile.compile(model, KerasCompile.read(file));
    Tensor x = NpyFile.read(KerasImportTest.resource("masked_metrics/" + name + ".x.npy"));
    Tensor y = NpyFile.read(KerasImportTest.resource("masked_metrics/" + name + ".y.npy"));
    JsonNode expected = new ObjectMapper().readTree(KerasImportTest.resource("masked_metrics/" + name + ".json")
        .toFile()).get("evaluate");
    Map<String, Double> logs = model.evaluate(x, y, 5);
    assertEquals(expected.size(), logs.size(), "reported values: " + logs);
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      double want = e.getValue().asDouble();
      Double got = logs.get(e.getKey());
      assertTrue(got != null && Math.abs(got - want) <= 1e-5 + 1e-5 * Math.abs(want),
          name + " " + e.getKey() + ": expected " + want + ", received " + got + " (all: " + logs + ")");
    }
  }
}
