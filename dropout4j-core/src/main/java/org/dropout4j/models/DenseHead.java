package org.dropout4j.models;

import static org.dropout4j.models.HeadPasses.ROWS_PER_TASK;
import static org.dropout4j.models.HeadPasses.byRows;
import static org.dropout4j.models.HeadPasses.multiply;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.DropoutFamily;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Layer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parallel;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.dropout4j.tensor.blas.Blas;
import org.dropout4j.tensor.blas.MirroredOperand;

/**
 * The fused head of a wide multilayer perceptron (the Fashion-MNIST {@code mlp} preset: Flatten, Dense(512, relu),
 * Dropout, Dense(512, relu), Dropout, Dense(10, softmax)): the leading layers of a {@link Sequential} that are an
 * optional channels_last {@link Flatten}, then {@link Dense} layers with a fused activation and no penalties and
 * elementwise Dropout layers, at least one Dense wide ({@code > NARROW} inputs and units; stacks of narrow layers
 * take {@link FusedDenseStack}). The layers after the head (here the softmax Dense) run as the generic step on a
 * leaf holding the head's output ({@link DenseHeadPlan}).
 *
 * <p>The products are the generic Dense kernel's own calls ({@code Ops.dense}: the bias rows, then
 * {@code C = X W + C}; {@code dW = X^T dZ}; {@code dX = dZ W^T}) through the same kernel, so they give the same bits.
 * What changes is everything around them: activations, masks and gradients live in flat buffers reused for every
 * batch (the generic step allocated about 3 MB per batch, which kept the garbage collector busy), a pass's dropout
 * masks are drawn before its first product, together with the gather of the batch's rows (neither depends on what
 * the products compute), and kept for the backward pass (the generic step hashes them again), the activation and
 * the mask are applied in one pass, and these passes run over fixed blocks of rows on the {@link Parallel} pool
 * ({@link HeadPasses}). Every elementwise operation is the generic one in the same order ({@code z * mask}, then
 * {@code g * mask * f'(y)}), so predictions, losses and gradients equal the generic step's to the bit (tested), on
 * any number of threads.
 */
final class DenseHead {
  /**
   * The batch's gather and the mask draws of a forward pass run as one parallel pass from this many elements (the
   * mlp's 128 rows: 100,352 input values and two masks of 65,536): together they are worth handing half to a pool
   * thread, which is then already awake for the first product.
   */
  static final int GATHER_PARALLEL_ELEMENTS = 1 << 16;

  private final Stage[] stages;
  private final int inputWidth;
  /** Number of model layers the head covers, the Flatten included: the tail starts at this index. */
  final int layerCount;

  private DenseHead(Stage[] stages, int inputWidth, int layerCount) {
    this.stages = stages;
    this.inputWidth = inputWidth;
    this.layerCount = layerCount;
  }

