package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conclusion calls a setting "best" only when it is ahead of its baseline, and says so consistently. */
class ConclusionTest {
  private static final ExperimentSpec SPEC = ExperimentSpec.parse("""
      {"name": "c", "data": {"dataset": "circles"}, "training": {"epochs": 1},
       "grid": {"dropout_rate": [0, 0.8]}, "repeats": 3, "seed": 1}""", false);

  private static ExperimentAnalysis analysis(double[] baseline, double[] dropout) {
    List<TrialResult> rs = new ArrayList<>();
    int index = 0;
    double[][] acc = {baseline, dropout};
    for (int s = 0; s < 2; s++) {
      for (int r = 0; r < acc[s].length; r++) {
        rs.add(new TrialResult(new Trial(index++, s, r, 1 + r), SPEC.settings().get(s).label(), null, 1.0, 0.1,
            acc[s][r], 0.5, Map.of(), 0.1));
      }
    }
    return new ExperimentAnalysis(SPEC, rs);
  }

  @Test
  void a_worse_dropout_setting_is_never_called_best() {
    String c = analysis(new double[] {0.72, 0.74, 0.71}, new double[] {0.47, 0.48, 0.46}).conclusion();
    assertFalse(c.contains("best setting"), c);
    assertTrue(c.startsWith("No regularized setting beats the baseline: no dropout has the highest mean test "
        + "accuracy, 0.723"), c);
    assertTrue(c.contains("The closest regularized setting, dropout 0.8, reaches 0.470, 0.253 below it (25.3 "
        + "percentage points)"), c);
    assertTrue(c.contains("the baseline's lead is statistically significant"), c);
  }

  @Test
  void a_better_dropout_setting_is_best_and_tested() {
    String c = analysis(new double[] {0.72, 0.74, 0.71}, new double[] {0.80, 0.81, 0.79}).conclusion();
    assertTrue(c.startsWith("The best setting is dropout 0.8: mean test accuracy 0.800"), c);
    assertTrue(c.contains("ahead by +0.077") && c.contains("This advantage is statistically significant"), c);
    assertFalse(c.contains("No regularized setting beats"), c);
  }

  @Test
  void a_small_lead_is_best_but_not_significant() {
    String c = analysis(new double[] {0.72, 0.74, 0.71}, new double[] {0.70, 0.77, 0.73}).conclusion();
    assertTrue(c.startsWith("The best setting is dropout 0.8") && c.contains("not statistically significant"), c);
  }
}
