package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Model;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Training realistic Keras models with several outputs in dropout4j ({@code functional/realistic/}): the text +
 * tabular model compiled by Keras with a loss, a loss weight and metrics per output (dicts by output name) trains
 * from its own {@code compile_config}: History has Keras' keys ({@code kind_accuracy}, {@code price_mae},
 * {@code kind_loss}, {@code price_loss}, {@code loss}), the loss falls on a learnable synthetic task, and evaluate's
 * total loss is {@code kind_loss + 0.5 * price_loss} (the file's loss_weights). The Keras-ops model (arithmetic, means,
 * slices) trains through its op nodes.
 */
class KerasRealisticFitTest {
  private static final int ROWS = 96;

  /** Rows of the text + tabular task: the class from table[:, 0] in thirds, the price 2 * table[:, 1] + 0.5. */
  private static List<List<Tensor>> textTabularData() {
    SplittableRandom rng = new SplittableRandom(7);
    float[] table = new float[ROWS * 5];
    float[] text = new float[ROWS * 8];
    float[] kind = new float[ROWS];
    float[] price = new float[ROWS];
    for (int r = 0; r < ROWS; r++) {
      for (int j = 0; j < 5; j++) {
        table[r * 5 + j] = (float) rng.nextDouble(-1, 1);
      }
      int length = 3 + rng.nextInt(6);
      for (int j = 0; j < 8; j++) {
        text[r * 8 + j] = j < length ? 1 + rng.nextInt(19) : 0;
      }
      float t0 = table[r * 5];
      kind[r] = t0 > 1f / 3 ? 2 : t0 > -1f / 3 ? 1 : 0;
      price[r] = 2 * table[r * 5 + 1] + 0.5f;
    }
    // the model's inputs in Keras' order (a dict of inputs flattens sorted by name: table, text)
    return List.of(List.of(Tensor.of(Shape.of(ROWS, 5), table), Tensor.of(Shape.of(ROWS, 8), text)),
        List.of(Tensor.of(Shape.of(ROWS, 1), kind), Tensor.of(Shape.of(ROWS, 1), price)));
  }

  @Test
  void textTabular_trainsFromItsKerasCompileConfig_withLossWeightsAndMetricsPerOutput() throws Exception {
    Model model = Models.loadModel(KerasRealisticGraphTest.fixture("text_tabular.keras"));
    KerasCompile.compile(model, KerasCompile.read(KerasRealisticGraphTest.fixture("text_tabular.keras")));
    List<List<Tensor>> data = textTabularData();
    History h = model.fit(data.get(0), data.get(1), FitOptions.builder().epochs(40).batchSize(16).verbose(0)
        .build());
    for (String key : List.of("loss", "kind_loss", "price_loss", "kind_accuracy", "price_mae")) {
      assertTrue(h.has(key), "History keys " + h.keys());
    }
    List<Double> loss = h.get("loss");
    assertTrue(loss.get(loss.size() - 1) < 0.6 * loss.get(0), "loss " + loss.get(0) + " -> " + loss.get(
        loss.size() - 1));
    Map<String, Double> logs = model.evaluate(data.get(0), data.get(1), 32);
    assertEquals(logs.get("kind_loss") + 0.5 * logs.get("price_loss"), logs.get("loss"),
        1e-5 * Math.abs(logs.get("loss")), "evaluate " + logs);
    System.out.println("[fit] text_tabular: loss " + loss.get(0) + " -> " + loss.get(loss.size() - 1)
        + ", evaluate " + logs);
  }

  @Test
  void kerasOpsModel_trainsThroughItsOpNodes() throws Exception {
    Model model = Models.loadModel(KerasRealisticGraphTest.fixture("keras_ops.keras"));
    model.compile(new Adam(0.01f), List.of(Losses.meanSquaredError(), Losses.meanSquaredError()), null);
    List<Tensor> x = KerasRealisticGraphTest.inputs("keras_ops");
    List<Tensor> y = List.of(Tensor.zeros(Shape.of(3, 2)), Tensor.zeros(Shape.of(3, 4)));
    float[] before = model.weights().get(0).value().toArray();
    History h = model.fit(x, y, FitOptions.builder().epochs(30).batchSize(3).verbose(0).build());
    List<Double> loss = h.get("loss");
    assertTrue(loss.get(loss.size() - 1) < loss.get(0), "loss " + loss);
    assertTrue(!java.util.Arrays.equals(before, model.weights().get(0).value().toArray()),
        "the first Dense, reached only through the op nodes, was trained");
  }

  @Test
  void flatMetricListForSeveralOutputs_isRefusedAsKerasRefusesIt() throws Exception {
    Model model = Models.loadModel(KerasRealisticGraphTest.fixture("text_tabular.keras"));
    Map<String, Object> config = new java.util.LinkedHashMap<>(KerasCompile.read(
        KerasRealisticGraphTest.fixture("text_tabular.keras")));
    config.put("metrics", List.of("accuracy"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasCompile.compile(model, config));
    assertTrue(e.getMessage().contains("flat list") && e.getMessage().contains("[kind, price]"), e.getMessage());
  }
}