  /**
   * The fused head of a built model's layers, or {@code null} if its first layers do not form one with a wide
   * Dense.
   */
  static DenseHead plan(List<Layer> layers, Shape inputShape) {
    FlatInput flat = FlatInput.of(layers, inputShape);
    if (flat == null) {
      return null;
    }
    int i = flat.firstLayer();
    int width = flat.width();
    int inputWidth = width;
    FastPathHooks.LayerHooks hooks = FastPathHooks.layers();
    List<Stage> stages = new ArrayList<>();
    boolean wide = false;
    for (; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof Dense) {
        Dense d = (Dense) layer;
        Ops.FusedActivation activation = hooks.fusedActivation(d);
        if (activation == null || hooks.hasPenalties(d) || width <= FusedDenseStack.NARROW) {
          break; // the generic kernel takes another path for narrow inputs: left to the tail
        }
        wide |= d.units() > FusedDenseStack.NARROW;
        List<Parameter> w = d.weights();
        stages.add(new Stage(i, width, d.units(), activation, w.get(0), d.useBias() ? w.get(1) : null, null));
        width = d.units();
      } else if (!stages.isEmpty() && hooks.elementwiseBernoulli(layer, Shape.of(2, width))) {
        stages.add(new Stage(i, width, width, null, null, null, (DropoutFamily) layer));
      } else {
        break;
      }
    }
    return wide ? new DenseHead(stages.toArray(new Stage[0]), inputWidth, i) : null;
  }

  /** Width of the head's output. */
  int outputWidth() {
    return stages[stages.length - 1].width;
  }

  /** Fresh buffers; one per user of the plan (a workspace is not thread-safe). */
  Workspace workspace() {
    return new Workspace();
  }

  /** A Dense layer ({@code activation != null}) or a Dropout layer ({@code dropout != null}). */
  private static final class Stage {
    final int layerIndex;
    final int inputs;
    final int width;
    final Ops.FusedActivation activation;
    final Parameter kernel;
    final Parameter bias;
    final DropoutFamily dropout;

    Stage(int layerIndex, int inputs, int width, Ops.FusedActivation activation, Parameter kernel, Parameter bias,
        DropoutFamily dropout) {
      this.layerIndex = layerIndex;
      this.inputs = inputs;
      this.width = width;
      this.activation = activation;
      this.kernel = kernel;
      this.bias = bias;
      this.dropout = dropout;
    }
  }

  /** Row-major buffers for one user of the head, grown to the largest batch seen and reused by every call. */
  final class Workspace {
    private int capacity;
    private int rows;
    private float[] input = new float[0];
    /**
     * Every buffer that is an operand of a product, as an operand the native kernel keeps between the products that
     * read it (the input: forward and kernel gradient; an activation: the next forward and kernel gradient; a
     * gradient: the kernel and input gradients); each is marked changed right after it is written.
     */
    private final java.util.Map<float[], MirroredOperand> operands = new java.util.IdentityHashMap<>();
    /** Per Dense stage its output (after the activation); per dropping Dropout stage its output. */
    private final float[][] out = new float[stages.length][];
    /** Per Dropout stage its mask ({@code 1 / (1 - rate)} or 0), when it drops in the last forward pass. */
    private final float[][] masks = new float[stages.length][];
    private final boolean[] dropping = new boolean[stages.length];
    /** Gradient with respect to the output of each Dense stage, then overwritten with d loss / d z. */
    private final float[][] grads = new float[stages.length][];
    private final float[][] kernelGrads = new float[stages.length][];
    private final float[][] biasGrads = new float[stages.length][];
    private float[] outputGrad;
    private float[] row = new float[0];

    private Workspace() {
      for (int s = 0; s < stages.length; s++) {
        Stage st = stages[s];
        if (st.kernel != null) {
          kernelGrads[s] = new float[st.inputs * st.width];
          biasGrads[s] = st.bias == null ? null : new float[st.width];
        }
      }
    }

    private void ensureCapacity(int m) {
      if (m <= capacity) {
        return;
      }
      input = new float[m * inputWidth];
      operands.clear();
      for (int s = 0; s < stages.length; s++) {
        out[s] = new float[m * stages[s].width];
        masks[s] = null; // allocated when first needed: inference needs neither masks nor gradients
        grads[s] = null;
      }
      capacity = m;
    }

    /** The operand of a buffer of this workspace. */
    private MirroredOperand operand(float[] buffer) {
      return operands.computeIfAbsent(buffer, MirroredOperand::new);
    }

    /** Says that a buffer was written (its native copy, if any, is stale). */
    private void changed(float[] buffer) {
      MirroredOperand o = operands.get(buffer);
      if (o != null) {
        o.changed();
      }
    }

    /**
     * The head's output for rows {@code [from, to)} of {@code x} (through {@code order} if not null), row-major
     * {@code (to - from) x outputWidth()}: a buffer of this workspace, valid until its next call. Dropout is active
     * when {@code context} says so, with the keys the generic path would use for that context.
     */
    float[] forward(Tensor x, int[] order, int from, int to, CallContext context) {
      int m = to - from;
      ensureCapacity(m);
      rows = m;
      Mask[] drawn = new Mask[stages.length];
      for (int s = 0; s < stages.length; s++) {
        if (stages[s].dropout != null) {
          drawn[s] = mask(s, stages[s], context);
        }
      }
      gatherAndDraw(x, order, from, m, drawn);
      float[] h = input;
      for (int s = 0; s < stages.length; s++) {
        Stage st = stages[s];
        if (st.kernel != null) {
          boolean next = s + 1 < stages.length && stages[s + 1].dropout != null;
          h = denseForward(s, st, h, m, next && dropping[s + 1]);
          if (next) {
            s++;
          }
        } else if (dropping[s]) {
          h = dropoutForward(s, st, h, m); // a Dropout after another Dropout
        }
      }
      return h;
    }

    /**
     * Copies the batch's rows into the input buffer and draws the masks of the dropping stages of this pass, as the
     * fixed row blocks of one parallel pass: neither depends on anything the products compute, so they are done
     * together before the first product instead of one after another between them.
     */
    private void gatherAndDraw(Tensor x, int[] order, int from, int m, Mask[] drawn) {
      int w = inputWidth;
      float[] in = input;
      int blocks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
      long elements = (long) m * w;
      List<HeadPasses.RowBlock> parts = new ArrayList<>();
      parts.add((r0, r1) -> {
        if (order == null) {
          x.copyTo((from + r0) * w, in, r0 * w, (r1 - r0) * w);
        } else {
          for (int r = r0; r < r1; r++) {
            x.copyTo(order[from + r] * w, in, r * w, w);
          }
        }
      });
      for (int s = 0; s < stages.length; s++) {
        Mask mask = drawn[s];
        if (mask != null) {
          float[] keep = masks[s];
          int n = stages[s].width;
          elements += (long) m * n;
          // element i of the mask takes counter i, as the generic Dropout's draw does
          parts.add((r0, r1) -> mask.key.fillBernoulli(keep, r0 * n, (r1 - r0) * n, r0 * n, mask.keep, mask.scale));
        }
      }
      int tasks = elements < GATHER_PARALLEL_ELEMENTS ? 1 : parts.size() * blocks;
      if (tasks == 1) {
        for (HeadPasses.RowBlock part : parts) {
          part.run(0, m);
        }
      } else {
        Parallel.run(tasks, t -> {
          int b = t % blocks;
          parts.get(t / blocks).run(b * ROWS_PER_TASK, Math.min(m, (b + 1) * ROWS_PER_TASK));
        });
      }
      changed(in);
    }

    /**
     * {@code activation(in W + b)} of a Dense stage, then, if {@code masked}, the (drawn) mask of the Dropout stage
     * right after it, in one pass per block of rows; returns the last of the two outputs.
     */
    private float[] denseForward(int s, Stage d, float[] in, int m, boolean masked) {
      int n = d.width;
      int k = d.inputs;
      float[] z = out[s];
      float[] b = d.bias == null ? null : d.bias.data();
      if (b != null) {
        for (int r = 0; r < m; r++) {
          System.arraycopy(b, 0, z, r * n, n);
        }
      }
      Blas.gemm().sgemm(false, false, m, n, k, 1f, operand(in), FastPathHooks.tensors().mirror(d.kernel),
          b == null ? 0f : 1f, z, 0, n);
      if (!masked) {
        byRows(m, n, (r0, r1) -> d.activation.applyInPlace(z, r0 * n, r1 * n));
        changed(z);
        return z;
      }
      int ds = s + 1;
      float[] o = out[ds];
      float[] keep = masks[ds];
      byRows(m, n, (r0, r1) -> {
        int i0 = r0 * n;
        int i1 = r1 * n;
        d.activation.applyInPlace(z, i0, i1);
        multiply(z, keep, o, i0, i1);
      });
      changed(z);
      changed(o);
      return o;
    }

    private float[] dropoutForward(int s, Stage d, float[] in, int m) {
      int n = d.width;
      float[] o = out[s];
      float[] keep = masks[s];
      byRows(m, n, (r0, r1) -> multiply(in, keep, o, r0 * n, r1 * n));
      changed(o);
      return o;
    }

    /** The key and rate of a Dropout stage in this pass, or {@code null} (and not dropping) if it passes through. */
    private Mask mask(int s, Stage d, CallContext context) {
      CallContext layerContext = context.forLayer(d.layerIndex);
      float rate = layerContext.dropoutRate(d.dropout.name(), d.dropout.rate());
      dropping[s] = layerContext.dropoutActive() && rate != 0f;
      if (!dropping[s]) {
        return null;
      }
      if (masks[s] == null) {
        masks[s] = new float[capacity * d.width];
      }
      float keep = 1f - rate;
      return new Mask(layerContext.noiseKey(d.dropout.seed()), keep, 1f / keep);
    }

    /** A buffer for the gradient with respect to the head's output, for {@link #backward}; valid until then. */
    float[] outputGradBuffer() {
      if (outputGrad == null || outputGrad.length < capacity * outputWidth()) {
        outputGrad = new float[capacity * outputWidth()];
      }
      return outputGrad;
    }

    /**
     * Back-propagates {@code dOut} (d loss / d head output of the last {@link #forward}, row-major) and sets the
     * gradient of every kernel and bias of the head, as the generic step would.
     */
    void backward(float[] dOut) {
      int m = rows;
      float[] g = dOut;
      for (int s = stages.length - 1; s >= 0; s--) {
        Stage st = stages[s];
        if (st.kernel == null) {
          continue; // the mask is applied with the Dense stage below (g * mask * f'(y), the generic order)
        }
        float[] gz = gradBuffer(s);
        int end = s + 1;
        while (end < stages.length && stages[end].kernel == null) {
          end++;
        }
        float[] mask = null;
        for (int t = end - 1; t > s; t--) { // the Dropouts after this Dense, the last one first, as autodiff does
          if (!dropping[t]) {
            continue;
          }
          if (mask != null) {
            float[] later = mask;
            float[] gg = g;
            byRows(m, st.width, (r0, r1) -> multiply(gg, later, gz, r0 * st.width, r1 * st.width));
            changed(gz);
            g = gz;
          }
          mask = masks[t];
        }
        g = denseBackward(s, st, g, mask, gz, m, s > 0);
      }
    }

    private float[] rowScratch(int n) {
      if (row.length < n) {
        row = new float[n];
      }
      return row;
    }

    private float[] gradBuffer(int s) {
      if (grads[s] == null) {
        grads[s] = new float[capacity * stages[s].width];
      }
      return grads[s];
    }

    /**
     * {@code dz = g * mask * f'(y)}, then the kernel's and the bias's gradients and, if asked, the gradient with
     * respect to the stage's input (returned).
     */
    private float[] denseBackward(int s, Stage d, float[] g, float[] mask, float[] dz, int m, boolean inputGrad) {
      int n = d.width;
      int k = d.inputs;
      float[] y = out[s];
      byRows(m, n, (r0, r1) -> {
        int i0 = r0 * n;
        int i1 = r1 * n;
        if (mask != null) {
          multiply(g, mask, dz, i0, i1);
        } else if (g != dz) {
          System.arraycopy(g, i0, dz, i0, i1 - i0);
        }
        d.activation.gradientInPlace(dz, y, i0, i1);
      });
      changed(dz);
      float[] x = s == 0 ? input : inputOf(s);
      float[] gk = kernelGrads[s];
      Blas.gemm().sgemm(true, false, k, n, m, 1f, operand(x), operand(dz), 0f, gk, 0, n);
      FastPathHooks.tensors().setGradient(d.kernel, gk);
      float[] gb = biasGrads[s];
      if (gb != null) {
        // rows added in order, each through a copy: HotSpot vectorises gb[j] += row[j] but not gb[j] += dz[o + j]
        // (summed by blocks of columns on both cores instead, each segment's four short loops cost 2.5 times the
        // CPU of this pass and the row pass together)
        java.util.Arrays.fill(gb, 0f);
        float[] row = rowScratch(n);
        for (int r = 0; r < m; r++) {
          System.arraycopy(dz, r * n, row, 0, n);
          for (int j = 0; j < n; j++) {
            gb[j] += row[j];
          }
        }
        FastPathHooks.tensors().setGradient(d.bias, gb);
      }
      if (!inputGrad) {
        return null;
      }
      float[] gx = gradBuffer(inputStage(s));
      Blas.gemm().sgemm(false, true, m, k, n, 1f, operand(dz), FastPathHooks.tensors().mirror(d.kernel), 0f, gx, 0,
          k);
      changed(gx);
      return gx;
    }

    /** The input of Dense stage {@code s > 0}: the output of the stage before it that last wrote one. */
    private float[] inputOf(int s) {
      for (int t = s - 1; t >= 0; t--) {
        if (stages[t].kernel != null || dropping[t]) {
          return out[t];
        }
      }
      return input;
    }

    /** The Dense stage whose output feeds Dense stage {@code s} (through Dropouts), for its gradient buffer. */
    private int inputStage(int s) {
      int t = s - 1;
      while (stages[t].kernel == null) {
        t--;
      }
      return t;
    }
  }

  /** A Dropout stage's key, keep probability and scale in one pass. */
  private record Mask(RngKey key, float keep, float scale) {
  }
}
