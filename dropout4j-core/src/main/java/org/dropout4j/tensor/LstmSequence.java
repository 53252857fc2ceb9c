package org.dropout4j.tensor;

import org.dropout4j.tensor.Ops.FusedActivation;
import org.dropout4j.tensor.Recurrent.Spec;
import org.dropout4j.tensor.blas.Blas;
import org.dropout4j.tensor.blas.Gemm;

/**
 * The fused LSTM of {@link Recurrent#run} for {@link Recurrent.Cell#LSTM}: one forward over the whole sequence and
 * a hand-written backward through time, with the batch cut into slices that run their recurrences in parallel.
 *
 * <p>Layout: every per-step array is step-major, row {@code s * B + b} holding sequence {@code b} at processing
 * step {@code s}, so the rows of one slice at one step are contiguous and the weight gradients are single products
 * over all {@code T * B} rows.
 * <ol>
 *   <li>Input projection of every step, one GEMM per input-mask group: {@code pre (T*B, 4U) = x' K}.</li>
 *   <li>The recurrence, one {@link Parallel} task per batch slice ({@link #slices}, fixed by the batch size, never
 *       by the thread count): per step {@code h' R} (one GEMM per recurrent-mask group), then gates, carry and
 *       output in one pass per row. Backward the same slices run the recurrence in reverse, writing the gate
 *       gradients {@code da (T*B, 4U)}.</li>
 *   <li>Weight gradients, one task per gate block {@code g} (4 tasks): {@code dR_g = H'_g^T da_g},
 *       {@code dK_g = X'_g^T da_g} and the bias column sums, each one product over all steps and sequences.</li>
 * </ol>
 * Each slice and each gate block writes only its own rows or columns, and sums in an order fixed by the shapes, so
 * the result does not depend on how many threads run the tasks.
 */
final class LstmSequence {
  /** A slice has at least this many sequences. */
  static final int MIN_SLICE_ROWS = 32;
  /** Most slices a batch is cut into. */
  static final int MAX_SLICES = 2;
  private static final int GATES = 4;

  private final Spec spec;
  private final Tensor x;
  private final Tensor kernel;
  private final Tensor recurrent;
  private final Tensor bias;
  private final float[] inMask;
  private final float[] recMask;
  private final int batch;
  private final int steps;
  private final int inDim;
  private final int units;
  private final int cols;
  private final int inGroups;
  private final int recGroups;
  private final int outWidth;
  private final int[] sliceStart;
  private final Gemm gemm = Blas.gemm();
  /** Masked inputs per input group, step-major {@code (T*B, D)}. */
  private float[][] xin;
  /** Gate activations i f g o per step, {@code (T*B, 4U)}. */
  private float[] gates;
  /** h before step s in slot s, {@code ((T+1)*B, U)}; slot 0 zeros. */
  private float[] hs;
  /** Carries like {@link #hs}. */
  private float[] cs;
  /** a(c) after each step, {@code (T*B, U)}. */
  private float[] tc;
  /** Masked h' per recurrent group, {@code (T*B, U)}; null without a recurrent mask. */
  private float[][] hm;

  LstmSequence(Spec spec, Tensor x, Tensor kernel, Tensor recurrent, Tensor bias, Tensor inputMask,
      Tensor recurrentMask, int inGroups, int recGroups) {
    this.spec = spec;
    this.x = x;
    this.kernel = kernel;
    this.recurrent = recurrent;
    this.bias = bias;
    this.inMask = inputMask == null ? null : inputMask.data;
    this.recMask = recurrentMask == null ? null : recurrentMask.data;
    this.inGroups = inGroups;
    this.recGroups = recGroups;
    batch = x.shape.dim(0);
    steps = x.shape.dim(1);
    inDim = x.shape.dim(2);
    units = recurrent.shape.dim(0);
    cols = GATES * units;
    outWidth = (spec.returnSequences() ? steps : 1) * units + (spec.withCarry() ? units : 0);
    int slices = slices(batch);
    sliceStart = new int[slices + 1];
    for (int i = 0; i <= slices; i++) {
      sliceStart[i] = (int) ((long) batch * i / slices);
    }
  }

  /** Slices of a batch: as many of at least {@link #MIN_SLICE_ROWS} sequences as fit, at most {@link #MAX_SLICES}. */
  static int slices(int batch) {
    return Math.max(1, Math.min(MAX_SLICES, batch / MIN_SLICE_ROWS));
  }

