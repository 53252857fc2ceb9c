package org.dropout4j.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runner contracts: thread-count independence, resume after a stop, failed trials, saved files. */
class ExperimentRunnerTest {
  private static final ExperimentRunner.Listener QUIET = new ExperimentRunner.Listener() { };

  private static List<Map<String, Object>> outcomes(ExperimentRunner.Outcome o) {
    return o.results().stream().map(TrialResult::outcome).toList();
  }

  @Test
  void parallel_run_equals_sequential_run(@TempDir Path dir) throws Exception {
    ExperimentSpec spec = Specs.tiny(2);
    ExperimentRunner.Outcome one = new ExperimentRunner(spec, dir.resolve("seq")).run(1, Integer.MAX_VALUE, QUIET);
    ExperimentRunner.Outcome two = new ExperimentRunner(spec, dir.resolve("par")).run(2, Integer.MAX_VALUE, QUIET);
    assertEquals(4, one.results().size());
    assertEquals(outcomes(one), outcomes(two));
  }

  @Test
  void resumed_run_keeps_finished_trials_and_equals_an_uninterrupted_run(@TempDir Path dir) throws Exception {
    ExperimentSpec spec = Specs.tiny(3);
    Path out = dir.resolve("resumed");
    ExperimentRunner.Outcome first = new ExperimentRunner(spec, out).run(2, 2, QUIET); // "crash" after 2 trials
    assertFalse(first.complete());
    assertEquals(2, first.results().size());
    assertEquals(2, Files.readAllLines(out.resolve(ExperimentRunner.RESULTS_JSONL)).size());

    AtomicInteger ran = new AtomicInteger();
    int[] resumedCount = new int[1];
    ExperimentRunner.Outcome second = new ExperimentRunner(spec, out).run(2, Integer.MAX_VALUE,
        new ExperimentRunner.Listener() {
          @Override
          public void started(int total, int alreadyDone) {
            resumedCount[0] = alreadyDone;
          }

          @Override
          public void finished(TrialResult r) {
            ran.incrementAndGet();
          }
        });
    assertEquals(2, resumedCount[0]);
    assertEquals(4, ran.get(), "only the 4 missing trials run again");
    assertTrue(second.complete());
    assertEquals(first.results().get(0).seconds(), second.results().get(0).seconds(),
        "a finished trial is loaded, not re-run");

    ExperimentRunner.Outcome whole = new ExperimentRunner(spec, dir.resolve("whole")).run(1, Integer.MAX_VALUE, QUIET);
    assertEquals(outcomes(whole), outcomes(second));
  }

