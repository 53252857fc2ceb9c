package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.MaxPooling2D;
import org.dropout4j.layers.regularization.SpatialDropout2D;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The documented thread-safety contract of {@link Sequential}: once built (and not being trained), one model may
 * serve {@code predict} and {@code evaluate} from several threads at once, and every thread gets the bits a
 * single-threaded call gives. Covers the fused Dense/Dropout path, convolution with pooling and an LSTM.
 */
class SharedModelPredictTest {
  private static final int THREADS = 6;
  private static final int CALLS = 8;

  private static Tensor inputs(Shape shape, int salt) {
    float[] v = new float[shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(0.37 * i + salt);
    }
    return Tensor.of(shape, v);
  }

  /** Each thread predicts several different inputs (other rows than the others) many times, all at once. */
  private static void assertConcurrentPredictMatchesSerial(Sequential model, Shape sample) throws Exception {
    assertConcurrentPredictMatchesSerial(model, sample, 37, 16);
  }

  /**
   * As {@link #assertConcurrentPredictMatchesSerial(Sequential, Shape)} with thread {@code t} predicting
   * {@code rows + t} rows in batches of {@code batchSize}: for other tests of the same contract.
   */
  static void assertConcurrentPredictMatchesSerial(Sequential model, Shape sample, int rows, int batchSize)
      throws Exception {
    List<Tensor> xs = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Tensor x = inputs(sample.withBatch(rows + t), t);
      xs.add(x);
      expected.add(model.predict(x, batchSize).toArray());
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<float[]>>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Tensor x = xs.get(t);
        results.add(pool.submit(() -> {
          start.await();
          List<float[]> out = new ArrayList<>();
          for (int c = 0; c < CALLS; c++) {
            out.add(model.predict(x, batchSize).toArray());
          }
          return out;
        }));
      }
      start.countDown();
      for (int t = 0; t < THREADS; t++) {
        for (float[] got : results.get(t).get()) {
          assertArrayEquals(expected.get(t), got, "thread " + t + " of " + model.name());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fused_dense_dropout_model_predicts_the_same_from_several_threads() throws Exception {
    Sequential m = new Sequential(Input.shape(2), new Dense(12, "relu"), new Dropout(0.4f), new Dense(1, "sigmoid"));
    m.setRandomSeed(3);
    m.build(Shape.of(Shape.UNKNOWN, 2));
    assertConcurrentPredictMatchesSerial(m, Shape.of(Shape.UNKNOWN, 2));
  }

  @Test
  void conv_pooling_model_predicts_the_same_from_several_threads() throws Exception {
    Sequential m = new Sequential(Input.shape(10, 10, 2), new Conv2D(4, 3, "relu"), new MaxPooling2D(2),
        new SpatialDropout2D(0.2f), new Flatten(), new Dense(64, "relu"), new Dropout(0.5f), new Dense(3, "softmax"));
    m.setRandomSeed(5);
    m.build(Shape.of(Shape.UNKNOWN, 10, 10, 2));
    assertConcurrentPredictMatchesSerial(m, Shape.of(Shape.UNKNOWN, 10, 10, 2));
  }

  @Test
  void lstm_model_predicts_the_same_from_several_threads() throws Exception {
    Sequential m = new Sequential(Input.shape(7, 3), LSTM.builder(8).dropout(0.2f).recurrentDropout(0.2f).build(),
        new Dense(2, "softmax"));
    m.setRandomSeed(9);
    m.build(Shape.of(Shape.UNKNOWN, 7, 3));
    assertConcurrentPredictMatchesSerial(m, Shape.of(Shape.UNKNOWN, 7, 3));
  }

  @Test
  void evaluate_and_mc_dropout_on_a_shared_model_give_the_single_thread_results() throws Exception {
    Sequential m = new Sequential(Input.shape(2), new Dense(12, "relu"), new Dropout(0.4f), new Dense(1, "sigmoid"));
    m.setRandomSeed(3);
    m.compile("adam", "binary_crossentropy", "accuracy");
    Tensor x = inputs(Shape.of(40, 2), 2);
    float[] labels = new float[40];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = x.get(i, 0) > 0 ? 1f : 0f;
    }
    Tensor y = Tensor.of(Shape.of(40, 1), labels);
    java.util.Map<String, Double> scores = m.evaluate(x, y);
    float[] mc = MonteCarloDropout.predict(m, x, 20, 11).mean().toArray();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int c = 0; c < CALLS; c++) {
            assertEquals(scores, m.evaluate(x, y));
            assertArrayEquals(mc, MonteCarloDropout.predict(m, x, 20, 11).mean().toArray());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fit_prints_nothing_unless_verbose_is_asked_for() {
    Sequential m = new Sequential(Input.shape(2), new Dense(4, "relu"), new Dense(1, "sigmoid"));
    m.setRandomSeed(1);
    m.compile("adam", "binary_crossentropy", "accuracy");
    Tensor x = inputs(Shape.of(8, 2), 1);
    Tensor y = Tensor.of(Shape.of(8, 1), 0, 1, 0, 1, 1, 0, 1, 0);
    ByteArrayOutputStream silent = new ByteArrayOutputStream();
    m.fit(x, y, FitOptions.builder().epochs(2).out(new PrintStream(silent, true, StandardCharsets.UTF_8)).build());
    assertEquals("", silent.toString(StandardCharsets.UTF_8), "default verbose");
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    m.fit(x, y, FitOptions.builder().epochs(2).verbose(2).out(new PrintStream(lines, true, StandardCharsets.UTF_8))
        .build());
    assertEquals(2, lines.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("Epoch")).count(),
        lines.toString(StandardCharsets.UTF_8));
  }
}
