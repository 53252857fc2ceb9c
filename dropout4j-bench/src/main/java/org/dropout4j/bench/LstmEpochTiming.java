package org.dropout4j.bench;

import java.util.Arrays;
import java.util.Map;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.LSTM;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.dropout4j.tensor.blas.Blas;

/**
 * Times epochs of the peer workload W4 ({@code ../shared/peers/README.md}): LSTM(128, dropout=0.2,
 * recurrent_dropout=0.2) -> Dense(1, sigmoid), BCE, Adam(1e-3), batch 128, on 8000 sequences of 50 steps x 8
 * features from mulberry32(42) (x = 2u - 1, label = sum over time of feature 0 > 0), 2000 test sequences.
 * A measurement, not a unit test. Run: {@code ./mvnw -q -o -pl dropout4j-core,dropout4j-bench package -DskipTests}
 * then {@code java -cp dropout4j-core/target/classes:dropout4j-bench/target/classes
 * org.dropout4j.bench.LstmEpochTiming [epochs] [dropout] [recurrentDropout] [trainSequences]}.
 *
 * <p>Measured 2026-11-24 on the shared 2-vCPU EPYC (JDK 17, OpenBLAS), epochs 2-3, load average 1.8-2.5 from other
 * work: {@code OPENBLAS_NUM_THREADS=1} 4.1-4.5 s per epoch (dropout 0.2 only: 3.8-4.1 s), OpenBLAS default threads
 * 5.0 s, pure-Java kernel 15 s; test accuracy 0.93-0.96 after 3 epochs. Under load average 8 the default OpenBLAS
 * threads collapse (about 50-150 s per epoch: its two spinning threads and the ~38,000 small per-step GEMMs per
 * epoch contend with other processes) while one thread gives 6-7 s. PyTorch's figure for this workload is 2.5 s
 * per epoch without recurrent dropout (peers/RESULTS.md).
 */
public final class LstmEpochTiming {
  private LstmEpochTiming() {
  }

  /** The k-th output (k = 1..n) of mulberry32(seed) as a double in [0, 1), as in the peers' common.py. */
  static double mulberry32(int seed, long k) {
    int t = (int) (seed + k * 0x6D2B79F5L);
    t = (t ^ (t >>> 15)) * (t | 1);
    t ^= t + (t ^ (t >>> 7)) * (t | 61);
    t ^= t >>> 14;
    return (t & 0xFFFF_FFFFL) / 4294967296.0;
  }

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    float dropout = args.length > 1 ? Float.parseFloat(args[1]) : 0.2f;
    float recurrentDropout = args.length > 2 ? Float.parseFloat(args[2]) : 0.2f;
    int n = 10000;
    int steps = 50;
    int features = 8;
    float[] x = new float[n * steps * features];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int t = 0; t < steps; t++) {
        for (int f = 0; f < features; f++) {
          int idx = (i * steps + t) * features + f;
          double v = 2.0 * mulberry32(42, idx + 1L) - 1.0;
          x[idx] = (float) v;
          if (f == 0) {
            sum += v;
          }
        }
      }
      y[i] = sum > 0 ? 1f : 0f;
    }
    int train = args.length > 3 ? Integer.parseInt(args[3]) : 8000;
    Tensor xtr = Tensor.of(Shape.of(train, steps, features), Arrays.copyOf(x, train * steps * features));
    Tensor ytr = Tensor.of(Shape.of(train, 1), Arrays.copyOf(y, train));
    Tensor xte = Tensor.of(Shape.of(n - train, steps, features),
        Arrays.copyOfRange(x, train * steps * features, x.length));
    Tensor yte = Tensor.of(Shape.of(n - train, 1), Arrays.copyOfRange(y, train, n));

    Sequential model = new Sequential(Input.shape(steps, features),
        LSTM.builder(128).dropout(dropout).recurrentDropout(recurrentDropout).build(), new Dense(1, "sigmoid"));
    model.compile(new Adam(1e-3f), Losses.binaryCrossentropy(false), "accuracy");
    System.out.println("W4 LSTM(128, dropout=" + dropout + ", recurrent_dropout=" + recurrentDropout
        + "), batch 128, gemm=" + Blas.gemm().name() + ", cores=" + Runtime.getRuntime().availableProcessors());
    for (int e = 0; e < epochs; e++) {
      long t0 = System.nanoTime();
      model.fit(xtr, ytr, FitOptions.builder().epochs(1).batchSize(128).verbose(0).build());
      double s = (System.nanoTime() - t0) / 1e9;
      Map<String, Double> test = model.evaluate(xte, yte);
      System.out.printf("epoch %d: %.2f s, test %s%n", e + 1, s, test);
    }
  }
}
