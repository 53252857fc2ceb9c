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
  /** The forward's values, in pooled buffers. */
  private LstmState st;

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
    st = LstmState.take(this, batch, steps, inDim, units, inGroups, recMask == null ? 0 : recGroups);
    compute();
    float[] hs = st.hs;
    float[] cs = st.cs;
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
      LstmState.give(st);
      st = null;
      return Tensor.wrap(shape, out);
    }
    Tensor[] inputs = bias == null ? new Tensor[] {x, kernel, recurrent} : new Tensor[] {x, kernel, recurrent, bias};
    return new Tensor(out, shape, true, inputs, this::backward);
  }

  /** The forward into {@link #st}: input projection, then the slices' recurrences. */
  private void compute() {
    int n = steps * batch;
    int wi = cols / inGroups;
    for (int g = 0; g < inGroups; g++) {
      stepMajorInput(g, st.xin[g]);
      gemm.sgemm(false, false, n, wi, inDim, 1f, st.xin[g], 0, inDim, kernel.data, g * wi, cols, 0f, st.gates,
          g * wi, cols);
    }
    Parallel.run(sliceStart.length - 1, i -> forwardSlice(sliceStart[i], sliceStart[i + 1]));
  }

  /** x (B, T, D) reordered to processing steps (T*B, D) into {@code r}, times input mask {@code g} if any. */
  private void stepMajorInput(int g, float[] r) {
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
  }

  /** The recurrence of sequences {@code [b0, b1)}. */
  private void forwardSlice(int b0, int b1) {
    int rows = b1 - b0;
    int wr = cols / recGroups;
    float[] rh = new float[rows * cols];
    float[] b = bias == null ? new float[cols] : bias.data;
    float[] gates = st.gates;
    float[] hs = st.hs;
    float[] cs = st.cs;
    float[] tc = st.tc;
    FusedActivation act = spec.activation();
    FusedActivation rec = spec.recurrentActivation();
    for (int s = 0; s < steps; s++) {
      int hp = (s * batch + b0) * units;
      int hn = hp + batch * units;
      for (int g = 0; g < recGroups && s > 0; g++) { // h_0 = 0: rh stays zero at step 0
        float[] src = hs;
        if (recMask != null) {
          src = st.hm[g];
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
        activateSum(rec, gates, gr, rh, rr, b, 0, 2 * units); // i, f
        activateSum(act, gates, gr + 2 * units, rh, rr + 2 * units, b, 2 * units, units); // candidate
        activateSum(rec, gates, gr + 3 * units, rh, rr + 3 * units, b, 3 * units, units); // o
        int cp = hp + r * units;
        int cn = hn + r * units;
        for (int j = 0; j < units; j++) {
          cs[cn + j] = gates[gr + units + j] * cs[cp + j] + gates[gr + j] * gates[gr + 2 * units + j];
        }
        System.arraycopy(cs, cn, tc, cp, units); // a(c) in place: C2 vectorizes that, not an array-to-array loop
        Recurrent.activate(act, tc, cp, tc, cp, units);
        for (int j = 0; j < units; j++) {
          hs[cn + j] = gates[gr + 3 * units + j] * tc[cp + j];
        }
      }
    }
  }

  /**
   * {@code v[o + i] = a(v[o + i] + r[ro + i] + b[bo + i])} for {@code i < n}: the gate pre-activations summed, then
   * activated in place. Two loops, because C2 vectorizes each but not the fused one (measured 1.2 vs 5.5 ns per
   * element).
   */
  private static void activateSum(FusedActivation a, float[] v, int o, float[] r, int ro, float[] b, int bo, int n) {
    for (int i = 0; i < n; i++) {
      v[o + i] += r[ro + i] + b[bo + i];
    }
    Recurrent.activate(a, v, o, v, o, n);
  }

  private void backward(float[] gOut) {
    if (!LstmState.reclaim(st, this)) { // a second backward after a later call took the buffers
      st = LstmState.take(this, batch, steps, inDim, units, inGroups, recMask == null ? 0 : recGroups);
      compute();
    }
    int n = steps * batch;
    if (st.da == null) {
      st.da = new float[n * cols];
    }
    float[] da = st.da;
    Parallel.run(sliceStart.length - 1, i -> backwardSlice(sliceStart[i], sliceStart[i + 1], gOut, da));
    float[] dR = recurrent.requiresGrad() ? new float[units * cols] : null;
    float[] dK = kernel.requiresGrad() ? new float[inDim * cols] : null;
    float[] db = bias != null && bias.requiresGrad() ? new float[cols] : null;
    Parallel.run(GATES, g -> weightGradients(g, da, dR, dK, db));
    float[] dx = x.requiresGrad() ? inputGradient(da) : null;
    LstmState.give(st);
    if (dR != null) {
      recurrent.accumulateOwned(dR);
    }
    if (dK != null) {
      kernel.accumulateOwned(dK);
    }
    if (db != null) {
      bias.accumulateOwned(db);
    }
    if (dx != null) {
      x.accumulateOwned(dx);
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
        cellBackward(da, go + r * cols, hp + r * units, dh, dc, r * units);
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

  /**
   * One row's gate gradients: from {@code dh} and the carry gradient {@code dc} (updated to the previous step's)
   * into {@code da[gr, gr + 4U)}; {@code hr} is the row's offset in the {@code (T*B, U)} arrays.
   */
  private void cellBackward(float[] da, int gr, int hr, float[] dh, float[] dc, int hb) {
    float[] gates = st.gates;
    float[] cs = st.cs;
    float[] tc = st.tc;
    FusedActivation act = spec.activation();
    FusedActivation rec = spec.recurrentActivation();
    if (act == FusedActivation.TANH && rec == FusedActivation.SIGMOID) { // Keras' default, without the switches
      for (int j = 0; j < units; j++) {
        float dhj = dh[hb + j];
        float i = gates[gr + j];
        float f = gates[gr + units + j];
        float gg = gates[gr + 2 * units + j];
        float o = gates[gr + 3 * units + j];
        float t = tc[hr + j];
        float dcj = dc[hb + j] + dhj * o * (1f - t * t);
        da[gr + j] = dcj * gg * (i * (1f - i));
        da[gr + units + j] = dcj * cs[hr + j] * (f * (1f - f));
        da[gr + 2 * units + j] = dcj * i * (1f - gg * gg);
        da[gr + 3 * units + j] = dhj * t * (o * (1f - o));
        dc[hb + j] = dcj * f;
      }
      return;
    }
    for (int j = 0; j < units; j++) {
      float dhj = dh[hb + j];
      float i = gates[gr + j];
      float f = gates[gr + units + j];
      float gg = gates[gr + 2 * units + j];
      float o = gates[gr + 3 * units + j];
      float t = tc[hr + j];
      float dcj = dc[hb + j] + dhj * o * Recurrent.derivative(act, t);
      da[gr + j] = dcj * gg * Recurrent.derivative(rec, i);
      da[gr + units + j] = dcj * cs[hr + j] * Recurrent.derivative(rec, f);
      da[gr + 2 * units + j] = dcj * i * Recurrent.derivative(act, gg);
      da[gr + 3 * units + j] = dhj * t * Recurrent.derivative(rec, o);
      dc[hb + j] = dcj * f;
    }
  }

  /** Gate block {@code g}'s columns of the weight gradients: one product over all steps and sequences each. */
  private void weightGradients(int g, float[] da, float[] dR, float[] dK, float[] db) {
    int n = steps * batch;
    int c0 = g * units;
    if (dR != null && steps > 1) { // over steps 1..T-1: h' is zero at step 0
      float[] h = recMask == null ? st.hs : st.hm[recGroups == 1 ? 0 : g];
      int skip = batch * units;
      gemm.sgemm(true, false, units, units, n - batch, 1f, h, skip, units, da, batch * cols + c0, cols, 0f, dR, c0,
          cols);
    }
    if (dK != null) {
      gemm.sgemm(true, false, inDim, units, n, 1f, st.xin[inGroups == 1 ? 0 : g], 0, inDim, da, c0, cols, 0f, dK,
          c0, cols);
    }
    if (db != null) {
      float[] sum = new float[units];
      for (int r = 0; r < n; r++) {
        int o = r * cols + c0;
        for (int j = 0; j < units; j++) {
          sum[j] += da[o + j];
        }
      }
      System.arraycopy(sum, 0, db, c0, units);
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
