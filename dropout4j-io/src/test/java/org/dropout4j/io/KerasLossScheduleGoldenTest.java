package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.losses.Loss;
import org.dropout4j.losses.Reduction;
import org.dropout4j.optimizers.schedules.LearningRateSchedule;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Losses and learning-rate schedules against real Keras 3.15 (golden/training/losses.json and schedules.json from
 * tools/golden/make_training_goldens.py). Each Keras loss is rebuilt from its Keras {@code get_config()} through
 * the compile-config reader, then its value under every reduction, with and without sample weights, and its
 * gradient must match within 1e-5 (+1e-5 relative); each schedule is rebuilt from Keras' serialization and its
 * values at steps 0..12 must match within 1e-7 (+1e-6 relative), and it must serialize back to the same map.
 */
class KerasLossScheduleGoldenTest {
  static final Path DIR = Path.of("src/test/resources/golden/training");

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(String file) throws IOException {
    return Json.readObject(Files.readString(DIR.resolve(file)), file);
  }

  static float[] flat(Object nested) {
    List<Float> out = new ArrayList<>();
    flatten(nested, out);
    float[] a = new float[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static void flatten(Object o, List<Float> out) {
    if (o instanceof List) {
      for (Object e : (List<?>) o) {
        flatten(e, out);
      }
    } else {
      out.add(((Number) o).floatValue());
    }
  }

  static Tensor matrix(Object nested) {
    List<?> rows = (List<?>) nested;
    int cols = ((List<?>) rows.get(0)).size();
    return Tensor.of(Shape.of(rows.size(), cols), flat(nested));
  }

  static void assertClose(float[] expected, float[] actual, double abs, double rel, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      double tol = abs + rel * Math.abs(expected[i]);
      assertTrue(Math.abs(expected[i] - actual[i]) <= tol, what + "[" + i + "]: Keras " + expected[i]
          + ", dropout4j " + actual[i]);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyLossMatchesKerasUnderEveryReductionAndWithSampleWeights() throws IOException {
    Map<String, Object> golden = read("losses.json");
    Tensor weights = Tensor.of(Shape.of(4), flat(golden.get("sample_weight")));
    List<Map<String, Object>> cases = (List<Map<String, Object>>) golden.get("cases");
    assertTrue(cases.size() >= 15, "cases");
    for (Map<String, Object> c : cases) {
      String name = (String) c.get("name");
      // Keras 3.15's Huber.get_config() omits `delta` (its own round trip loses it); dropout4j writes it
      Map<String, Object> config = new java.util.LinkedHashMap<>((Map<String, Object>) c.get("config"));
      config.putAll((Map<String, Object>) c.get("args_missing_from_config"));
      Loss loss = CompileConfigs.lossFromConfig(config);
      assertEquals(config, loss.getConfig(), name + " config");
      Tensor yTrue = matrix(c.get("y_true"));
      Map<String, Object> values = (Map<String, Object>) c.get("values");
      for (String red : List.of("sum_over_batch_size", "sum", "none", "mean_with_sample_weight")) {
        Loss reduced = loss.withReduction(Reduction.of(red));
        Tensor yPred = matrix(c.get("y_pred"));
        assertClose(flat(values.get(red)), reduced.call(yTrue, yPred).toArray(), 1e-5, 1e-5, name + " " + red);
        assertClose(flat(values.get(red + "_weighted")), reduced.call(yTrue, yPred, weights).toArray(), 1e-5, 1e-5,
            name + " " + red + " weighted");
      }
      Tensor yPred = matrix(c.get("y_pred"));
      Tensor leaf = Tensor.variable(yPred.shape(), yPred.toArray());
      loss.call(yTrue, leaf).backward();
      assertClose(flat(c.get("grad")), leaf.grad().toArray(), 1e-5, 1e-4, name + " gradient");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyScheduleMatchesKerasAtEveryStepAndSerializesAsKeras() throws IOException {
    Map<String, Object> golden = read("schedules.json");
    for (Map<String, Object> c : (List<Map<String, Object>>) golden.get("cases")) {
      Map<String, Object> serialized = (Map<String, Object>) c.get("serialized");
      LearningRateSchedule s = ScheduleConfigs.fromConfig(serialized);
      float[] expected = flat(c.get("values"));
      float[] actual = new float[expected.length];
      for (int step = 0; step < actual.length; step++) {
        actual[step] = (float) s.at(step);
      }
      assertClose(expected, actual, 1e-7, 1e-6, (String) c.get("name"));
      assertEquals(Json.read(Json.write(serialized), "serialized"), Json.read(Json.write(s.serialize()), "ours"),
          c.get("name") + " serialization");
    }
  }
}