  Tensor forward() {
    int n = steps * batch;
    gates = new float[n * cols];
    xin = new float[inGroups][];
    int wi = cols / inGroups;
    for (int g = 0; g < inGroups; g++) {
      xin[g] = stepMajorInput(g);
      gemm.sgemm(false, false, n, wi, inDim, 1f, xin[g], 0, inDim, kernel.data, g * wi, cols, 0f, gates, g * wi,
          cols);
    }
    hs = new float[(steps + 1) * batch * units];
    cs = new float[hs.length];
    tc = new float[n * units];
    hm = recMask == null ? null : new float[recGroups][n * units];
    Parallel.run(sliceStart.length - 1, i -> forwardSlice(sliceStart[i], sliceStart[i + 1]));
    float[] out = new float[batch * outWidth];
    for (int s = spec.returnSequences() ? 0 : steps - 1; s < steps; s++) {
      int at = spec.returnSequences() ? s * units : 0;
      for (int b = 0; b < batch; b++) {
        System.arraycopy(hs, ((s + 1) * batch + b) * units, out, b * outWidth + at, units);
      }
    }
    if (spec.withCarry()) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(cs, (steps * batch + b) * units, out, b * outWidth + outWidth - units, units);
      }
    }
    Shape shape = spec.withCarry() ? Shape.of(batch, outWidth)
        : spec.returnSequences() ? Shape.of(batch, steps, units) : Shape.of(batch, units);
    boolean record = x.requiresGrad() || kernel.requiresGrad() || recurrent.requiresGrad()
        || (bias != null && bias.requiresGrad());
    if (!record) {
      return Tensor.wrap(shape, out);
    }
    Tensor[] inputs = bias == null ? new Tensor[] {x, kernel, recurrent} : new Tensor[] {x, kernel, recurrent, bias};
    return new Tensor(out, shape, true, inputs, this::backward);
  }

  /** x (B, T, D) reordered to processing steps (T*B, D), times input mask {@code g} if there is one. */
  private float[] stepMajorInput(int g) {
    float[] r = new float[steps * batch * inDim];
    int mo = g * batch * inDim;
    for (int s = 0; s < steps; s++) {
      int t = spec.goBackwards() ? steps - 1 - s : s;
      for (int b = 0; b < batch; b++) {
        int src = (b * steps + t) * inDim;
        int dst = (s * batch + b) * inDim;
        if (inMask == null) {
          System.arraycopy(x.data, src, r, dst, inDim);
        } else {
          int m = mo + b * inDim;
          for (int d = 0; d < inDim; d++) {
            r[dst + d] = x.data[src + d] * inMask[m + d];
          }
        }
      }
    }
    return r;
  }

  /** The recurrence of sequences {@code [b0, b1)}. */
  private void forwardSlice(int b0, int b1) {
    int rows = b1 - b0;
    int wr = cols / recGroups;
    float[] rh = new float[rows * cols];
    FusedActivation act = spec.activation();
    FusedActivation rec = spec.recurrentActivation();
    for (int s = 0; s < steps; s++) {
      int hp = (s * batch + b0) * units;
      int hn = hp + batch * units;
      for (int g = 0; g < recGroups; g++) {
        float[] src = hs;
        if (recMask != null) {
          src = hm[g];
          int mo = g * batch * units + b0 * units;
          for (int i = 0; i < rows * units; i++) {
            src[hp + i] = hs[hp + i] * recMask[mo + i];
          }
        }
        gemm.sgemm(false, false, rows, wr, units, 1f, src, hp, units, recurrent.data, g * wr, cols, 0f, rh, g * wr,
            cols);
      }
      int go = (s * batch + b0) * cols;
      for (int r = 0; r < rows; r++) {
        int gr = go + r * cols;
        int rr = r * cols;
        if (bias == null) {
          for (int c = 0; c < cols; c++) {
            gates[gr + c] += rh[rr + c];
          }
        } else {
          float[] bv = bias.data;
          for (int c = 0; c < cols; c++) {
            gates[gr + c] += rh[rr + c] + bv[c];
          }
        }
        Recurrent.activate(rec, gates, gr, gates, gr, 2 * units); // i, f
        Recurrent.activate(act, gates, gr + 2 * units, gates, gr + 2 * units, units); // candidate
        Recurrent.activate(rec, gates, gr + 3 * units, gates, gr + 3 * units, units); // o
        int cp = hp + r * units;
        int cn = hn + r * units;
        for (int j = 0; j < units; j++) {
          cs[cn + j] = gates[gr + units + j] * cs[cp + j] + gates[gr + j] * gates[gr + 2 * units + j];
        }
        Recurrent.activate(act, cs, cn, tc, cp, units);
        for (int j = 0; j < units; j++) {
          hs[cn + j] = gates[gr + 3 * units + j] * tc[cp + j];
        }
      }
    }
  }

  private void backward(float[] gOut) {
    int n = steps * batch;
    float[] da = new float[n * cols];
    Parallel.run(sliceStart.length - 1, i -> backwardSlice(sliceStart[i], sliceStart[i + 1], gOut, da));
    float[] dR = recurrent.requiresGrad() ? new float[units * cols] : null;
    float[] dK = kernel.requiresGrad() ? new float[inDim * cols] : null;
    float[] db = bias != null && bias.requiresGrad() ? new float[cols] : null;
    Parallel.run(GATES, g -> weightGradients(g, da, dR, dK, db));
    if (dR != null) {
      recurrent.accumulateOwned(dR);
    }
    if (dK != null) {
      kernel.accumulateOwned(dK);
    }
    if (db != null) {
      bias.accumulateOwned(db);
    }
    if (x.requiresGrad()) {
      x.accumulateOwned(inputGradient(da));
    }
  }

  /** The reverse recurrence of sequences {@code [b0, b1)}: gate gradients into their rows of {@code da}. */
  private void backwardSlice(int b0, int b1, float[] gOut, float[] da) {
    int rows = b1 - b0;
    int ru = rows * units;
    int wr = cols / recGroups;
    float[] dh = new float[ru];
    float[] dhNext = new float[ru];
    float[] dc = new float[ru];
    float[] dhm = recMask == null ? null : new float[ru];
    FusedActivation act = spec.activation();
    FusedActivation rec = spec.recurrentActivation();
    int seqWidth = (spec.returnSequences() ? steps : 1) * units;
    if (spec.withCarry()) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(gOut, (b0 + r) * outWidth + seqWidth, dc, r * units, units);
      }
    }
    for (int s = steps - 1; s >= 0; s--) {
      if (spec.returnSequences() || s == steps - 1) {
        int at = spec.returnSequences() ? s * units : 0;
        for (int r = 0; r < rows; r++) {
          int gb = (b0 + r) * outWidth + at;
          int hb = r * units;
          for (int j = 0; j < units; j++) {
            dh[hb + j] += gOut[gb + j];
          }
        }
      }
      int hp = (s * batch + b0) * units;
      int go = (s * batch + b0) * cols;
      for (int r = 0; r < rows; r++) {
        int gr = go + r * cols;
        int hb = r * units;
        int cp = hp + hb;
        for (int j = 0; j < units; j++) {
          float dhj = dh[hb + j];
          float i = gates[gr + j];
          float f = gates[gr + units + j];
          float gg = gates[gr + 2 * units + j];
          float o = gates[gr + 3 * units + j];
          float t = tc[cp + j];
          float dcj = dc[hb + j] + dhj * o * Recurrent.derivative(act, t);
          da[gr + j] = dcj * gg * Recurrent.derivative(rec, i);
          da[gr + units + j] = dcj * cs[cp + j] * Recurrent.derivative(rec, f);
          da[gr + 2 * units + j] = dcj * i * Recurrent.derivative(act, gg);
          da[gr + 3 * units + j] = dhj * t * Recurrent.derivative(rec, o);
          dc[hb + j] = dcj * f;
        }
      }
      if (s == 0) {
        break;
      }
      // dh_prev = sum over groups of (da_g R_g^T) * mask_g
      for (int g = 0; g < recGroups; g++) {
        if (recMask == null) {
          gemm.sgemm(false, true, rows, units, wr, 1f, da, go, cols, recurrent.data, 0, cols, 0f, dhNext, 0, units);
        } else {
          gemm.sgemm(false, true, rows, units, wr, 1f, da, go + g * wr, cols, recurrent.data, g * wr, cols, 0f, dhm,
              0, units);
          int mo = g * batch * units + b0 * units;
          if (g == 0) {
            for (int i = 0; i < ru; i++) {
              dhNext[i] = dhm[i] * recMask[mo + i];
            }
          } else {
            for (int i = 0; i < ru; i++) {
              dhNext[i] += dhm[i] * recMask[mo + i];
            }
          }
        }
      }
      float[] swap = dh;
      dh = dhNext;
      dhNext = swap;
    }
  }

  /** Gate block {@code g}'s columns of the weight gradients: one product over all steps and sequences each. */
  private void weightGradients(int g, float[] da, float[] dR, float[] dK, float[] db) {
    int n = steps * batch;
    int c0 = g * units;
    if (dR != null) {
      float[] h = recMask == null ? hs : hm[recGroups == 1 ? 0 : g];
      gemm.sgemm(true, false, units, units, n, 1f, h, 0, units, da, c0, cols, 0f, dR, c0, cols);
    }
    if (dK != null) {
      gemm.sgemm(true, false, inDim, units, n, 1f, xin[inGroups == 1 ? 0 : g], 0, inDim, da, c0, cols, 0f, dK, c0,
          cols);
    }
    if (db != null) {
      for (int r = 0; r < n; r++) {
        int o = r * cols + c0;
        for (int j = 0; j < units; j++) {
          db[c0 + j] += da[o + j];
        }
      }
    }
  }

  /** dx (B, T, D) = sum over input groups of (da_g K_g^T) * mask_g, back in x's layout. */
  private float[] inputGradient(float[] da) {
    int n = steps * batch;
    int wi = cols / inGroups;
    float[] dx = new float[n * inDim];
    float[] tmp = new float[n * inDim];
    for (int g = 0; g < inGroups; g++) {
      gemm.sgemm(false, true, n, inDim, wi, 1f, da, g * wi, cols, kernel.data, g * wi, cols, 0f, tmp, 0, inDim);
      int mo = g * batch * inDim;
      for (int s = 0; s < steps; s++) {
        int t = spec.goBackwards() ? steps - 1 - s : s;
        for (int b = 0; b < batch; b++) {
          int src = (s * batch + b) * inDim;
          int dst = (b * steps + t) * inDim;
          for (int d = 0; d < inDim; d++) {
            dx[dst + d] += inMask == null ? tmp[src + d] : tmp[src + d] * inMask[mo + b * inDim + d];
          }
        }
      }
    }
    return dx;
  }
}