  @Test
  void a_training_trial_reports_its_batches_as_a_rising_fraction_that_reaches_one(@TempDir Path dir)
      throws Exception {
    // Specs.tiny: 12 training rows in batches of 4 = 3 batches per epoch, 6 epochs = 18 batches per trial
    Map<Integer, List<Double>> fractions = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> wheres = java.util.Collections.synchronizedList(new ArrayList<>());
    ExperimentRunner.Outcome o = new ExperimentRunner(Specs.tiny(1), dir).run(2, Integer.MAX_VALUE,
        new ExperimentRunner.Listener() {
          @Override
          public void progress(Trial trial, double fraction, String where) {
            fractions.computeIfAbsent(trial.index(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(fraction);
            wheres.add(where);
          }
        });
    assertTrue(o.complete());
    assertEquals(java.util.Set.of(0, 1), fractions.keySet());
    for (List<Double> f : fractions.values()) {
      assertEquals(18, f.size(), "one report per batch (fewer than TrialProgress.STEPS batches): " + f);
      for (int i = 1; i < f.size(); i++) {
        assertTrue(f.get(i) > f.get(i - 1), "fractions rise: " + f);
      }
      assertEquals(1.0, f.get(f.size() - 1), 1e-12);
      assertEquals(1.0 / 18, f.get(0), 1e-12);
    }
    assertTrue(wheres.contains("dropout 0.5 seed 11: epoch 6/6 batch 3/3"), wheres.toString());
  }

  @Test
  void a_long_trial_reports_at_most_a_thousand_times() {
    List<Double> seen = new ArrayList<>();
    TrialProgress p = new TrialProgress(new Trial(0, 0, 0, 1), "x", 100, 50, new ExperimentRunner.Listener() {
      @Override
      public void progress(Trial trial, double fraction, String where) {
        seen.add(fraction);
      }
    });
    for (int e = 0; e < 100; e++) {
      p.onEpochBegin(e, null);
      for (int b = 0; b < 50; b++) {
        p.onBatchEnd(b, Map.of(), null);
      }
    }
    assertEquals(TrialProgress.STEPS, seen.size(), "5000 batches, one report per thousandth");
    assertEquals(1.0, seen.get(seen.size() - 1), 1e-12);
  }

  @Test
  void stopped_run_has_every_setting_started_before_the_next_repeat(@TempDir Path dir) throws Exception {
    ExperimentRunner.Outcome part = new ExperimentRunner(Specs.tiny(3), dir).run(1, 2, QUIET);
    assertEquals(List.of(0, 1), part.results().stream().map(r -> r.trial().settingIndex()).toList());
  }

  @Test
  void resume_with_a_different_spec_is_refused(@TempDir Path dir) throws Exception {
    new ExperimentRunner(Specs.tiny(1), dir).run(1, 1, QUIET);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new ExperimentRunner(Specs.tiny(2), dir).run(1, 1, QUIET));
    assertTrue(e.getMessage().contains("different experiment"), e.getMessage());
  }

  @Test
  void diverging_trial_is_recorded_as_failed_and_the_others_finish(@TempDir Path dir) throws Exception {
    // SGD with an absurd learning rate and a linear hidden layer overflows the weights to infinity: fit() throws
    // IllegalStateException on the NaN loss. The other setting trains with the default rate and finishes.
    ExperimentSpec spec = ExperimentSpec.parse("""
        data: {n_samples: 24, train_rows: 12}
        model: {hidden_units: 8, activation: linear}
        training: {optimizer: sgd, epochs: 5, batch_size: 4}
        settings: [{label: diverges, learning_rate: 1.0e30}, {label: fine}]
        repeats: 2
        """, true);
    ExperimentRunner.Outcome o = new ExperimentRunner(spec, dir).run(2, Integer.MAX_VALUE, QUIET);
    assertTrue(o.complete());
    List<TrialResult> failed = new ArrayList<>();
    for (TrialResult r : o.results()) {
      if (!r.ok()) {
        failed.add(r);
      }
    }
    assertEquals(2, failed.size(), "both repeats of the diverging setting fail: " + o.results());
    for (TrialResult r : failed) {
      assertEquals("diverges", r.label());
      assertTrue(r.failure().startsWith("IllegalStateException"), r.failure());
    }
    assertTrue(Files.readString(dir.resolve(ExperimentRunner.RESULTS_JSONL)).contains("\"status\":\"failed\""));
    ExperimentAnalysis.SettingSummary s = new ExperimentAnalysis(spec, o.results()).summaries().get(0);
    assertEquals(2, s.failed());
    assertEquals(0, s.finished());
  }

  @Test
  void each_trial_is_saved_with_its_seed_and_history(@TempDir Path dir) throws Exception {
    ExperimentSpec spec = Specs.tiny(1);
    new ExperimentRunner(spec, dir).run(1, Integer.MAX_VALUE, QUIET);
    Map<Integer, TrialResult> saved = new ExperimentRunner(spec, dir).loadFinished();
    assertEquals(2, saved.size());
    TrialResult r = saved.get(1);
    assertEquals(11L, r.trial().seed());
    assertEquals(6, r.history().get("val_accuracy").size());
    assertNull(r.failure());
    assertNotNull(r.history().get("loss"));
  }
}
