package org.dropout4j.models;

import java.util.List;
import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.DropoutFamily;
import org.dropout4j.layers.Layer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parallel;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.blas.Blas;

/**
 * The Monte Carlo dropout passes of a Sequential model that ends in an elementwise {@code Dropout} followed by a
 * {@code Dense} layer with one to four units and a fused activation (the circles model: Dense(500, relu),
 * Dropout(0.4), Dense(1, sigmoid)), for all passes of a block of rows at once, one row at a time: the row's mask is
 * drawn, applied and multiplied by the kernel's columns in buffers of one row, while the row of the fixed layers'
 * output stays in the cache for every pass. The generic passes write and read the whole masked activation of a block
 * (16 MiB for that model) in every pass.
 *
 * <p>Every value equals the generic pass's to the bit: the mask element of stacked row {@code s} and feature
 * {@code p} is decision {@code s * width + p} of the pass's key for the layer (as {@code Noise.dropout} draws it),
 * and each unit is {@code activation(dot + bias)} with the dot product {@code Dense} takes for this shape
 * ({@link Blas#dot}), used only where {@link Ops#denseByRowDots} says the kernel computes the product that way. The
 * dot's terms are {@code (x * (scale * keep)) * w}: for a kept value {@code (x * scale) * w}, computed once per row
 * for all passes, and for a dropped one {@code ±0}, which leaves a partial sum as it is (a sum starts at {@code +0}
 * and an addition gives {@code -0} only from two of them), so each pass adds the kept products
 * ({@link Blas#keptSum}); rows with an infinite or NaN product (whose dropped term may be NaN) multiply the masked
 * values out instead. Rows are shared out among threads, each row computed whole by one, so the result does not
 * depend on the thread count ({@code MonteCarloDenseTailTest}).
 */
final class McDenseTail implements MonteCarloTail {
  /** Rows of a block per task: their fixed-layer outputs (about 64 KiB for 500 features) stay in L2. */
  private static final int ROWS_PER_TASK = 32;
  /** Rows per chunk between two progress reports. */
  private static final int ROWS_PER_CHUNK = 1024;

  private final int dropoutIndex;
  private final Layer dropout;
  private final int width;
  private final int units;
  private final float[][] columns;
  private final float[] bias;
  private final Ops.FusedActivation activation;

  private McDenseTail(int dropoutIndex, Layer dropout, int width, Dense dense, Ops.FusedActivation activation) {
    this.dropoutIndex = dropoutIndex;
    this.dropout = dropout;
    this.width = width;
    this.units = dense.units();
    this.activation = activation;
    float[] kernel = dense.weights().get(0).constant().toArray();
    columns = new float[units][width];
    for (int p = 0; p < width; p++) {
      for (int u = 0; u < units; u++) {
        columns[u][p] = kernel[p * units + u];
      }
    }
    bias = dense.useBias() ? dense.weights().get(1).constant().toArray() : null;
  }

  /**
   * The fused tail of layers {@code from} and {@code from + 1} of a built model with inputs of {@code inputShape},
   * or {@code null} unless they are its last layers and an elementwise {@code Dropout} and a {@code Dense} with a
   * fused activation and at most four units, on a rank-2 input, in a model whose plan fuses (as for
   * {@link ExecutionPlanner#monteCarloFixedLayers}).
   */
  static McDenseTail plan(Model model, int from, Shape modelInput) {
    Shape inputShape = ExecutionPlanner.monteCarloTailInput(model, from, modelInput);
    if (inputShape == null) {
      return null;
    }
    List<Layer> layers = ((Sequential) model).layers();
    if (layers.size() != from + 2 || !(layers.get(from + 1) instanceof Dense)) {
      return null;
    }
    FastPathHooks.LayerHooks hooks = FastPathHooks.layers();
    Dense dense = (Dense) layers.get(from + 1);
    Ops.FusedActivation activation = hooks.fusedActivation(dense);
    if (!hooks.elementwiseBernoulli(layers.get(from), inputShape) || activation == null || dense.units() > 4) {
      return null;
    }
    return new McDenseTail(from, layers.get(from), inputShape.dim(1), dense, activation);
  }

  @Override
  public boolean fits(int m) {
    return Ops.denseByRowDots(m, width, units);
  }

