package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.cli.circles.CirclesStudy;
import org.dropout4j.cli.circles.CirclesStudy.Run;
import org.dropout4j.cli.circles.CirclesStudy.Variant;
import org.junit.jupiter.api.Test;

/** What {@code circles} concludes from its runs, and that measuring dropout-off accuracy leaves training alone. */
class CirclesVerdictTest {
  private static List<Run> runs(double[] testA, double[] testB) {
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < testA.length; i++) {
      runs.add(new Run(Variant.A, i + 1, null, 1.0, 0.01, testA[i], 1.0, 0.1, null));
    }
    for (int i = 0; i < testB.length; i++) {
      runs.add(new Run(Variant.B, i + 1, null, 0.967, 0.1, testB[i], 0.5, 0.1, null));
    }
    return runs;
  }

  @Test
  void several_seeds_with_b_ahead_say_ahead_with_the_mean_difference_and_p() {
    String v = CirclesCommand.verdict(runs(new double[] {0.77, 0.78, 0.76, 0.77}, new double[] {0.80, 0.79, 0.81,
        0.80}));
    assertTrue(v.contains("over 4 seeds dropout (B) is ahead of no dropout (A)"), v);
    assertTrue(v.contains("+0.030") && v.contains("significant at 0.05"), v);
  }

  @Test
  void b_behind_is_called_behind_never_best() {
    String v = CirclesCommand.verdict(runs(new double[] {0.80, 0.81, 0.79}, new double[] {0.60, 0.62, 0.61}));
    assertTrue(v.contains("is behind no dropout"), v);
    assertTrue(!v.contains("best") && !v.contains("ahead"), v);
  }

  @Test
  void overlapping_seeds_are_not_significant() {
    String v = CirclesCommand.verdict(runs(new double[] {0.77, 0.80, 0.75, 0.79}, new double[] {0.78, 0.76, 0.81,
        0.77}));
    assertTrue(v.contains("not significant at 0.05: within seed noise"), v);
  }

  @Test
  void one_seed_says_it_is_noise() {
    String v = CirclesCommand.verdict(runs(new double[] {0.786}, new double[] {0.771}));
    assertTrue(v.startsWith("one seed: B - A test accuracy -0.015") && v.contains("--repeats"), v);
  }

  @Test
  void recording_dropout_off_accuracy_does_not_change_the_training() {
    CirclesStudy study = new CirclesStudy(30, 0.4f);
    Run plain = study.run(Variant.B, 3, false);
    Run tracked = study.run(Variant.B, 3, true);
    assertArrayEquals(plain.model().predict(org.dropout4j.tensor.Tensor.of(study.test().x())).toArray(),
        tracked.model().predict(org.dropout4j.tensor.Tensor.of(study.test().x())).toArray());
    assertEquals(plain.history().get("accuracy"), tracked.history().get("accuracy"));
    List<Double> off = tracked.history().get(CirclesStudy.TRAIN_ACCURACY_DROPOUT_OFF);
    assertEquals(30, off.size());
    assertEquals(tracked.trainAccuracy(), off.get(29), 1e-12, "the last epoch's value is evaluate()'s");
  }
}
