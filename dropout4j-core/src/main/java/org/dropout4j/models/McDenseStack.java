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
 * <p>Every value equals the generic pass's to the bit: the mask element of stacked row {@code s} (copy {@code j} of
 * input row {@code r} is row {@code j * rows + r}) and feature {@code p} is decision {@code s * width + p} of the
 * pass's key for the layer, applied as {@code x * (scale * keep)} ({@code Noise.dropout}); activations and bias are
 * the generic layers' elementwise or per-row arithmetic. Rows are shared out among threads, each row computed whole
 * by one, so the result does not depend on the thread count ({@code MonteCarloDenseStackTest}).
 */
final class McDenseStack implements MonteCarloTail {
  /** Stacked rows per task of a pass over the rows: 64 rows of 512 floats are 128 KiB per buffer. */
  private static final int ROWS_PER_TASK = 64;

  /** The work between two products (or before the first, or after the last): steps on rows of one width. */
  private static final class Segment {
    final int width;
    final List<Step> steps = new ArrayList<>();

    Segment(int width) {
      this.width = width;
    }
  }

  /** A Dropout (the model's layer {@code index}) or an Activation layer. */
  private static final class Step {
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
  private static final class Product {
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

  private final Segment[] segments;
  private final Product[] products;
  private final int dropouts;
  /** Per product its operand, output and scratch rows, for the largest pass so far. */
  private int capacity;
  private float[][] operands;
  private MirroredOperand[] mirrored;
  private float[][] outputs;
  private float[][][] scratch;

  private McDenseStack(List<Segment> segments, List<Product> products, int dropouts) {
    this.segments = segments.toArray(new Segment[0]);
    this.products = products.toArray(new Product[0]);
    this.dropouts = dropouts;
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
    Segment segment = new Segment(width);
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
        segment = new Segment(width);
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
  private static final class Masks {
    final RngKey[] keys;
    final float[] keeps;
    final float[] scales;

    Masks(int dropouts) {
      keys = new RngKey[dropouts];
      keeps = new float[dropouts];
      scales = new float[dropouts];
    }
  }

  private Masks masks(CallContext context) {
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
    long done = rowsDone;
    for (Group group : groups) {
      int m = group.copies * rows;
      ensureCapacity(m);
      Masks masks = masks(group.context);
      Rows target = new Rows(in, inFrom, rows, draws, n, from, group.first);
      for (int s = 0; s < segments.length; s++) {
        int segment = s;
        if (s < products.length) {
          mirrored[s].changed(); // written below: its native copy, if any, is stale until stored
        }
        Parallel.run((m + ROWS_PER_TASK - 1) / ROWS_PER_TASK, t -> {
          int r0 = t * ROWS_PER_TASK;
          rowsOfSegment(segment, r0, Math.min(m, r0 + ROWS_PER_TASK), target, masks);
        });
        if (s < products.length) {
          mirrored[s].stored();
          Product p = products[s];
          p.dense.multiply(mirrored[s], m, outputs[s], p.biasFirst, scratch[s]);
        }
      }
      done += m;
      if (progress != null) {
        progress.accept(done);
      }
    }
    return done;
  }

  /** Where a pass reads its input rows and writes its draws. */
  private static final class Rows {
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
    operands = new float[count][];
    mirrored = new MirroredOperand[count];
    outputs = new float[count][];
    scratch = new float[count][][];
    for (int p = 0; p < count; p++) {
      operands[p] = new float[m * segments[p].width];
      mirrored[p] = new MirroredOperand(operands[p]);
      outputs[p] = new float[m * segments[p + 1].width];
      scratch[p] = products[p].dense.newScratch();
    }
    capacity = m;
  }

  /**
   * Stacked rows {@code [r0, r1)} of segment {@code s}: from the block's input rows (segment 0) or the previous
   * product's output, through the segment's steps, into the next product's operand (with that product's bias rows)
   * or into the draws.
   */
  private void rowsOfSegment(int s, int r0, int r1, Rows target, Masks masks) {
    Segment segment = segments[s];
    int width = segment.width;
    Product before = s > 0 ? products[s - 1] : null;
    Product next = s < products.length ? products[s] : null;
    float[] src = before == null ? target.in : outputs[s - 1];
    float[] dst = next == null ? target.draws : operands[s];
    int[] kept = new int[width];
    int firstMask = 0;
    for (int i = 0; i < s; i++) {
      for (Step step : segments[i].steps) {
        firstMask += step.dropout != null ? 1 : 0;
      }
    }
    for (int q = r0; q < r1; q++) {
      int copy = q / target.rows;
      int r = q - copy * target.rows;
      int row = next == null ? (target.first + copy) * target.n + target.from + r : q;
      int o = row * width;
      // the row is read where it is (the block's input or the previous product) by the first step that changes it
      float[] values = src;
      int vo = before == null ? (target.inFrom + r) * width : q * width;
      if (before != null) {
        System.arraycopy(src, vo, dst, o, width);
        values = dst;
        vo = o;
        if (!before.biasFirst) {
          before.dense.addBias(dst, row, row + 1);
        }
        before.activation.applyToRows(dst, row, row + 1, width);
      }
      int d = firstMask;
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
          float scale = masks.scales[d - 1];
          for (int p = 0; p < width; p++) {
            dst[o + p] = values[vo + p] * (scale * kept[p]);
          }
          values = dst;
          vo = o;
        }
      }
      if (values != dst) {
        System.arraycopy(values, vo, dst, o, width);
      }
      if (next != null && next.biasFirst) {
        next.dense.writeBias(outputs[s], q, q + 1);
      }
    }
    if (next != null) {
      mirrored[s].store(r0 * width, r1 * width);
    }
  }
}
