package org.dropout4j.golden;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.metrics.Metric;
import org.dropout4j.metrics.Metrics;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras 3.15 metrics streamed over batches ({@code golden/metrics_streamed.json}, written by
 * tools/golden/make_metric_goldens.py): Precision and Recall (thresholds 0.5, 0.3, 0.7), AUC (ROC and PR with 200 and
 * 50 thresholds, interpolation), TopKCategoricalAccuracy (k = 5 and 2, with a row of ties), F1Score (micro, macro,
 * weighted; argmax or a 0.2 threshold) and RootMeanSquaredError are updated batch after batch (sizes 7, 12, 5) with
 * the same targets and predictions (scores exactly on the thresholds, 0 and 1 included), without and with sample
 * weights; the result after every batch must equal Keras' within 1e-6 (+1e-5 relative), the float32 rounding of the
 * accumulated sums.
 */
class KerasStreamedMetricsGoldenTest {
  private static final JsonNode GOLDEN = Golden.json("metrics_streamed.json");
  private static final Golden.MaxDiff MAX = new Golden.MaxDiff("metrics_streamed.json");

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : GOLDEN.get("cases")) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  /** The dropout4j metric for a case's Keras config. */
  private static Metric metric(String name, JsonNode config) {
    JsonNode t = config.get("thresholds");
    float threshold = t == null || t.isNull() ? Metrics.DEFAULT_THRESHOLD : Golden.scalar(t); // Keras: None = 0.5
    if (name.startsWith("precision")) {
      return Metrics.precision(threshold);
    } else if (name.startsWith("recall")) {
      return Metrics.recall(threshold);
    } else if (name.startsWith("auc")) {
      return Metrics.auc(config.get("num_thresholds").asInt(), config.get("curve").asText());
    } else if (name.startsWith("top")) {
      return Metrics.topKCategoricalAccuracy(config.get("k").asInt());
    } else if (name.startsWith("f1")) {
      JsonNode f1t = config.get("threshold");
      return Metrics.f1Score(config.get("average").asText(), f1t == null || f1t.isNull() ? null
          : Golden.scalar(f1t));
    }
    return Metrics.rootMeanSquaredError();
  }

  private static Tensor matrix(JsonNode rows) {
    float[] v = Golden.floats(rows);
    return Tensor.of(Shape.of(rows.size(), v.length / rows.size()), v);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resultsAfterEveryBatchMatchKeras(String name, JsonNode c) {
    JsonNode data = GOLDEN.get("data").get(c.get("data").asText());
    Tensor y = matrix(data.get("y_true"));
    Tensor p = matrix(data.get("y_pred"));
    float[] w = Golden.floats(GOLDEN.get("sample_weight"));
    Tensor weights = Tensor.of(Shape.of(w.length), w);
    for (String variant : new String[] {"unweighted", "weighted"}) {
      Metric m = metric(name, c.get("config"));
      int from = 0;
      int batch = 0;
      for (JsonNode size : GOLDEN.get("batch_sizes")) {
        int to = from + size.asInt();
        m.update(Ops.sliceRows(y, from, to), Ops.sliceRows(p, from, to),
            variant.equals("weighted") ? Ops.sliceRows(weights, from, to) : null);
        float expected = Golden.scalar(c.get(variant).get(batch));
        MAX.record(name, Golden.assertClose(expected, (float) m.result(), 1e-5, 1e-6,
            name + " " + variant + " after batch " + (batch + 1)));
        from = to;
        batch++;
      }
    }
  }

  @AfterAll
  static void report() {
    MAX.print();
  }
}
