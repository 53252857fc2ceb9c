package org.dropout4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.layers.Activation;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.DropoutFamily;
import org.dropout4j.layers.Layer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Parallel;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.blas.Blas;
import org.dropout4j.tensor.blas.MirroredOperand;

/**
 * The Monte Carlo dropout passes of a Sequential model whose layers after the fixed prefix are elementwise
 * {@code Dropout}, {@code Dense} and {@code Activation} layers, the first a Dropout (the mlp preset after its first
 * Dense: Dropout(0.2), Dense(512, relu), Dropout(0.2), Dense(10, softmax)). A pass is its Dense layers' products,
 * issued as the generic layers issue them ({@link PreparedDense}: the same calls on the same shapes, so the same
 * bits), and between two products one pass over the rows, shared out among threads, that does all the rest row by
 * row while the row is in cache: the previous product's bias (when added after it) and activation, each Dropout's
 * mask and each Activation, written straight into the next product's operand (and into its native copy,
 * {@link MirroredOperand#store}), together with the next product's bias rows; after the last product, into the
 * draws. The generic pass allocates and zeroes a tensor per layer, draws each mask on one thread while the other
 * core idles, and copies each product's operand to native memory in a pass of its own.
 *
 * <p>Where the kernel computes every product row by row ({@link PreparedDense#multiplyRows}: the Vector API kernel,
 * one fma chain per element), a pass is instead cut into blocks of {@value #BLOCK_ROWS} stacked rows, and one thread
 * takes a block through every row pass and product while its rows stay in L2; the passes of one call are blocks of
 * one parallel run, so a thread done with its share of a pass goes on with the next one. The masks are applied with
 * {@link Blas#scaleKept} (the Vector API where available). Where the stack's input rows hold zeros (a relu layer
 * before it) and the first product's layer allows it, the passes go input by input instead, the first product over
 * each input's nonzero columns only ({@link McCompactedPasses}).
 *
 * <p>Every value equals the generic pass's to the bit: the mask element of stacked row {@code s} (copy {@code j} of
 * input row {@code r} is row {@code j * rows + r}) and feature {@code p} is decision {@code s * width + p} of the
 * pass's key for the layer, applied as {@code x * (scale * keep)} ({@code Noise.dropout}); activations and bias are
 * the generic layers' elementwise or per-row arithmetic. Rows are shared out among threads, each row computed whole
 * by one, so the result does not depend on the thread count ({@code MonteCarloDenseStackTest}).
 */
final class McDenseStack implements MonteCarloTail {
  /** Stacked rows per task of a pass over the rows: 64 rows of 512 floats are 128 KiB per buffer. */
  private static final int ROWS_PER_TASK = 64;
  /**
   * Stacked rows per task where every product goes row by row: 192 rows of 512 floats are 384 KiB per buffer, and
   * the block's rows pass from one product to the next in L2.
   */
  static final int BLOCK_ROWS = 192;
  /** Passes run together by blocks, at most: the calling thread reports their progress when all are done. */
  private static final int GROUPS_PER_RUN = 8;

  /** The work between two products (or before the first, or after the last): steps on rows of one width. */
  static final class Segment {
    final int width;
    /** The Dropout steps of the segments before this one: its first mask's index in {@link Masks}. */
    final int firstMask;
    final List<Step> steps = new ArrayList<>();

    Segment(int width, int firstMask) {
      this.width = width;
      this.firstMask = firstMask;
    }
  }

  /** A Dropout (the model's layer {@code index}) or an Activation layer. */
  static final class Step {
    final int index;
    final Layer dropout;
    final RowActivation activation;

    Step(int index, Layer dropout, RowActivation activation) {
      this.index = index;
      this.dropout = dropout;
      this.activation = activation;
    }
  }

  /** A Dense layer: its product, then (in the next segment) its bias if added afterwards and its activation. */
  static final class Product {
    final PreparedDense dense;
    final RowActivation activation;
    /** Whether the bias rows are written first and the product added to them ({@code Ops.dense}). */
    final boolean biasFirst;

    Product(PreparedDense dense, RowActivation activation) {
      this.dense = dense;
      this.activation = activation;
      this.biasFirst = !activation.softmax();
    }
  }

