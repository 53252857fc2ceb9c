package org.dropout4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live page reloads itself while training runs, draws one chart per metric, and stops reloading at the end. */
class LiveCurvesTest {
  @TempDir
  Path dir;

  private static Map<String, Double> logs(double loss, double acc) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", acc);
    m.put("loss", loss);
    m.put("val_accuracy", acc - 0.1);
    m.put("val_loss", loss + 0.1);
    return m;
  }

  @Test
  void page_reloads_while_training_and_not_after() throws Exception {
    Path page = dir.resolve("live.html");
    LiveCurves live = new LiveCurves(page, "demo <run>");
    live.onTrainBegin(null);
    String first = Files.readString(page);
    assertTrue(first.contains("http-equiv=\"refresh\"") && first.contains("demo &lt;run&gt;"), first);
    live.onEpochEnd(0, logs(0.7, 0.5), null);
    live.onEpochEnd(1, logs(0.5, 0.7), null);
    live.onTrainEnd(null);
    String last = Files.readString(page);
    assertFalse(last.contains("http-equiv=\"refresh\""), "no reload once finished");
    assertTrue(last.contains("Training finished after 2 epochs."), last.substring(0, 400));
    assertEquals(2, last.split("data:image/png;base64,", -1).length - 1, "one chart per metric: accuracy, loss");
    assertTrue(last.contains("<td>2</td><td>0.7000</td><td>0.5000</td>"), "table row of epoch 2");
    assertEquals(2, live.history().epochs());
    assertTrue(last.contains("with dropout on") && last.contains("with dropout off"),
        "the page says why train can be below validation: " + last.substring(0, 600));
  }

  @Test
  void a_one_epoch_run_gets_its_charts() throws Exception {
    Path page = dir.resolve("one.html");
    LiveCurves live = new LiveCurves(page, "one");
    live.onEpochEnd(0, logs(0.6, 0.6), null);
    live.onTrainEnd(null);
    String html = Files.readString(page);
    assertEquals(2, html.split("data:image/png;base64,", -1).length - 1);
    assertTrue(html.contains("Training finished after 1 epoch."), html.substring(0, 400));
  }
}
