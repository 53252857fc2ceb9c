package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Freezing layers between fits as Keras 3.15 does it (tools/golden/make_freeze_goldens.py): Dense(4, tanh),
 * BatchNormalization, Dense(1) with one Adam object throughout; phase 2 freezes the first Dense and the
 * BatchNormalization and recompiles (the frozen BatchNormalization normalizes with its moving statistics and keeps
 * them), phase 3 unfreezes the Dense without recompiling (no effect until the next compile), phase 4 recompiles (the
 * Dense trains again with its earlier Adam moments). After every phase dropout4j's weights equal Keras' within 2e-4
 * (+1e-3 relative); losses within 1e-4 (+1e-3 relative).
 */
class KerasFreezeGoldenTest {
  @Test
  @SuppressWarnings("unchecked")
  void freezing_and_recompiling_reproduce_keras_phase_by_phase() throws IOException {
    Map<String, Object> g = KerasLossScheduleGoldenTest.read("freeze.json");
    Path file = KerasLossScheduleGoldenTest.DIR.resolve("freeze.keras");
    Sequential model = KerasImport.load(file);
    KerasCompile.compile(model, KerasCompile.read(file));
    Tensor x = KerasLossScheduleGoldenTest.matrix(g.get("x"));
    Tensor y = KerasLossScheduleGoldenTest.matrix(g.get("y"));
    int batch = ((Number) g.get("batch_size")).intValue();
    List<Map<String, Object>> phases = (List<Map<String, Object>>) g.get("phases");
    float[] bnMovingMeanBefore = null;
    for (int k = 0; k < phases.size(); k++) {
      Map<String, Object> p = phases.get(k);
      ((Map<String, Object>) p.get("set_trainable")).forEach((name, value) ->
          model.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow()
              .setTrainable((Boolean) value));
      if ((Boolean) p.get("recompile")) {
        model.compile(model.optimizer(), model.loss());
      }
      if (k == 1) {
        bnMovingMeanBefore = model.getWeights().get(4).clone();
      }
      History h = model.fit(x, y, FitOptions.builder().epochs(((Number) p.get("epochs")).intValue())
          .batchSize(batch).shuffle(false).build());
      assertEquals(((Number) p.get("trainable_weights")).intValue(), model.trainableWeights().size(),
          "phase " + (k + 1) + " trainable weights (live, as Keras' model.trainable_weights)");
      List<Object> expected = (List<Object>) p.get("weights");
      for (int i = 0; i < expected.size(); i++) {
        KerasLossScheduleGoldenTest.assertClose(KerasLossScheduleGoldenTest.flat(expected.get(i)),
            model.getWeights().get(i), 2e-4, 1e-3, "phase " + (k + 1) + " weight #" + i);
      }
      float[] loss = new float[h.get("loss").size()];
      for (int i = 0; i < loss.length; i++) {
        loss[i] = h.get("loss").get(i).floatValue();
      }
      KerasLossScheduleGoldenTest.assertClose(KerasLossScheduleGoldenTest.flat(p.get("loss")), loss, 1e-4, 1e-3,
          "phase " + (k + 1) + " loss");
      if (k == 1) {
        assertEquals(List.of(bnMovingMeanBefore[0]), List.of(model.getWeights().get(4)[0]),
            "a frozen BatchNormalization keeps its moving mean");
      }
    }
    assertNotEquals(0f, bnMovingMeanBefore[0], "phase 1 moved the moving mean, so phase 2's check can fail");
    KerasLossScheduleGoldenTest.assertClose(KerasLossScheduleGoldenTest.flat(g.get("predictions")),
        model.predict(x).toArray(), 2e-4, 1e-3, "predictions");
    assertEquals(((Number) g.get("optimizer_iterations")).longValue(), model.optimizer().iterations());
  }
}
