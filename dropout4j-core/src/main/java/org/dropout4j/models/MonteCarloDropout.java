package org.dropout4j.models;

import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Monte Carlo dropout: {@code samples} stochastic forward passes with only the dropout family active (every other
 * layer in inference mode, see {@link CallContext#monteCarlo(RngKey, int)}), summarized as a {@link McPrediction}
 * — mean, standard deviation and, for sigmoid/softmax outputs, predictive entropy, expected entropy and mutual
 * information (BALD).
 *
 * <p>Batched: the input is tiled so that one pass computes several samples ({@code copies x batch} rows, each copy
 * with its own masks), as many as keep every activation under {@value #ELEMENT_BUDGET} floats (64 MiB); larger
 * inputs are split into row blocks. One {@code seed} reproduces the result bit for bit; the model's own seed, its
 * layers' seeds and its training state are neither used nor changed.
 *
 * <p>Gal, Ghahramani, "Dropout as a Bayesian Approximation: Representing Model Uncertainty in Deep Learning",
 * ICML 2016; Houlsby, Huszár, Ghahramani, Lengyel, "Bayesian Active Learning for Classification and Preference
 * Learning", 2011 (BALD).
 *
 * <pre>{@code
 * McPrediction p = MonteCarloDropout.predict(model, xTest, 100, 42);
 * Tensor mean = p.mean();                      // (n, outputs)
 * Tensor bald = p.mutualInformation();         // (n,), in nats: high where the model is unsure of its weights
 * }</pre>
 */
public final class MonteCarloDropout {
  /** The largest activation (in floats, over all rows of a pass) a pass may produce: 2^24 floats = 64 MiB. */
  public static final long ELEMENT_BUDGET = 1L << 24;

  private MonteCarloDropout() {
  }

  /**
   * Runs {@code samples} Monte Carlo dropout passes over {@code x}.
   *
   * @param model the model; built for {@code x}'s shape if not built yet
   * @param x inputs, batch first, finite
   * @param samples the number of stochastic passes {@code T}, {@code >= 1}
   * @param seed determines every mask; the same seed gives the same result
   * @return the {@code T} predictions per input and their summaries
   * @throws IllegalArgumentException if {@code samples < 1}, {@code x} contains NaN/Inf or doesn't fit the model
   */
  public static McPrediction predict(Sequential model, Tensor x, int samples, long seed) {
    return predict(model, x, samples, seed, ELEMENT_BUDGET);
  }

  static McPrediction predict(Sequential model, Tensor x, int samples, long seed, long elementBudget) {
    if (samples < 1) {
      throw new IllegalArgumentException("Invalid value for argument `samples`: expected an integer >= 1, "
          + "received samples=" + samples);
    }
    DataChecks.requireFinite(x, "x");
    model.build(x.shape());
    int n = x.shape().dim(0);
    int inRow = n == 0 ? 0 : x.size() / n;
    Shape rowShape = x.shape().withBatch(Shape.UNKNOWN);
    long widest = Math.max(1, inRow);
    for (Layer l : model.layers()) {
      rowShape = l.computeOutputShape(rowShape);
      widest = Math.max(widest, rowShape.dropFirst().size());
    }
    int outRow = rowShape.dropFirst().size();
    long rowsPerPass = Math.max(1, elementBudget / widest);
    int block = (int) Math.max(1, Math.min(n, rowsPerPass));
    int copies = (int) Math.max(1, Math.min(samples, rowsPerPass / block));
    float[] in = x.toArray();
    float[] draws = new float[samples * n * outRow];
    RngKey root = RngKey.of(seed);
    long pass = 0;
    for (int from = 0; from < n; from += block) {
      int rows = Math.min(n, from + block) - from;
      for (int t0 = 0; t0 < samples; t0 += copies) {
        int c = Math.min(copies, samples - t0);
        float[] tiled = new float[c * rows * inRow];
        for (int j = 0; j < c; j++) {
          System.arraycopy(in, from * inRow, tiled, j * rows * inRow, rows * inRow);
        }
        Tensor batch = Tensor.of(x.shape().withBatch(c * rows), tiled);
        float[] y = model.call(batch, CallContext.monteCarlo(root.fold(pass++), c)).toArray();
        for (int j = 0; j < c; j++) {
          System.arraycopy(y, j * rows * outRow, draws, ((t0 + j) * n + from) * outRow, rows * outRow);
        }
      }
    }
    int[] dims = rowShape.withBatch(n).toArray();
    int[] drawDims = new int[dims.length + 1];
    drawDims[0] = samples;
    System.arraycopy(dims, 0, drawDims, 1, dims.length);
    return new McPrediction(Shape.of(drawDims), draws);
  }
}
