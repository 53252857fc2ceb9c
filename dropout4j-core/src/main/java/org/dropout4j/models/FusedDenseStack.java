package org.dropout4j.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.DropoutFamily;
import org.dropout4j.layers.Layer;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The fused path for small multilayer perceptrons: a {@link Sequential} made only of {@link Dense} layers with a
 * fused activation (linear, relu, sigmoid, tanh) and no penalties, and plain elementwise {@link Dropout}, where
 * every Dense is narrow ({@code <= NARROW} inputs or units — the circles case study's 2-500-1 network, tabular
 * models with a handful of features or outputs). For these, the generic path's cost is not arithmetic but
 * allocation and graph bookkeeping: a 4000-epoch circles training allocates gigabytes of short-lived arrays.
 *
 * <p>Here forward and backward are written out per layer over row buffers that live in a {@link Workspace} and are
 * reused for every batch, so a training step allocates almost nothing. The semantics are the generic path's: the
 * same dropout keys (layer index, layer seed, {@code DropoutRateScheduler} overrides) and mask decisions, the same
 * loss and metric objects (the loss and its gradient with respect to the predictions come from autodiff on the
 * small output), the same optimizer step. Only the order of additions in dot products over a layer's inputs
 * differs, so results agree with the generic path to float rounding (tested), and a seed still reproduces a run
 * bit for bit.
 *
 * <p>Chosen by {@link ExecutionPlanner}; {@code -Ddropout4j.fusion=false} turns it off with every other fusion.
 */
final class FusedDenseStack {
  /** Widest input or output that makes a Dense layer narrow. */
  static final int NARROW = 16;

  private final Stage[] stages;
  private final int inputWidth;

  private FusedDenseStack(Stage[] stages, int inputWidth) {
    this.stages = stages;
    this.inputWidth = inputWidth;
  }

