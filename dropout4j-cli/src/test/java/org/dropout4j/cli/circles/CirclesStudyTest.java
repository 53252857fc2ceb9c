package org.dropout4j.cli.circles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dropout4j.cli.circles.CirclesStudy.Run;
import org.dropout4j.cli.circles.CirclesStudy.Variant;
import org.junit.jupiter.api.Test;

/** Contracts of the circles case study runner. */
class CirclesStudyTest {

  @Test
  void results_do_not_depend_on_the_number_of_threads() throws InterruptedException {
    CirclesStudy study = new CirclesStudy(40, 0.4f);
    List<Run> one = study.runAll(7, 2, 1, r -> { });
    List<Run> two = study.runAll(7, 2, 2, r -> { });
    assertEquals(one.size(), two.size());
    for (int i = 0; i < one.size(); i++) {
      assertEquals(one.get(i).variant(), two.get(i).variant());
      assertEquals(one.get(i).seed(), two.get(i).seed());
      assertEquals(one.get(i).history().asMap(), two.get(i).history().asMap(),
          "history of run " + i + " differs between 1 and 2 threads");
      assertEquals(one.get(i).testAccuracy(), two.get(i).testAccuracy());
    }
  }

  @Test
  void the_listener_hears_every_epoch_of_every_training_and_each_finished_run() throws InterruptedException {
    CirclesStudy study = new CirclesStudy(25, 0.4f);
    java.util.Map<String, List<Integer>> epochs = new java.util.concurrent.ConcurrentHashMap<>();
    List<Run> finished = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    List<Run> runs = study.runAll(3, 2, 2, false, new CirclesStudy.Listener() {
      @Override
      public void epochEnd(Variant v, long seed, int epochsDone) {
        epochs.computeIfAbsent(v + " " + seed, k -> new java.util.ArrayList<>()).add(epochsDone);
      }

      @Override
      public void finished(Run run) {
        assertEquals(25, epochs.get(run.variant() + " " + run.seed()).size(), "every epoch came before the end");
        finished.add(run);
      }
    });
    assertEquals(4, finished.size());
    assertEquals(java.util.Set.of("A 3", "A 4", "B 3", "B 4"), epochs.keySet());
    for (List<Integer> e : epochs.values()) {
      assertEquals(java.util.stream.IntStream.rangeClosed(1, 25).boxed().toList(), e);
    }
    assertEquals(runs.get(0).history().asMap(), study.run(Variant.A, 3).history().asMap(),
        "listening changes nothing in the training");
  }

  @Test
  void model_b_has_a_dropout_layer_and_model_a_has_none() {
    CirclesStudy study = new CirclesStudy(1, 0.25f);
    assertTrue(study.model(Variant.B, 1).layers().stream().anyMatch(l -> l.className().equals("Dropout")));
    assertTrue(study.model(Variant.A, 1).layers().stream().noneMatch(l -> l.className().equals("Dropout")));
  }

  @Test
  void short_training_fits_the_thirty_training_points_better_than_chance() {
    Run run = new CirclesStudy(300, 0.4f).run(Variant.A, 3);
    assertTrue(run.trainAccuracy() >= 0.8, "train accuracy after 300 epochs: " + run.trainAccuracy());
    assertEquals(300, run.history().get("val_accuracy").size());
  }

  @Test
  void rate_outside_unit_interval_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CirclesStudy(10, 1.0f));
    assertTrue(e.getMessage().contains("--rate"), e.getMessage());
  }

  @Test
  void epochs_below_one_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CirclesStudy(0, 0.4f));
    assertTrue(e.getMessage().contains("--epochs"), e.getMessage());
  }
}