  /** Per product its operand and output rows, holding the stacked rows from {@code base} on. */
  static final class Buffers {
    final float[][] operands;
    final float[][] outputs;
    int base;

    Buffers(Segment[] segments, int rows) {
      int count = segments.length - 1;
      operands = new float[count][];
      outputs = new float[count][];
      for (int p = 0; p < count; p++) {
        operands[p] = new float[rows * segments[p].width];
        outputs[p] = new float[rows * segments[p + 1].width];
      }
    }
  }

  final Segment[] segments;
  final Product[] products;
  private final int dropouts;
  /** The whole pass's buffers, their native copies and scratch rows, for the largest pass so far. */
  private int capacity;
  private Buffers whole;
  private MirroredOperand[] mirrored;
  private float[][][] scratch;
  /** Per thread, the buffers of one block of {@link #BLOCK_ROWS} rows (passes whose products go row by row). */
  private final ThreadLocal<Buffers> blocks;
  /** The passes input by input over the first product's nonzero columns, where that can apply; else null. */
  private final McCompactedPasses compacted;

  private McDenseStack(List<Segment> segments, List<Product> products, int dropouts) {
    this.segments = segments.toArray(new Segment[0]);
    this.products = products.toArray(new Product[0]);
    this.dropouts = dropouts;
    this.blocks = ThreadLocal.withInitial(() -> new Buffers(this.segments, BLOCK_ROWS));
    boolean onlyDropouts = true;
    for (Step step : this.segments[0].steps) {
      onlyDropouts &= step.dropout != null;
    }
    this.compacted = onlyDropouts && !products.isEmpty() ? new McCompactedPasses(this) : null;
  }

  /**
   * The planned passes of layers {@code from} on of a built model with inputs of {@code modelInput}, or {@code null}
   * unless layer {@code from} is an elementwise {@code Dropout} on rank-2 rows and every later layer an elementwise
   * Dropout, a Dense (exactly that class) on rows wider than {@link FusedDenseStack#NARROW} with an activation a
   * row plan applies, or an Activation, in a model whose plan fuses (as for
   * {@link ExecutionPlanner#monteCarloFixedLayers}).
   */
  static McDenseStack plan(Model model, int from, Shape modelInput) {
    Shape shape = ExecutionPlanner.monteCarloTailInput(model, from, modelInput);
    if (shape == null) {
      return null;
    }
    List<Layer> layers = ((Sequential) model).layers();
    FastPathHooks.LayerHooks hooks = FastPathHooks.layers();
    int width = shape.dim(1);
    List<Segment> segments = new ArrayList<>();
    List<Product> products = new ArrayList<>();
    Segment segment = new Segment(width, 0);
    segments.add(segment);
    int dropouts = 0;
    for (int i = from; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (hooks.elementwiseBernoulli(layer, Shape.of(2, width))) {
        segment.steps.add(new Step(i, layer, null));
        dropouts++;
      } else if (i == from) {
        return null;
      } else if (layer.getClass() == Dense.class && width > FusedDenseStack.NARROW
          && RowActivation.of((Dense) layer) != null) {
        Dense d = (Dense) layer;
        products.add(new Product(new PreparedDense(d, width), RowActivation.of(d)));
        width = d.units();
        segment = new Segment(width, dropouts);
        segments.add(segment);
      } else if (layer.getClass() == Activation.class
          && RowActivation.named(layer.getConfig().get("activation")) != null) {
        segment.steps.add(new Step(i, null, RowActivation.named(layer.getConfig().get("activation"))));
      } else {
        return null;
      }
    }
    return new McDenseStack(segments, products, dropouts);
  }

  /** Any number of stacked rows: each product is the generic layer's call for that shape. */
  @Override
  public boolean fits(int m) {
    return true;
  }

  /** One pass's masks: per Dropout step its key (null: the identity), probability to keep and scale. */
  static final class Masks {
    final RngKey[] keys;
    final float[] keeps;
    final float[] scales;

    Masks(int dropouts) {
      keys = new RngKey[dropouts];
      keeps = new float[dropouts];
      scales = new float[dropouts];
    }
  }