  /**
   * The fused plan for a built model's layers, or {@code null} if a layer is not supported (the caller takes the
   * generic path).
   */
  static FusedDenseStack plan(List<Layer> layers, Shape inputShape) {
    if (inputShape == null || inputShape.rank() != 2 || layers.isEmpty()) {
      return null;
    }
    FastPathHooks.LayerHooks hooks = FastPathHooks.layers();
    int width = inputShape.dim(1);
    int inputWidth = width;
    List<Stage> stages = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof Dense) {
        Dense d = (Dense) layer;
        int units = d.units();
        Ops.FusedActivation activation = hooks.fusedActivation(d);
        if (activation == null || hooks.hasPenalties(d) || (width > NARROW && units > NARROW)) {
          return null;
        }
        List<Parameter> w = d.weights();
        stages.add(new DenseStage(i, activation, width, units, w.get(0), d.useBias() ? w.get(1) : null));
        width = units;
      } else if (hooks.elementwiseBernoulli(layer, Shape.of(2, width))) {
        stages.add(new DropoutStage(i, (DropoutFamily) layer, width));
      } else {
        return null;
      }
    }
    return new FusedDenseStack(stages.toArray(new Stage[0]), inputWidth);
  }

  /** Fresh buffers for this plan; one per thread of use (a workspace is not thread-safe). */
  Workspace workspace() {
    return new Workspace();
  }

  /** One layer of the plan. */
  private abstract static class Stage {
    final int layerIndex;
    final int width;

    Stage(int layerIndex, int width) {
      this.layerIndex = layerIndex;
      this.width = width;
    }
  }

  /** A Dense layer: {@code activation(x · kernel + bias)}. */
  private static final class DenseStage extends Stage {
    final Ops.FusedActivation activation;
    final int inputs;
    final Parameter kernel;
    final Parameter bias;
    /** Narrow output: the kernel is kept transposed and the forward pass takes dot products. */
    final boolean dots;

    DenseStage(int layerIndex, Ops.FusedActivation activation, int inputs, int units, Parameter kernel,
        Parameter bias) {
      super(layerIndex, units);
      this.activation = activation;
      this.inputs = inputs;
      this.kernel = kernel;
      this.bias = bias;
      this.dots = units <= NARROW && inputs > units;
    }
  }

  /** A Dropout layer with one decision per element. */
  private static final class DropoutStage extends Stage {
    final DropoutFamily layer;

    DropoutStage(int layerIndex, DropoutFamily layer, int width) {
      super(layerIndex, width);
      this.layer = layer;
    }
  }

  /**
   * Row buffers for one user of the plan: activations, dropout masks, gradients and weight copies, grown to the
   * largest batch seen and reused by every call.
   */
  final class Workspace {
    private int capacity;
    private float[][] input = new float[0][];
    /** Output rows of each stage (a Dropout that is not dropping aliases its input's rows). */
    private final float[][][] out = new float[stages.length][][];
    private final float[][][] own = new float[stages.length][][];
    private final float[][][] masks = new float[stages.length][][];
    private final boolean[] dropping = new boolean[stages.length];
    /** Gradient rows with respect to each stage's output, and to its input (the previous stage's output). */
    private final float[][][] grad = new float[stages.length + 1][][];
    /** Per Dense stage: kernel rows (w[p]) or transposed kernel (w[c]), bias, and their gradients. */
    private final float[][][] weights = new float[stages.length][][];
    private final float[][][] weightGrads = new float[stages.length][][];
    private final float[][] biasGrads = new float[stages.length][];
    private final float[][] flatKernelGrads = new float[stages.length][];
    /** Per Dense stage: the product buffer of {@link RowKernels#dot}. */
    private final float[][] dotScratch = new float[stages.length][];
    private final int[] maskBits = new int[1024];
    private int rows;

    private Workspace() {
      for (int s = 0; s < stages.length; s++) {
        if (stages[s] instanceof DenseStage) {
          DenseStage d = (DenseStage) stages[s];
          boolean inPlace = d.dots ? d.width == 1 : d.inputs == 1; // see loadWeights
          weights[s] = inPlace ? new float[1][] : d.dots ? new float[d.width][d.inputs] : new float[d.inputs][d.width];
          weightGrads[s] = d.dots ? new float[d.width][d.inputs] : new float[d.inputs][d.width];
          biasGrads[s] = d.bias == null ? null : new float[d.width];
          flatKernelGrads[s] = new float[d.inputs * d.width];
          dotScratch[s] = new float[RowKernels.dotScratchLength(d.dots ? d.inputs : d.width)];
        }
      }
    }

    private void ensureCapacity(int m) {
      if (m <= capacity) {
        return;
      }
      input = new float[m][inputWidth];
      for (int s = 0; s < stages.length; s++) {
        own[s] = new float[m][stages[s].width];
        masks[s] = null; // dropout masks and gradients are allocated when first needed: inference needs neither
      }
      Arrays.fill(grad, null);
      capacity = m;
    }

    private float[][] mask(int s) {
      if (masks[s] == null) {
        masks[s] = new float[capacity][stages[s].width];
      }
      return masks[s];
    }

    /** Gradient rows with respect to the input of stage {@code s} (= the output of stage s - 1). */
    private float[][] gradRows(int s) {
      if (grad[s] == null) {
        grad[s] = new float[capacity][s == 0 ? inputWidth : stages[s - 1].width];
      }
      return grad[s];
    }

    /**
     * The model's output for rows {@code [from, to)} of {@code x} (through {@code order} if not null), as a new
     * {@code (rows, units)} tensor, with the weights of the last {@link #loadWeights}. Dropout is active when
     * {@code context} says so, with the keys the generic path would use for that context.
     */
    Tensor forward(Tensor x, int[] order, int from, int to, CallContext context) {
      int m = to - from;
      ensureCapacity(m);
      rows = m;
      for (int r = 0; r < m; r++) {
        int src = (order == null ? from + r : order[from + r]) * inputWidth;
        float[] row = input[r];
        for (int p = 0; p < inputWidth; p++) {
          row[p] = x.get(src + p);
        }
      }
      float[][] in = input;
      for (int s = 0; s < stages.length; s++) {
        Stage stage = stages[s];
        if (stage instanceof DenseStage) {
          denseForward(s, (DenseStage) stage, in, m);
        } else {
          dropoutForward(s, (DropoutStage) stage, in, m, context);
        }
        in = out[s];
      }
      int n = stages[stages.length - 1].width;
      float[] flat = new float[m * n];
      for (int r = 0; r < m; r++) {
        System.arraycopy(in[r], 0, flat, r * n, n);
      }
      return Tensor.of(Shape.of(m, n), flat);
    }

    /**
     * Copies the current kernels into the workspace's layouts: call after the weights change (an optimizer step,
     * a constraint, setWeights) and before {@link #forward}. A one-unit kernel is used in place, not copied.
     */
    void loadWeights() {
      for (int s = 0; s < stages.length; s++) {
        if (!(stages[s] instanceof DenseStage)) {
          continue;
        }
        DenseStage d = (DenseStage) stages[s];
        float[][] w = weights[s];
        float[] k = d.kernel.data();
        int n = d.width;
        if (d.dots && n == 1) {
          w[0] = k; // the (inputs, 1) kernel is its own transpose
        } else if (d.dots) {
          for (int p = 0; p < d.inputs; p++) {
            for (int c = 0; c < n; c++) {
              w[c][p] = k[p * n + c];
            }
          }
        } else if (d.inputs == 1) {
          w[0] = k;
        } else {
          for (int p = 0; p < d.inputs; p++) {
            System.arraycopy(k, p * n, w[p], 0, n);
          }
        }
      }
    }

    private void denseForward(int s, DenseStage d, float[][] in, int m) {
      float[][] w = weights[s];
      float[] b = d.bias == null ? null : d.bias.data();
      float[][] o = own[s];
      for (int r = 0; r < m; r++) {
        if (d.dots) {
          RowKernels.affineDots(o[r], in[r], w, b, dotScratch[s]);
          d.activation.applyInPlace(o[r]);
        } else {
          RowKernels.affineRows(o[r], in[r], w, b, d.activation);
        }
      }
      out[s] = o;
    }

    private void dropoutForward(int s, DropoutStage d, float[][] in, int m, CallContext context) {
      CallContext layerContext = context.forLayer(d.layerIndex);
      float rate = layerContext.dropoutRate(d.layer.name(), d.layer.rate());
      dropping[s] = layerContext.dropoutActive() && rate != 0f;
      if (!dropping[s]) {
        out[s] = in;
        return;
      }
      RngKey key = layerContext.noiseKey(d.layer.seed());
      float keep = 1f - rate;
      float scale = 1f / keep;
      float[][] mask = mask(s);
      float[][] o = own[s];
      int n = d.width;
      for (int r = 0; r < m; r++) {
        key.fillBernoulli(mask[r], r * n, keep, scale, maskBits); // element (r, j): counter r * n + j, as in Noise
        RowKernels.multiply(o[r], in[r], mask[r]);
      }
      out[s] = o;
    }

    /**
     * Back-propagates {@code dPred} (d loss / d output of the last {@link #forward}, row-major) and sets the
     * gradient of every trainable kernel and bias.
     */
    void backward(float[] dPred) {
      int m = rows;
      int last = stages.length - 1;
      int nOut = stages[last].width;
      float[][] g = gradRows(last + 1);
      for (int r = 0; r < m; r++) {
        System.arraycopy(dPred, r * nOut, g[r], 0, nOut);
      }
      for (int s = last; s >= 0; s--) {
        float[][] in = s == 0 ? input : out[s - 1];
        boolean needInputGrad = s > 0;
        Stage stage = stages[s];
        if (stage instanceof DenseStage) {
          g = denseBackward(s, (DenseStage) stage, in, g, m, needInputGrad);
        } else if (dropping[s] && s > 0) {
          float[][] gin = gradRows(s);
          float[][] mask = masks[s];
          for (int r = 0; r < m; r++) {
            RowKernels.multiply(gin[r], g[r], mask[r]);
          }
          g = gin;
        } // a Dropout that did not drop passes the gradient through unchanged
      }
    }

    private float[][] denseBackward(int s, DenseStage d, float[][] in, float[][] g, int m, boolean needInputGrad) {
      float[][] y = own[s];
      float[][] w = weights[s];
      float[][] gw = weightGrads[s];
      float[] gb = biasGrads[s];
      for (float[] row : gw) {
        Arrays.fill(row, 0f);
      }
      if (gb != null) {
        Arrays.fill(gb, 0f);
      }
      float[][] gin = needInputGrad ? gradRows(s) : null;
      int n = d.width;
      for (int r = 0; r < m; r++) {
        float[] dz = g[r];
        d.activation.gradientInPlace(dz, y[r]);
        if (gb != null) {
          RowKernels.add(gb, dz);
        }
        float[] x = in[r];
        if (d.dots) {
          for (int c = 0; c < n; c++) {
            RowKernels.axpy(gw[c], dz[c], x);
          }
          if (needInputGrad) {
            float[] gx = gin[r];
            Arrays.fill(gx, 0f);
            for (int c = 0; c < n; c++) {
              RowKernels.axpy(gx, dz[c], w[c]);
            }
          }
        } else {
          for (int p = 0; p < d.inputs; p++) {
            RowKernels.axpy(gw[p], x[p], dz);
          }
          if (needInputGrad) {
            float[] gx = gin[r];
            for (int p = 0; p < d.inputs; p++) {
              gx[p] = RowKernels.dot(dz, w[p], dotScratch[s]);
            }
          }
        }
      }
      // every weight gets its gradient; the optimizer steps those fit trains
      float[] flat = flatKernelGrads[s];
      if (d.dots && n == 1) {
        flat = gw[0]; // the (inputs, 1) kernel's gradient is its own transpose
      } else if (d.dots) {
        for (int c = 0; c < n; c++) {
          float[] col = gw[c];
          for (int p = 0; p < d.inputs; p++) {
            flat[p * n + c] = col[p];
          }
        }
      } else {
        for (int p = 0; p < d.inputs; p++) {
          System.arraycopy(gw[p], 0, flat, p * n, n);
        }
      }
      FastPathHooks.tensors().setGradient(d.kernel, flat);
      if (gb != null) {
        FastPathHooks.tensors().setGradient(d.bias, gb);
      }
      return gin;
    }
  }
}
