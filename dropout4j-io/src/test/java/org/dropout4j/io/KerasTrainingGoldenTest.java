package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Golden training trajectories from real Keras 3.15 (tools/golden/make_training_goldens.py): each case is a
 * {@code .keras} file saved compiled but untrained (an optimizer with its options or schedule, a loss, metrics), and
 * the weights, History and predictions Keras reached after {@code fit(shuffle=False)} (no dropout layers, so no
 * random draws). dropout4j loads the file, compiles it from its own {@code compile_config}, fits the same data
 * with the same epochs, batch size and class or sample weights, and must reach Keras' weights and predictions
 * within 2e-4 (+1e-3 relative), and its History within 1e-4 (+1e-3 relative), the optimizer's iteration count
 * exactly.
 */
class KerasTrainingGoldenTest {
  @Test
  @SuppressWarnings("unchecked")
  void everyKerasTrainingIsReproducedFromItsKerasFile() throws IOException {
    List<String> cases = (List<String>) KerasLossScheduleGoldenTest.read("index.json").get("fit_cases");
    assertTrue(cases.size() >= 40, "fit cases: " + cases.size());
    double worst = 0;
    String worstCase = "";
    for (String name : cases) {
      double d = reproduce(name);
      if (d > worst) {
        worst = d;
        worstCase = name;
      }
    }
    System.out.println("[golden] " + cases.size() + " Keras fits reproduced; largest weight difference " + worst
        + " (" + worstCase + ")");
  }

  @SuppressWarnings("unchecked")
  private static double reproduce(String name) throws IOException {
    Map<String, Object> g = KerasLossScheduleGoldenTest.read(name + ".json");
    Path file = KerasLossScheduleGoldenTest.DIR.resolve(name + ".keras");
    Sequential model = KerasImport.load(file);
    Map<String, Object> compileConfig = KerasCompile.read(file);
    KerasCompile.compile(model, compileConfig);
    assertWeights(name + " initial", (List<Object>) g.get("initial_weights"), model.getWeights(), 0, 0);
    Tensor x = KerasLossScheduleGoldenTest.matrix(g.get("x"));
    Tensor y = KerasLossScheduleGoldenTest.matrix(g.get("y"));
    FitOptions.Builder b = FitOptions.builder().epochs(((Number) g.get("epochs")).intValue())
        .batchSize(((Number) g.get("batch_size")).intValue()).shuffle(false).verbose(0);
    if (g.get("class_weight") != null) {
      Map<Integer, Double> cw = new LinkedHashMap<>();
      ((Map<String, Object>) g.get("class_weight")).forEach((k, v) -> cw.put(Integer.parseInt(k),
          ((Number) v).doubleValue()));
      b.classWeight(cw);
    }
    if (g.get("sample_weight") != null) {
      float[] w = KerasLossScheduleGoldenTest.flat(g.get("sample_weight"));
      b.sampleWeight(Tensor.of(Shape.of(w.length), w));
    }
    History h = model.fit(x, y, b.build());
    double worst = assertWeights(name + " trained", (List<Object>) g.get("trained_weights"), model.getWeights(),
        2e-4, 1e-3);
    KerasLossScheduleGoldenTest.assertClose(KerasLossScheduleGoldenTest.flat(g.get("predictions")),
        model.predict(x).toArray(), 2e-4, 1e-3, name + " predictions");
    Map<String, Object> history = (Map<String, Object>) g.get("history");
    assertEquals(history.keySet(), new java.util.HashSet<>(h.keys()), name + " history keys");
    for (String key : history.keySet()) {
      float[] ours = new float[h.get(key).size()];
      for (int i = 0; i < ours.length; i++) {
        ours[i] = h.get(key).get(i).floatValue();
      }
      KerasLossScheduleGoldenTest.assertClose(KerasLossScheduleGoldenTest.flat(history.get(key)), ours, 1e-4, 1e-3,
          name + " history " + key);
    }
    assertEquals(((Number) g.get("optimizer_iterations")).longValue(), model.optimizer().updates(),
        name + " optimizer iterations");
    return worst;
  }

  private static double assertWeights(String what, List<Object> expected, List<float[]> actual, double abs,
      double rel) {
    assertEquals(expected.size(), actual.size(), what + " weight count");
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      float[] e = KerasLossScheduleGoldenTest.flat(expected.get(i));
      float[] a = actual.get(i);
      for (int k = 0; k < e.length; k++) {
        worst = Math.max(worst, Math.abs(e[k] - a[k]));
      }
      KerasLossScheduleGoldenTest.assertClose(e, a, abs, rel, what + " weight #" + i);
    }
    return worst;
  }
}