  Masks masks(CallContext context) {
    Masks masks = new Masks(dropouts);
    int d = 0;
    for (Segment segment : segments) {
      for (Step step : segment.steps) {
        if (step.dropout == null) {
          continue;
        }
        DropoutFamily dropout = (DropoutFamily) step.dropout;
        CallContext layerContext = context.forLayer(step.index);
        float rate = layerContext.dropoutRate(step.dropout.name(), dropout.rate());
        if (dropout.drawsNoise(layerContext) && rate != 0f) { // as Noise.dropout: keep = 1 - rate, scale = 1 / keep
          masks.keys[d] = layerContext.noiseKey(dropout.seed());
          masks.keeps[d] = 1f - rate;
          masks.scales[d] = 1f / masks.keeps[d];
        }
        d++;
      }
    }
    return masks;
  }

  @Override
  public long run(float[] in, int inFrom, int rows, List<Group> groups, float[] draws, int n, int from,
      LongConsumer progress, long rowsDone) {
    if (compacts(in, inFrom, rows, groups)) {
      return compacted.run(in, inFrom, rows, groups, draws, n, from, progress, rowsDone);
    }
    long done = rowsDone;
    for (int g0 = 0; g0 < groups.size(); ) {
      Group group = groups.get(g0);
      int m = group.copies * rows;
      if (!byRows(m)) {
        runWhole(m, new Rows(in, inFrom, rows, draws, n, from, group.first), masks(group.context));
        done = reported(done + m, progress);
        g0++;
        continue;
      }
      // passes of equal size go row by row together, up to GROUPS_PER_RUN: a thread that is done with its blocks
      // of one pass takes the next pass's instead of waiting for the other threads
      int g1 = g0 + 1;
      while (g1 < groups.size() && g1 - g0 < GROUPS_PER_RUN && groups.get(g1).copies == group.copies) {
        g1++;
      }
      Rows[] targets = new Rows[g1 - g0];
      Masks[] masks = new Masks[g1 - g0];
      for (int g = g0; g < g1; g++) {
        targets[g - g0] = new Rows(in, inFrom, rows, draws, n, from, groups.get(g).first);
        masks[g - g0] = masks(groups.get(g).context);
      }
      runInBlocks(m, targets, masks);
      for (int g = g0; g < g1; g++) {
        done = reported(done + m, progress);
      }
      g0 = g1;
    }
    return done;
  }

  /**
   * Whether the passes over these input rows run input by input with the first product over each input's nonzero
   * columns ({@link McCompactedPasses#applies}).
   */
  boolean compacts(float[] in, int inFrom, int rows, List<Group> groups) {
    return compacted != null && compacted.applies(in, inFrom, rows, groups);
  }

  static long reported(long done, LongConsumer progress) {
    if (progress != null) {
      progress.accept(done);
    }
    return done;
  }

