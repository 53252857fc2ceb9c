package org.dropout4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dropout4j.metrics.Accuracy;
import org.dropout4j.metrics.Metric;
import org.dropout4j.metrics.Metrics;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Binary / categorical / sparse categorical accuracy and the resolution of {@code "accuracy"} against Keras
 * ({@code golden/metrics.json}): strict {@code > 0.5} threshold, argmax ties to the first index, and the
 * class chosen from the shapes of the first batch. Exact comparison: accuracies are counts, and the result is
 * compared as the float32 Keras reports.
 */
class KerasMetricGoldenTest {
  private static final JsonNode GOLDEN = Golden.json("metrics.json");
  private static final Map<String, Accuracy.Kind> KERAS_CLASSES = Map.of(
      "BinaryAccuracy", Accuracy.Kind.BINARY,
      "CategoricalAccuracy", Accuracy.Kind.CATEGORICAL,
      "SparseCategoricalAccuracy", Accuracy.Kind.SPARSE_CATEGORICAL);

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : GOLDEN.get("cases")) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  static Stream<Arguments> resolutions() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode r : GOLDEN.get("accuracy_resolution")) {
      out.add(Arguments.of(r.get("loss").asText() + " y_true" + r.get("y_true_shape") + " y_pred"
          + r.get("y_pred_shape"), r));
    }
    return out.stream();
  }

  private static Tensor row(Tensor t, int i) {
    int[] dims = t.shape().toArray();
    int width = t.size() / dims[0];
    dims[0] = 1;
    return Tensor.of(Shape.of(dims), Arrays.copyOfRange(t.toArray(), i * width, (i + 1) * width));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void result_and_per_sample_values_match_keras(String name, JsonNode c) {
    if (c.has("threshold")) {
      assertEquals(Golden.scalar(c.get("threshold")), Accuracy.THRESHOLD);
    }
    Tensor yTrue = Golden.tensor(c.get("y_true"));
    Tensor yPred = Golden.tensor(c.get("y_pred"));
    Metric metric = Metrics.resolve(name);
    metric.update(yTrue, yPred);
    assertEquals(Golden.scalar(c.get("result")), (float) metric.result(), name + " result");

    float[] expected = Golden.floats(c.get("per_sample"));
    float[] actual = new float[expected.length];
    for (int i = 0; i < actual.length; i++) {
      Metric one = Metrics.resolve(name);
      one.update(row(yTrue, i), row(yPred, i));
      actual[i] = (float) one.result();
    }
    assertEquals(Arrays.toString(expected), Arrays.toString(actual), name + " per sample");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resolutions")
  void accuracy_is_resolved_from_the_shapes_as_keras_does(String label, JsonNode r) {
    Accuracy.Kind expected = KERAS_CLASSES.get(r.get("resolved").get(0).asText());
    Tensor yTrue = Tensor.zeros(shape(r.get("y_true_shape")));
    Tensor yPred = Tensor.zeros(shape(r.get("y_pred_shape")));

    Accuracy accuracy = assertInstanceOf(Accuracy.class, Metrics.resolve("accuracy"));
    assertEquals(Accuracy.Kind.AUTO, accuracy.kind(), "undecided before the first batch");
    accuracy.update(yTrue, yPred);

    assertEquals(expected, accuracy.kind(), label);
    assertEquals("accuracy", accuracy.name(), "keeps the name Keras reports");
  }

  private static Shape shape(JsonNode dims) {
    int[] d = new int[dims.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = dims.get(i).asInt();
    }
    return Shape.of(d);
  }
}
