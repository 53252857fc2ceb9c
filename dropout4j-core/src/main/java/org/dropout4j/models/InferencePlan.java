package org.dropout4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dropout4j.layers.Activation;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.regularization.BaseDropout;
import org.dropout4j.layers.regularization.GaussianNoise;
import org.dropout4j.tensor.BatchNormOps;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.dropout4j.tensor.blas.MirroredOperand;

/**
 * How a {@link Sequential} model predicts without autodiff: its leading layers that an inference plan covers run
 * over row buffers reused from call to call, with no graph and no tensor per layer; the layers after them (the
 * tail) run as the generic call on the planned layers' output. Chosen once per model by {@link ExecutionPlanner}.
 *
 * <p>Planned layers, from the first on: a channels_last {@link Flatten} of the input (a copy of the rows), then any
 * of {@link Dense} on rank-2 input wider than {@link FusedDenseStack#NARROW} with a {@code linear}, {@code relu},
 * {@code sigmoid}, {@code tanh} or {@code softmax} activation, {@link Activation} with one of those,
 * {@link BatchNormalization} over the last axis (its moving statistics), {@link Flatten} of rank-2 input, and the
 * dropout family ({@link BaseDropout} subclasses, {@link GaussianNoise}), which is the identity at inference. A
 * Dense layer is its product through {@link PreparedDense} (bias rows, then {@code C = X W + C}, then the activation
 * in place, as {@code Ops.dense}; for softmax the product, the bias added, then softmax in place, as the generic
 * layer), so every planned layer gives the generic call's bits (tested).
 *
 * <p>Thread-safe: each call takes a {@link Workspace} from a one-slot pool (or makes one when another thread holds
 * it) and returns it afterwards, so a single caller reuses its buffers and concurrent callers do not share them.
 */
final class InferencePlan {
  /** Rows per planned pass at most: larger inputs run in blocks of this many rows (bounded buffers). */
  static final int MAX_ROWS = 1024;

  private final Sequential model;
  private final Stage[] stages;
  private final int inputWidth;
  private final int outputWidth;
  /** Number of model layers the plan covers: the tail starts at this index. */
  private final int layerCount;
  private final AtomicReference<Workspace> idle = new AtomicReference<>();

  private InferencePlan(Sequential model, Stage[] stages, int inputWidth, int outputWidth, int layerCount) {
    this.model = model;
    this.stages = stages;
    this.inputWidth = inputWidth;
    this.outputWidth = outputWidth;
    this.layerCount = layerCount;
  }

