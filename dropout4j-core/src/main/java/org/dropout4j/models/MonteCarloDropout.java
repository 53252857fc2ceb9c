package org.dropout4j.models;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.layers.CallContext;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Monte Carlo dropout: {@code samples} stochastic forward passes with only the dropout family active (every other
 * layer in inference mode, see {@link CallContext#monteCarlo(RngKey, int)}), summarized as a {@link McPrediction}
 * — mean, standard deviation and, for sigmoid/softmax outputs, predictive entropy, expected entropy and mutual
 * information (BALD).
 *
 * <p>Batched: the input is tiled so that one pass computes several samples ({@code copies x batch} rows, each copy
 * with its own masks), as many as keep every activation under {@value #ELEMENT_BUDGET} floats (16 MiB); larger
 * inputs are split into row blocks. Masks drawn per row differ from block to block; noise shared along the batch
 * (a {@code noise_shape} of 1 on axis 0, DropConnect's weight mask) is one draw per sample over all inputs, the same
 * in every block ({@link CallContext#monteCarlo(RngKey, int, RngKey)}). One {@code seed} reproduces the result bit for
 * bit; the model's own seed, its layers' seeds and its training state are neither used nor changed.
 *
 * <p>The budget keeps a pass's operands within what the BLAS kernel keeps allocated between calls and near the
 * caches: with 64 MiB activations (the budget until 2026-12) a pass over the 784-512-512-10 mlp spent 69 % of its
 * time allocating and copying operands, and 10,000 inputs x 100 samples took 138 s against PyTorch's 48 s.
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
  /** The largest activation (in floats, over all rows of a pass) a pass may produce: 2^22 floats = 16 MiB. */
  public static final long ELEMENT_BUDGET = 1L << 22;
  /** The stream of the keys of noise shared along the batch, apart from the passes' keys. */
  private static final long SHARED_STREAM = 0x5348_4152_4544L;

  private MonteCarloDropout() {
  }

  /**
   * Runs {@code samples} Monte Carlo dropout passes over {@code x}.
   *
   * @param model the model (one input, one output); built for {@code x}'s shape if not built yet
   * @param x inputs, batch first, finite
   * @param samples the number of stochastic passes {@code T}, {@code >= 1}
   * @param seed determines every mask; the same seed gives the same result
   * @return the {@code T} predictions per input and their summaries
   * @throws IllegalArgumentException if {@code samples < 1}, {@code x} contains NaN/Inf or doesn't fit the model
   */
  public static McPrediction predict(Model model, Tensor x, int samples, long seed) {
    return predict(model, x, samples, seed, ELEMENT_BUDGET);
  }

  /**
   * Monte Carlo dropout over a model with several inputs or outputs (e.g. a {@link Functional} graph): in each
   * pass every dropout-family layer, in any branch, draws its own mask once.
   *
   * @param xs one tensor per model input, with the same number of rows
   * @return one prediction summary per model output
   * @throws IllegalArgumentException as {@link #predict(Model, Tensor, int, long)}, or if the inputs' row counts
   *     differ or their number does not match the model's inputs
   */
  public static List<McPrediction> predict(Model model, List<Tensor> xs, int samples, long seed) {
    return predict(model, xs, samples, seed, ELEMENT_BUDGET, null);
  }

  /**
   * As {@link #predict(Model, List, int, long)}, telling {@code progress} after each pass how many input rows have
   * been run through the model so far, out of {@code samples * rows} (for a progress bar; nothing is printed). The
   * result is the same as without it.
   *
   * @param progress called on the calling thread with the rows done so far; null for none
   */
  public static List<McPrediction> predict(Model model, List<Tensor> xs, int samples, long seed,
      java.util.function.LongConsumer progress) {
    return predict(model, xs, samples, seed, ELEMENT_BUDGET, progress);
  }

  static McPrediction predict(Model model, Tensor x, int samples, long seed, long elementBudget) {
    List<McPrediction> all = predict(model, List.of(x), samples, seed, elementBudget);
    if (all.size() != 1) {
      throw new IllegalArgumentException("model \"" + model.name() + "\" has " + all.size() + " outputs "
          + model.outputNames() + "; use predict(model, List.of(x...), samples, seed) for one result per output");
    }
    return all.get(0);
  }

  static List<McPrediction> predict(Model model, List<Tensor> xs, int samples, long seed, long elementBudget) {
    return predict(model, xs, samples, seed, elementBudget, null);
  }

  private static List<McPrediction> predict(Model model, List<Tensor> xs, int samples, long seed, long elementBudget,
      java.util.function.LongConsumer progress) {
    if (samples < 1) {
      throw new IllegalArgumentException("Invalid value for argument `samples`: expected an integer >= 1, "
          + "received samples=" + samples);
    }
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("Monte Carlo dropout needs one tensor per model input, received none");
    }
    List<Shape> shapes = new ArrayList<>();
    for (Tensor x : xs) {
      DataChecks.requireFinite(x, "x");
      shapes.add(x.shape());
    }
    model.buildFor(shapes);
    int n = xs.get(0).shape().dim(0);
    for (Tensor x : xs) {
      if (x.shape().dim(0) != n) {
        throw new IllegalArgumentException("Monte Carlo dropout inputs need the same number of rows, received shapes "
            + shapes);
      }
    }
    int[] inRow = new int[xs.size()];
    long widest = 1;
    for (int i = 0; i < xs.size(); i++) {
      inRow[i] = n == 0 ? 0 : xs.get(i).size() / n;
      widest = Math.max(widest, inRow[i]);
    }
    List<Shape> outShapes = new ArrayList<>();
    widest = Math.max(widest, model.widestActivation(shapes, outShapes));
    long rowsPerPass = Math.max(1, elementBudget / widest);
    int block = (int) Math.max(1, Math.min(n, rowsPerPass));
    int copies = (int) Math.max(1, Math.min(samples, rowsPerPass / block));
    int outputs = outShapes.size();
    int[] outRow = new int[outputs];
    float[][] draws = new float[outputs][];
    long heap = Runtime.getRuntime().maxMemory();
    long all = 0;
    for (int k = 0; k < outputs; k++) {
      outRow[k] = outShapes.get(k).dropFirst().size();
      long total = (long) samples * n * outRow[k];
      all += total;
      if (total > Integer.MAX_VALUE - 8 || 4 * all > heap / 2) {
        throw new IllegalArgumentException("Invalid value for argument `samples`: " + samples + " passes over " + n
            + " inputs with " + outRow[k] + " outputs each keep " + total + " values (" + 4 * total / (1 << 20)
            + " MiB), more than " + (total > Integer.MAX_VALUE - 8 ? "one Java array holds" : "half the "
            + heap / (1 << 20) + " MiB heap") + "; use fewer samples or inputs, received samples=" + samples);
      }
    }
    for (int k = 0; k < outputs; k++) {
      draws[k] = new float[samples * n * outRow[k]];
    }
    RngKey root = RngKey.of(seed);
    RngKey sharedRoot = root.fold(SHARED_STREAM);
    int fixed = ExecutionPlanner.monteCarloFixedLayers(model);
    List<float[]> in = new ArrayList<>();
    for (Tensor x : fixed > 0 ? List.<Tensor>of() : xs) { // with fixed layers, each block's rows are sliced off x
      in.add(x.toArray());
    }
    float[] headRows = new float[0];
    int layerCount = fixed > 0 ? ((Sequential) model).layers().size() : 0;
    MonteCarloTail tail = xs.size() == 1 ? ExecutionPlanner.monteCarloTail(model, fixed, shapes.get(0)) : null;
    long pass = 0;
    long rowsDone = 0;
    for (int from = 0; from < n; from += block) {
      int rows = Math.min(n, from + block) - from;
      // what each pass starts from: the block's inputs, or the output of the layers that are the same in every pass
      List<float[]> src = in;
      List<Shape> srcShapes = shapes;
      int[] srcRow = inRow;
      int srcFrom = from;
      Tensor head = null;
      if (fixed > 0) {
        head = ((Sequential) model).callLayers(Ops.sliceRows(xs.get(0), from, from + rows),
            CallContext.monteCarlo(root.fold(pass), 1, sharedRoot), 0, fixed);
        if (headRows.length < head.size()) {
          headRows = new float[head.size()];
        }
        head.copyTo(0, headRows, 0, head.size());
        src = List.of(headRows);
        srcShapes = List.of(head.shape());
        srcRow = new int[] {rows == 0 ? 0 : head.size() / rows};
        srcFrom = 0;
      }
      if (tail != null && tail.fits(copies * rows) && tail.fits(((samples - 1) % copies + 1) * rows)) {
        List<MonteCarloTail.Group> groups = new ArrayList<>();
        for (int t0 = 0; t0 < samples; t0 += copies) {
          int c = Math.min(copies, samples - t0);
          CallContext context = CallContext.monteCarlo(root.fold(pass++), c, sharedRoot.fold(t0));
          groups.add(new MonteCarloTail.Group(context, t0, c));
        }
        rowsDone = tail.run(src.get(0), srcFrom, rows, groups, draws[0], n, from, progress, rowsDone);
        continue;
      }
      for (int t0 = 0; t0 < samples; t0 += copies) {
        int c = Math.min(copies, samples - t0);
        List<Tensor> batch = new ArrayList<>();
        for (int i = 0; i < src.size() && !(head != null && c == 1); i++) {
          float[] tiled = new float[c * rows * srcRow[i]];
          for (int j = 0; j < c; j++) {
            System.arraycopy(src.get(i), srcFrom * srcRow[i], tiled, j * rows * srcRow[i], rows * srcRow[i]);
          }
          batch.add(Tensor.of(srcShapes.get(i).withBatch(c * rows), tiled));
        }
        CallContext context = CallContext.monteCarlo(root.fold(pass++), c, sharedRoot.fold(t0));
        List<Tensor> ys = fixed > 0
            ? List.of(((Sequential) model).callLayers(c == 1 ? head : batch.get(0), context, fixed, layerCount))
            : model.call(batch, context);
        for (int k = 0; k < outputs; k++) {
          float[] y = ys.get(k).toArray();
          for (int j = 0; j < c; j++) {
            System.arraycopy(y, j * rows * outRow[k], draws[k], ((t0 + j) * n + from) * outRow[k], rows * outRow[k]);
          }
        }
        rowsDone += (long) c * rows;
        if (progress != null) {
          progress.accept(rowsDone);
        }
      }
    }
    List<McPrediction> result = new ArrayList<>();
    for (int k = 0; k < outputs; k++) {
      int[] dims = outShapes.get(k).withBatch(n).toArray();
      int[] drawDims = new int[dims.length + 1];
      drawDims[0] = samples;
      System.arraycopy(dims, 0, drawDims, 1, dims.length);
      result.add(new McPrediction(Shape.of(drawDims), draws[k]));
    }
    return result;
  }
}
