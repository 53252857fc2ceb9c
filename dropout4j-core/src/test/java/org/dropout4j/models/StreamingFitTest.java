package org.dropout4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.dropout4j.data.Batch;
import org.dropout4j.data.Dataset;
import org.dropout4j.data.RowSource;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * fit/evaluate/predict on a {@link Dataset}: without shuffling, streaming the same rows in the same batches gives
 * bit for bit the weights, metrics and predictions of the array calls (the loop and the plans are shared); a seeded
 * shuffle reproduces a run; {@code steps_per_epoch} continues a pass into the next epoch; bad input is refused.
 */
class StreamingFitTest {
  private static final int N = 203;

  private static Tensor data(int n, int cols, long seed) {
    float[] v = new float[n * cols];
    RngKey.of(seed).fillNormal(v);
    return Tensor.of(Shape.of(n, cols), v);
  }

  private static Tensor labels(Tensor x) {
    int n = x.shape().dim(0);
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = x.get(i * 5) + 0.5f * x.get(i * 5 + 1) > 0 ? 1 : 0;
    }
    return Tensor.of(Shape.of(n, 1), y);
  }

  /** Two model kinds: a fused Dense stack and a generic one (BatchNormalization is not fused). */
  private static Sequential model(boolean generic) {
    Sequential m = generic
        ? new Sequential(Input.shape(5), new Dense(8, "relu"), new BatchNormalization(), new Dense(1, "sigmoid"))
        : new Sequential(Input.shape(5), new Dense(8, "relu"), new Dense(1, "sigmoid"));
    m.setRandomSeed(11);
    m.compile(new Adam(0.01), org.dropout4j.losses.Losses.get("binary_crossentropy"), "accuracy");
    return m;
  }

  @Test
  void streaming_without_shuffle_equals_the_array_fit_bit_for_bit() {
    Tensor x = data(N, 5, 1);
    Tensor y = labels(x);
    Tensor vx = data(40, 5, 2);
    for (boolean generic : new boolean[] {false, true}) {
      Sequential arrays = model(generic);
      History ha = arrays.fit(x, y, FitOptions.builder().epochs(3).batchSize(16).shuffle(false)
          .validationData(vx, labels(vx)).build());
      Sequential streamed = model(generic);
      Dataset train = Dataset.fromRows(RowSource.of(x), RowSource.of(y)).batch(16).prefetch(2);
      Dataset val = Dataset.fromRows(RowSource.of(vx), RowSource.of(labels(vx))).batch(16);
      History hs = streamed.fit(train, FitOptions.builder().epochs(3).validationData(val).build());
      List<float[]> wa = arrays.getWeights();
      List<float[]> ws = streamed.getWeights();
      for (int i = 0; i < wa.size(); i++) {
        assertArrayEquals(wa.get(i), ws.get(i), 0f, "weight " + i + " (generic=" + generic + ")");
      }
      assertEquals(ha.asMap(), hs.asMap(), "same history, validation included");
      assertEquals(arrays.evaluate(x, y, 16), streamed.evaluate(Dataset.fromRows(RowSource.of(x), RowSource.of(y))
          .batch(16)));
      Tensor pa = arrays.predict(x, 32);
      Tensor ps = streamed.predict(Dataset.fromRows(List.of(RowSource.of(x)), List.of(), null).batch(50)).get(0);
      assertEquals(pa.shape(), ps.shape());
      assertArrayEquals(pa.toArray(), ps.toArray(), 0f);
    }
  }

  @Test
  void a_seeded_shuffle_reproduces_the_run_and_another_seed_does_not() {
    Tensor x = data(N, 5, 3);
    Tensor y = labels(x);
    List<List<float[]>> runs = new ArrayList<>();
    for (long seed : new long[] {5, 5, 6}) {
      Sequential m = model(false);
      m.fit(Dataset.fromRows(RowSource.of(x), RowSource.of(y)).shuffle(64, seed).batch(16).prefetch(1),
          FitOptions.builder().epochs(2).build());
      runs.add(m.getWeights());
    }
    assertArrayEquals(runs.get(0).get(0), runs.get(1).get(0), 0f);
    assertNotEquals(runs.get(0).get(0)[0], runs.get(2).get(0)[0]);
  }

  @Test
  void steps_per_epoch_continues_the_pass_into_the_next_epoch() {
    AtomicInteger passes = new AtomicInteger();
    List<Long> batchIds = new ArrayList<>();
    Tensor x = data(4, 5, 4);
    Tensor y = labels(x);
    Dataset gen = Dataset.fromBatches(pass -> {
      passes.incrementAndGet();
      List<Batch> bs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        bs.add(new Batch(List.of(x), List.of(y)));
      }
      Iterator<Batch> it = bs.iterator();
      return new Iterator<Batch>() {
        private long k;

        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Batch next() {
          batchIds.add(pass * 10 + k++);
          return it.next();
        }
      };
    }, 5);
    Sequential m = model(false);
    m.fit(gen, FitOptions.builder().epochs(4).stepsPerEpoch(2).build());
    // epochs take batches (0,1) (2,3) (4, pass ends) then a new pass: (0,1) of pass 3
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 30L, 31L), batchIds);
    assertEquals(2, passes.get());
    assertEquals(7, m.trainingStep());
  }

  @Test
  void a_dataset_of_unknown_size_trains_and_reports_its_batches_after_a_pass() {
    Tensor x = data(6, 5, 12);
    Tensor y = labels(x);
    Dataset gen = Dataset.fromBatches(pass -> List.of(new Batch(List.of(x), List.of(y)),
        new Batch(List.of(x), List.of(y)), new Batch(List.of(x), List.of(y))).iterator(), Dataset.UNKNOWN_CARDINALITY);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    Sequential m = model(false);
    History h = m.fit(gen, FitOptions.builder().epochs(2).verbose(2).out(new java.io.PrintStream(out, true)).build());
    assertEquals(2, h.epochs());
    assertEquals(6, m.trainingStep());
    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.contains("3/3 - "), text);
    assertTrue(!text.contains("-1"), text);
  }

  private static long prefetchThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("dropout4j-prefetch") && t.isAlive()).count();
  }

  @Test
  void an_exception_or_an_early_stop_mid_pass_stops_the_prefetch_thread() {
    Tensor x = data(400, 5, 13);
    Dataset d = Dataset.fromRows(RowSource.of(x), RowSource.of(labels(x))).batch(4).prefetch(3);
    long before = prefetchThreads();
    org.dropout4j.callbacks.Callback crash = new org.dropout4j.callbacks.Callback() {
      @Override
      public void onBatchEnd(int batch, Map<String, Double> logs, org.dropout4j.callbacks.TrainingControl c) {
        if (batch == 5) {
          throw new IllegalStateException("boom");
        }
      }
    };
    assertThrows(IllegalStateException.class, () -> model(false).fit(d, FitOptions.builder().callbacks(crash)
        .build()));
    assertEquals(before, prefetchThreads(), "the pass was closed and its thread joined");
    org.dropout4j.callbacks.Callback stop = new org.dropout4j.callbacks.Callback() {
      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs, org.dropout4j.callbacks.TrainingControl c) {
        c.requestStop();
      }
    };
    History h = model(false).fit(d, FitOptions.builder().epochs(5).stepsPerEpoch(10).callbacks(stop).build());
    assertEquals(1, h.epochs());
    assertEquals(before, prefetchThreads(), "a pass kept open across epochs is closed when training stops");
  }

  @Test
  void class_weights_apply_to_streamed_batches_as_to_arrays() {
    Tensor x = data(64, 5, 8);
    Tensor y = labels(x);
    Map<Integer, Double> cw = Map.of(0, 0.3, 1, 2.0);
    Sequential a = model(true);
    a.fit(x, y, FitOptions.builder().epochs(2).batchSize(16).shuffle(false).classWeight(cw).build());
    Sequential s = model(true);
    s.fit(Dataset.fromRows(RowSource.of(x), RowSource.of(y)).batch(16), FitOptions.builder().epochs(2)
        .classWeight(cw).build());
    assertArrayEquals(a.getWeights().get(0), s.getWeights().get(0), 0f);
  }

  @Test
  void array_only_options_and_bad_batches_are_refused() {
    Tensor x = data(10, 5, 9);
    Dataset d = Dataset.fromRows(RowSource.of(x), RowSource.of(labels(x)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model(false).fit(d, FitOptions.builder().validationSplit(0.2).build()));
    assertTrue(e.getMessage().contains("validation_split"), e.getMessage());
    Tensor wide = data(10, 6, 9);
    e = assertThrows(IllegalArgumentException.class, () -> model(false)
        .fit(Dataset.fromRows(RowSource.of(wide), RowSource.of(labels(x))), FitOptions.builder().build()));
    assertTrue(e.getMessage().contains("6"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> model(false).fit(x, labels(x), FitOptions.builder().stepsPerEpoch(2).build()));
    assertTrue(e.getMessage().contains("steps_per_epoch=2"), e.getMessage());
    Dataset noTargets = Dataset.fromRows(List.of(RowSource.of(x)), List.of(), null);
    e = assertThrows(IllegalArgumentException.class, () -> model(false).fit(noTargets, FitOptions.builder().build()));
    assertTrue(e.getMessage().contains("target"), e.getMessage());
  }
}