  /** Whether every product of an {@code m}-row pass is computed row by row ({@link PreparedDense#multiplyRows}). */
  boolean byRows(int m) {
    for (Product p : products) {
      if (!p.dense.multipliesRowsAlone(m)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Passes of {@code m} rows each as blocks of {@link #BLOCK_ROWS} stacked rows, each block taken through every
   * segment and product by one thread while its rows are in cache: the products' rows have the bits of the whole
   * products.
   */
  private void runInBlocks(int m, Rows[] targets, Masks[] masks) {
    int blocksPerPass = (m + BLOCK_ROWS - 1) / BLOCK_ROWS;
    Parallel.run(targets.length * blocksPerPass, t -> {
      int pass = t / blocksPerPass;
      int r0 = (t % blocksPerPass) * BLOCK_ROWS;
      int r1 = Math.min(m, r0 + BLOCK_ROWS);
      Buffers b = blocks.get();
      b.base = r0;
      for (int s = 0; s < segments.length; s++) {
        rowsOfSegment(s, r0, r1, targets[pass], masks[pass], b);
        if (s < products.length) {
          Product p = products[s];
          p.dense.multiplyRows(m, r1 - r0, b.operands[s], 0, b.outputs[s], 0, p.biasFirst);
        }
      }
    });
  }

  /** A pass as one row pass over all {@code m} rows per segment, each product one call over all of them. */
  private void runWhole(int m, Rows target, Masks masks) {
    ensureCapacity(m);
    for (int s = 0; s < segments.length; s++) {
      int segment = s;
      if (s < products.length) {
        mirrored[s].changed(); // written below: its native copy, if any, is stale until stored
      }
      Parallel.run((m + ROWS_PER_TASK - 1) / ROWS_PER_TASK, t -> {
        int r0 = t * ROWS_PER_TASK;
        int r1 = Math.min(m, r0 + ROWS_PER_TASK);
        rowsOfSegment(segment, r0, r1, target, masks, whole);
        if (segment < products.length) {
          mirrored[segment].store(r0 * segments[segment].width, r1 * segments[segment].width);
        }
      });
      if (s < products.length) {
        mirrored[s].stored();
        Product p = products[s];
        p.dense.multiply(mirrored[s], m, whole.outputs[s], p.biasFirst, scratch[s]);
      }
    }
  }

  /** Where a pass reads its input rows and writes its draws. */
  static final class Rows {
    final float[] in;
    final int inFrom;
    final int rows;
    final float[] draws;
    final int n;
    final int from;
    final int first;

    Rows(float[] in, int inFrom, int rows, float[] draws, int n, int from, int first) {
      this.in = in;
      this.inFrom = inFrom;
      this.rows = rows;
      this.draws = draws;
      this.n = n;
      this.from = from;
      this.first = first;
    }
  }

  private void ensureCapacity(int m) {
    if (m <= capacity) {
      return;
    }
    int count = products.length;
    whole = new Buffers(segments, m);
    mirrored = new MirroredOperand[count];
    scratch = new float[count][][];
    for (int p = 0; p < count; p++) {
      mirrored[p] = new MirroredOperand(whole.operands[p]);
      scratch[p] = products[p].dense.newScratch();
    }
    capacity = m;
  }

  /** Stacked rows {@code [r0, r1)} of segment {@code s} ({@link #row}), the block's from {@code b.base} on. */
  private void rowsOfSegment(int s, int r0, int r1, Rows target, Masks masks, Buffers b) {
    int[] kept = new int[segments[s].width];
    for (int q = r0; q < r1; q++) {
      row(s, q, q - b.base, target, masks, b, kept);
    }
  }

  /**
   * Stacked row {@code q} of segment {@code s}, row {@code local} of the buffers: from the block's input row
   * (segment 0) or the previous product's output, through the segment's steps, into the next product's operand
   * (with that product's bias row) or into the draws; {@code kept} holds the row's mask decisions meanwhile.
   */
  void row(int s, int q, int local, Rows target, Masks masks, Buffers b, int[] kept) {
    Segment segment = segments[s];
    int width = segment.width;
    Product before = s > 0 ? products[s - 1] : null;
    Product next = s < products.length ? products[s] : null;
    float[] src = before == null ? target.in : b.outputs[s - 1];
    float[] dst = next == null ? target.draws : b.operands[s];
    int copy = q / target.rows;
    int r = q - copy * target.rows;
    int row = next == null ? (target.first + copy) * target.n + target.from + r : local;
    int o = row * width;
    // the row is read where it is (the block's input or the previous product) by the first step that changes it
    float[] values = src;
    int vo = before == null ? (target.inFrom + r) * width : local * width;
    if (before != null) {
      System.arraycopy(src, vo, dst, o, width);
      values = dst;
      vo = o;
      if (!before.biasFirst) {
        before.dense.addBias(dst, row, row + 1);
      }
      before.activation.applyToRows(dst, row, row + 1, width);
    }
    int d = segment.firstMask;
    for (Step step : segment.steps) {
      if (step.activation != null) {
        if (values != dst) {
          System.arraycopy(values, vo, dst, o, width);
          values = dst;
          vo = o;
        }
        step.activation.applyToRows(dst, row, row + 1, width);
        continue;
      }
      RngKey key = masks.keys[d++];
      if (key != null) { // x * (scale * keep), as Noise.dropout
        key.fillKeepDecisions(kept, width, q * width, masks.keeps[d - 1]);
        Blas.scaleKept(dst, o, values, vo, kept, masks.scales[d - 1], width);
        values = dst;
        vo = o;
      }
    }
    if (values != dst) {
      System.arraycopy(values, vo, dst, o, width);
    }
    if (next != null && next.biasFirst) {
      next.dense.writeBias(b.outputs[s], local, local + 1);
    }
  }
}
