package org.dropout4j.cli;

import java.util.Arrays;
import java.util.Locale;
import org.dropout4j.cli.presets.ModelPresets;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.MonteCarloDropout;
import org.dropout4j.models.Sequential;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The workloads of {@code dropout4j bench mc-dropout}: {@link MonteCarloDropout#predict} with T passes over N
 * inputs (by default {@value #PASSES} and {@value #INPUTS}), summaries included, for the circles study's model B (2-500-Dropout(0.4)-1,
 * sigmoid) and the {@code mlp} preset (784-512-512-10 with Dropout(0.2) twice), each timed in one warm JVM. The
 * weights are the models' seeded initial ones and the inputs seeded noise. The circles model's time does not depend
 * on their values; the mlp's does: each pass's first 512 x 512 product skips the columns where the input's first
 * Dense(512, relu) output is zero (the same in all passes of that input), 48 % of them for these weights and inputs
 * (42-54 % per input), against 80 % (61-91 % per input) for an mlp trained 2 epochs ({@code dropout4j train}) on
 * the Fashion-MNIST test images: a trained model's passes do less arithmetic than the bench's.
 * The PyTorch peer ({@code bench/peers/torch_mc_dropout.py}) runs the same models, passes and summaries batched.
 */
final class McDropoutBench {
  /** Default inputs per call. */
  static final int INPUTS = 10_000;
  /** Default Monte Carlo passes T per call. */
  static final int PASSES = 100;

  /** The two models. */
  enum Workload {
    CIRCLES("circles"),
    MLP("mlp");

    final String peerName;

    Workload(String peerName) {
      this.peerName = peerName;
    }
  }

  private McDropoutBench() {
  }

  /** The workload's model, built, with seeded weights. */
  static Sequential model(Workload w, long seed) {
    Sequential m = w == Workload.CIRCLES
        ? new Sequential(Input.shape(2), new Dense(500, "relu"), new Dropout(0.4f), new Dense(1, "sigmoid"))
        : ModelPresets.build("mlp", 28, 28, 10, null);
    m.setRandomSeed(seed);
    m.build(w == Workload.CIRCLES ? Shape.of(1, 2) : Shape.of(1, 28, 28, 1));
    return m;
  }

  /** {@code n} seeded inputs for the workload's model: standard normal points, or uniform [0, 1) images. */
  static Tensor inputs(Workload w, int n, long seed) {
    Shape shape = w == Workload.CIRCLES ? Shape.of(n, 2) : Shape.of(n, 28, 28, 1);
    float[] x = new float[shape.size()];
    RngKey key = RngKey.of(seed).fold(7);
    if (w == Workload.CIRCLES) {
      key.fillNormal(x);
    } else {
      key.fillUniform(x);
    }
    return Tensor.of(shape, x);
  }

  /**
   * Times {@code warmup} untimed and then {@code runs} timed calls of {@link MonteCarloDropout#predict}.
   *
   * @param step called after each call (for a progress bar; outside the timing)
   * @return the wall seconds of each timed call
   */
  static double[] timeDropout4j(Workload w, int inputs, int passes, int warmup, int runs, long seed,
      Runnable step) {
    Sequential m = model(w, seed);
    Tensor x = inputs(w, inputs, seed);
    for (int i = 0; i < warmup; i++) {
      MonteCarloDropout.predict(m, x, passes, seed + i);
      step.run();
    }
    double[] seconds = new double[runs];
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      MonteCarloDropout.predict(m, x, passes, seed + warmup + r);
      seconds[r] = (System.nanoTime() - t0) / 1e9;
      step.run();
    }
    return seconds;
  }

  /** "min / median / max" of some seconds. */
  static String spread(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", s[0], FashionBench.median(s), s[s.length - 1]);
  }
}