  /** The inference plan of a built Sequential model, or {@code null} if it would plan no Dense layer. */
  static InferencePlan plan(Sequential model) {
    List<Layer> layers = model.layers();
    FlatInput flat = FlatInput.of(layers, model.inputShape());
    if (flat == null) {
      return null;
    }
    int i = flat.firstLayer();
    int width = flat.width();
    int inputWidth = width;
    List<Stage> stages = new ArrayList<>();
    boolean dense = false;
    for (; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof Dense) {
        Dense d = (Dense) layer;
        RowActivation activation = RowActivation.of(d);
        if (activation == null || width <= FusedDenseStack.NARROW) {
          break; // the generic kernel takes another path for narrow inputs: left to the tail
        }
        stages.add(new Stage(width, d.units(), activation, new PreparedDense(d, width)));
        width = d.units();
        dense = true;
      } else if (layer instanceof Activation) {
        RowActivation activation = RowActivation.named(layer.getConfig().get("activation"));
        if (activation == null) {
          break;
        }
        stages.add(new Stage(width, width, activation, null));
      } else if (layer instanceof BatchNormalization) {
        Normalization norm = Normalization.of((BatchNormalization) layer);
        if (norm == null) {
          break;
        }
        stages.add(new Stage(width, width, null, null, norm));
      } else if (!(layer instanceof Flatten || layer instanceof BaseDropout || layer instanceof GaussianNoise)) {
        break; // Flatten of rank-2 rows and the dropout family at inference are the identity
      }
    }
    return dense ? new InferencePlan(model, stages.toArray(new Stage[0]), inputWidth, width, i) : null;
  }

  /** A Dense layer ({@code dense != null}: its product, then the activation) or an Activation layer. */
  private static final class Stage {
    final int inputs;
    final int width;
    final RowActivation activation;
    final PreparedDense dense;
    final Normalization norm;

    Stage(int inputs, int width, RowActivation activation, PreparedDense dense) {
      this(inputs, width, activation, dense, null);
    }

    Stage(int inputs, int width, RowActivation activation, PreparedDense dense, Normalization norm) {
      this.inputs = inputs;
      this.width = width;
      this.activation = activation;
      this.dense = dense;
      this.norm = norm;
    }
  }

  /**
   * A {@link BatchNormalization} over the last axis of rank-2 rows at inference (its moving statistics), in place
   * with the generic op's arithmetic ({@code BatchNormOps.inferenceInPlace}); the weights' live arrays are read at
   * every call.
   */
  private static final class Normalization {
    final float[] gamma;
    final float[] beta;
    final float[] mean;
    final float[] variance;
    final float epsilon;

    private Normalization(float[] gamma, float[] beta, float[] mean, float[] variance, float epsilon) {
      this.gamma = gamma;
      this.beta = beta;
      this.mean = mean;
      this.variance = variance;
      this.epsilon = epsilon;
    }

    /** The layer's normalization of rank-2 rows, or {@code null} if its feature axis is not their last. */
    static Normalization of(BatchNormalization layer) {
      java.util.Map<String, Object> config = layer.getConfig();
      Object axis = config.get("axis");
      if (!(axis instanceof Number) || (((Number) axis).intValue() != -1 && ((Number) axis).intValue() != 1)) {
        return null;
      }
      List<org.dropout4j.tensor.Parameter> w = layer.weights();
      int i = 0;
      float[] gamma = Boolean.TRUE.equals(config.get("scale")) ? w.get(i++).data() : null;
      float[] beta = Boolean.TRUE.equals(config.get("center")) ? w.get(i++).data() : null;
      return new Normalization(gamma, beta, w.get(i).data(), w.get(i + 1).data(),
          ((Number) config.get("epsilon")).floatValue());
    }

    void applyInPlace(float[] values, int rows, int width, float[] invStd) {
      BatchNormOps.inferenceInPlace(values, rows, width, gamma, beta, mean, variance, epsilon, invStd);
    }
  }

  /** A name for tests and logs: the planned layers and where the generic tail starts. */
  String describe() {
    return "inference plan of layers 0-" + (layerCount - 1) + " of " + model.layers().size()
        + (layerCount < model.layers().size() ? ", generic from layer " + layerCount : "");
  }

  /**
   * The model's output for {@code x} at inference, in blocks of at most {@code batchSize} rows (and of
   * {@link #MAX_ROWS}); {@code rowsDone} (if not null) is told after each block.
   *
   * @throws IllegalArgumentException if {@code x} contains NaN or Inf (naming the sample and element)
   */
  Tensor predict(Tensor x, int batchSize, java.util.function.LongConsumer rowsDone) {
    int n = x.shape().dim(0);
    int block = Math.min(batchSize, MAX_ROWS);
    boolean tail = layerCount < model.layers().size();
    float[] out = tail ? null : new float[n * outputWidth];
    List<Tensor> parts = tail ? new ArrayList<>() : null;
    Workspace ws = acquire();
    try {
      for (int from = 0; from < n; from += block) {
        int to = Math.min(n, from + block);
        float[] h = ws.forward(x, from, to);
        int size = (to - from) * outputWidth;
        if (tail) {
          Tensor t = Tensor.of(Shape.of(to - from, outputWidth), h.length == size ? h : java.util.Arrays.copyOf(h,
              size));
          parts.add(model.callLayers(t, CallContext.inference(), layerCount, model.layers().size()));
        } else {
          System.arraycopy(h, 0, out, from * outputWidth, size);
        }
        if (rowsDone != null) {
          rowsDone.accept(to);
        }
      }
    } finally {
      idle.set(ws);
    }
    if (!tail) {
      return Tensor.of(Shape.of(n, outputWidth), out);
    }
    return parts.size() == 1 ? parts.get(0) : DataChecks.concatRows(parts);
  }

  private Workspace acquire() {
    Workspace ws = idle.getAndSet(null);
    return ws != null ? ws : new Workspace();
  }

  /** Row-major buffers for one caller at a time, grown to the largest block seen and reused by every call. */
  private final class Workspace {
    private int capacity;
    private float[] input = new float[0];
    /** Per Dense stage its output; an Activation stage works in place on the buffer before it. */
    private final float[][] out = new float[stages.length][];
    /** Per Dense stage the scratch rows of its few-row products; per BatchNormalization its 1 / std. */
    private final float[][][] scratch = new float[stages.length][][];

    private Workspace() {
      for (int s = 0; s < stages.length; s++) {
        Stage st = stages[s];
        scratch[s] = st.dense != null ? st.dense.newScratch() : st.norm != null ? new float[1][st.width] : null;
      }
    }

    /** {@link #input} and each Dense stage's output as an operand of the next product. */
    private MirroredOperand inputOperand;
    private final MirroredOperand[] outOperands = new MirroredOperand[stages.length];

    private void ensureCapacity(int m) {
      if (m <= capacity) {
        return;
      }
      input = new float[m * inputWidth];
      inputOperand = new MirroredOperand(input);
      for (int s = 0; s < stages.length; s++) {
        out[s] = stages[s].dense == null ? null : new float[m * stages[s].width];
        outOperands[s] = out[s] == null ? null : new MirroredOperand(out[s]);
      }
      capacity = m;
    }

    /** The planned layers' output for rows {@code [from, to)} of {@code x}: a buffer of this workspace. */
    float[] forward(Tensor x, int from, int to) {
      int m = to - from;
      ensureCapacity(m);
      x.copyTo(from * inputWidth, input, 0, m * inputWidth);
      requireFinite(input, m * inputWidth, x);
      float[] h = input;
      MirroredOperand operand = inputOperand;
      for (int s = 0; s < stages.length; s++) {
        Stage st = stages[s];
        if (st.dense != null) {
          operand.changed(); // written since its last product: the copy to native memory, if any, is stale
          float[] z = out[s];
          st.dense.forward(operand, m, z, !st.activation.softmax(), scratch[s]);
          h = z;
          operand = outOperands[s];
        }
        if (st.norm != null) {
          st.norm.applyInPlace(h, m, st.width, scratch[s][0]);
        }
        if (st.activation != null) {
          st.activation.applyInPlace(h, m, st.width);
        }
      }
      return h;
    }
  }

  /**
   * The generic predict's NaN/Inf check: one pass over the copied rows (a maximum, which a NaN keeps), and only when
   * it fails the generic check of the whole input, which names the first sample and element that is not finite.
   */
  private static void requireFinite(float[] rows, int size, Tensor x) {
    float max = 0f;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, Math.abs(rows[i]));
    }
    if (!(max <= Float.MAX_VALUE)) {
      DataChecks.requireFinite(x, "x");
    }
  }
}