  @Override
  public long run(float[] in, int inFrom, int rows, List<Group> groups, float[] draws, int n, int from,
      java.util.function.LongConsumer progress, long rowsDone) {
    int samples = 0;
    RngKey[] keys = new RngKey[groups.size()];
    float[] scales = new float[groups.size()];
    float[] keeps = new float[groups.size()];
    for (int g = 0; g < keys.length; g++) {
      Group group = groups.get(g);
      CallContext layerContext = group.context.forLayer(dropoutIndex);
      float rate = layerContext.dropoutRate(dropout.name(), ((DropoutFamily) dropout).rate());
      if (((DropoutFamily) dropout).drawsNoise(layerContext) && rate != 0f) {
        keys[g] = layerContext.noiseKey(((DropoutFamily) dropout).seed());
        keeps[g] = 1f - rate;
        scales[g] = 1f / keeps[g];
      }
      samples += group.copies;
    }
    long done = rowsDone;
    for (int c0 = 0; c0 < rows; c0 += ROWS_PER_CHUNK) {
      int chunk0 = c0;
      int chunkRows = Math.min(ROWS_PER_CHUNK, rows - c0);
      int tasks = (chunkRows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
      Parallel.run(tasks, t -> {
        int r0 = chunk0 + t * ROWS_PER_TASK;
        rowsOfBlock(in, inFrom, r0, Math.min(chunk0 + chunkRows, r0 + ROWS_PER_TASK), rows, groups, keys, keeps,
            scales, draws, n, from);
      });
      done += (long) chunkRows * samples;
      if (progress != null) {
        progress.accept(done);
      }
    }
    return done;
  }

  private void rowsOfBlock(float[] in, int inFrom, int r0, int r1, int rows, List<Group> groups, RngKey[] keys,
      float[] keeps, float[] scales, float[] draws, int n, int from) {
    Row row = new Row(width, units);
    for (int r = r0; r < r1; r++) {
      System.arraycopy(in, (inFrom + r) * width, row.h, 0, width);
      row.prepared = Float.NaN;
      for (int g = 0; g < keys.length; g++) {
        Group group = groups.get(g);
        for (int j = 0; j < group.copies; j++) {
          // element (s, p) of the stacked pass: counter s * width + p, as in Noise.dropout
          pass(row, keys[g], keeps[g], scales[g], (j * rows + r) * width);
          System.arraycopy(row.z, 0, draws, ((group.first + j) * n + from + r) * units, units);
        }
      }
    }
  }

  /** One row's values and buffers, reused from pass to pass and row to row by one task. */
  private static final class Row {
    final float[] h;
    final float[][] products;
    final float[] masked;
    final int[] kept;
    final float[] z;
    /** The scale {@link #products} were computed for (NaN: none yet), and whether they are all finite. */
    float prepared;
    boolean finite;

    Row(int width, int units) {
      h = new float[width];
      products = new float[units][width];
      masked = new float[width];
      kept = new int[width];
      z = new float[units];
    }
  }

  /**
   * One pass over one row into {@code row.z}: the mask's decisions from {@code counter} on, each unit's dot product
   * over the kept values, bias and activation. A method of its own, called once per pass and row, so that the JIT
   * compiles this work once and the loops around it without it.
   *
   * @param key the pass's key for the layer; null when it draws no noise
   */
  private void pass(Row row, RngKey key, float keep, float scale, int counter) {
    float[] z = row.z;
    if (key == null) {
      for (int u = 0; u < units; u++) {
        z[u] = Blas.dot(row.h, 0, columns[u], 0, width);
      }
    } else {
      key.fillKeepDecisions(row.kept, width, counter, keep);
      if (scale != row.prepared) {
        row.finite = prepare(row.products, row.h, scale);
        row.prepared = scale;
      }
      if (row.finite) {
        for (int u = 0; u < units; u++) {
          z[u] = Blas.keptSum(row.products[u], row.kept, width);
        }
      } else { // a dropped term h * 0 * w may be NaN: the masked values, multiplied out as the generic pass does
        for (int p = 0; p < width; p++) {
          row.masked[p] = row.h[p] * (scale * row.kept[p]);
        }
        for (int u = 0; u < units; u++) {
          z[u] = Blas.dot(row.masked, 0, columns[u], 0, width);
        }
      }
    }
    if (bias != null) {
      for (int u = 0; u < units; u++) {
        z[u] += bias[u];
      }
    }
    activation.applyInPlace(z);
  }

  /**
   * The products of the kept values of {@code h} with the kernel's columns, once per row: a kept value is
   * {@code h * (scale * 1)}, which is {@code h * scale}, times the column's weight, the product the generic dot
   * takes. Returns whether they are all finite (only then does a dropped term add nothing).
   */
  private boolean prepare(float[][] products, float[] h, float scale) {
    float zero = 0f;
    for (int u = 0; u < units; u++) {
      float[] q = products[u];
      float[] c = columns[u];
      for (int p = 0; p < width; p++) {
        q[p] = h[p] * scale * c[p];
      }
      for (float v : q) {
        zero += v * 0f; // NaN as soon as one product is infinite or NaN
      }
    }
    return zero == 0f;
  }
}
