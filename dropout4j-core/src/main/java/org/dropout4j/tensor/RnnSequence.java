package org.dropout4j.tensor;

import org.dropout4j.tensor.Ops.FusedActivation;
import org.dropout4j.tensor.blas.Blas;
import org.dropout4j.tensor.blas.Gemm;

/**
 * One SimpleRNN or GRU forward pass over a sequence and the state its backward needs (the LSTM has its own,
 * {@link LstmSequence}); run through {@link Recurrent#run}.
 */
final class RnnSequence {
  private final Recurrent.Spec spec;
  private final Recurrent.Cell cell;
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
  /** GRU with reset_after=False: the group loops cover only the z and r blocks. */
  private final boolean resetBefore;
  /** Offset of the recurrent mask of the h block (GRU reset_after=False), -1 without masks. */
  private final int hMask;
  private final int outWidth;
  private final boolean record;
  private final Gemm gemm = Blas.gemm();
  /** Masked inputs per input group (or x itself), kept for dKernel. */
  private float[][] xin;
  /** h after each step in processing order, slot 0 = zeros; 2 rotating slots without recording. */
  private float[] hs;
  /** Gate activations per step (B, G*U): GRU z r hh. */
  private float[] gates;
  /** GRU the recurrent h block (h'R_h + b1_h) per step; GRU reset_after=False r * h'_h. */
  private float[] extra;

  RnnSequence(Recurrent.Spec spec, Tensor x, Tensor kernel, Tensor recurrent, Tensor bias, Tensor inputMask,
      Tensor recurrentMask, int inGroups, int recGroups) {
    this.spec = spec;
    this.cell = spec.cell();
    this.x = x;
    this.kernel = kernel;
    this.recurrent = recurrent;
    this.bias = bias;
    batch = x.shape.dim(0);
    steps = x.shape.dim(1);
    inDim = x.shape.dim(2);
    units = recurrent.shape.dim(0);
    cols = cell.gates() * units;
    resetBefore = cell == Recurrent.Cell.GRU_RESET_BEFORE;
    hMask = recurrentMask == null ? -1 : (recurrentMask.shape.dim(0) == 1 ? 0 : 2) * batch * units;
    this.inGroups = inGroups;
    this.recGroups = recGroups;
    inMask = inputMask == null ? null : inputMask.data;
    recMask = recurrentMask == null ? null : recurrentMask.data;
    int tOut = spec.returnSequences() ? steps : 1;
    outWidth = tOut * units;
    record = x.requiresGrad() || kernel.requiresGrad() || recurrent.requiresGrad()
        || (bias != null && bias.requiresGrad());
  }

  /** Mask groups of the recurrent product h'R (GRU reset_after=False: only z and r go through it). */
  private int loopGroups() {
    return resetBefore && recGroups > 1 ? 2 : recGroups;
  }

  private int slot(int s) {
    return (record ? s : s & 1) * batch * units;
  }

  Tensor forward() {
    int n = batch * steps;
    // input projection of every step: xw (B*T, G*U) = x' K + input bias
    float[] xw = new float[n * cols];
    if (bias != null) {
      for (int r = 0; r < n; r++) {
        System.arraycopy(bias.data, 0, xw, r * cols, cols);
      }
    }
    xin = new float[inGroups][];
    int wi = cols / inGroups;
    for (int g = 0; g < inGroups; g++) {
      xin[g] = inMask == null ? x.data : maskedInput(g);
      gemm.sgemm(false, false, n, wi, inDim, 1f, xin[g], 0, inDim, kernel.data, g * wi, cols,
          bias == null ? 0f : 1f, xw, g * wi, cols);
    }
    int stored = record ? steps : 1;
    hs = new float[(record ? steps + 1 : 2) * batch * units];
    gates = cell == Recurrent.Cell.SIMPLE ? null : new float[stored * batch * cols];
    int loopGroups = loopGroups();
    int wr = (resetBefore ? 2 * units : cols) / loopGroups;
    extra = cell == Recurrent.Cell.SIMPLE ? null : new float[stored * batch * units];
    float[] rh = new float[batch * cols];
    float[] hm = recMask == null ? null : new float[batch * units];
    float[] out = new float[batch * outWidth];
    FusedActivation act = spec.activation();
    FusedActivation rec = spec.recurrentActivation();
    for (int s = 0; s < steps; s++) {
      int t = spec.goBackwards() ? steps - 1 - s : s;
      int hp = slot(s);
      int hn = slot(s + 1);
      // recurrent projection rh (B, G*U) = h' R (+ recurrent bias for GRU)
      boolean recBias = cell == Recurrent.Cell.GRU && bias != null;
      if (recBias) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(bias.data, cols, rh, b * cols, cols);
        }
      }
      for (int g = 0; g < loopGroups; g++) {
        float[] src = hs;
        int off = hp;
        if (recMask != null) {
          maskState(hs, hp, g, hm);
          src = hm;
          off = 0;
        }
        gemm.sgemm(false, false, batch, wr, units, 1f, src, off, units, recurrent.data, g * wr, cols,
            recBias ? 1f : 0f, rh, g * wr, cols);
      }
      int gs = (record ? s : 0) * batch * cols;
      int es = (record ? s : 0) * batch * units;
      for (int b = 0; b < batch; b++) {
        int xo = (b * steps + t) * cols;
        int ro = b * cols;
        int hb = b * units;
        int go = gs + b * cols;
        switch (cell) {
          case SIMPLE:
            for (int j = 0; j < units; j++) {
              rh[ro + j] += xw[xo + j];
            }
            Recurrent.activate(act, rh, ro, hs, hn + hb, units);
            break;
          case GRU_RESET_BEFORE: {
            for (int c = 0; c < 2 * units; c++) {
              gates[go + c] = xw[xo + c] + rh[ro + c];
            }
            Recurrent.activate(rec, gates, go, gates, go, 2 * units); // z, r
            for (int j = 0; j < units; j++) { // r * h'_h, the left operand of the h block's product
              float m = hMask < 0 ? 1f : recMask[hMask + hb + j];
              extra[es + hb + j] = gates[go + units + j] * hs[hp + hb + j] * m;
            }
            break;
          }
          default: { // GRU
            for (int c = 0; c < 2 * units; c++) {
              gates[go + c] = xw[xo + c] + rh[ro + c];
            }
            Recurrent.activate(rec, gates, go, gates, go, 2 * units); // z, r
            System.arraycopy(rh, ro + 2 * units, extra, es + hb, units);
            for (int j = 0; j < units; j++) {
              gates[go + 2 * units + j] = xw[xo + 2 * units + j] + gates[go + units + j] * rh[ro + 2 * units + j];
            }
            Recurrent.activate(act, gates, go + 2 * units, gates, go + 2 * units, units); // hh
            for (int j = 0; j < units; j++) {
              float z = gates[go + j];
              hs[hn + hb + j] = z * hs[hp + hb + j] + (1f - z) * gates[go + 2 * units + j];
            }
          }
        }
      }
      if (resetBefore) {
        gemm.sgemm(false, false, batch, units, units, 1f, extra, es, units, recurrent.data, 2 * units, cols, 0f, rh,
            2 * units, cols);
        for (int b = 0; b < batch; b++) {
          int xo = (b * steps + t) * cols + 2 * units;
          int ro = b * cols + 2 * units;
          int go = gs + b * cols;
          int hb = b * units;
          for (int j = 0; j < units; j++) {
            gates[go + 2 * units + j] = xw[xo + j] + rh[ro + j];
          }
          Recurrent.activate(act, gates, go + 2 * units, gates, go + 2 * units, units); // hh
          for (int j = 0; j < units; j++) {
            float z = gates[go + j];
            hs[hn + hb + j] = z * hs[hp + hb + j] + (1f - z) * gates[go + 2 * units + j];
          }
        }
      }
      for (int b = 0; b < batch; b++) {
        int hb = b * units;
        if (spec.returnSequences() || s == steps - 1) {
          System.arraycopy(hs, hn + hb, out, b * outWidth + (spec.returnSequences() ? s * units : 0), units);
        }
      }
    }
    Shape shape = spec.returnSequences() ? Shape.of(batch, steps, units) : Shape.of(batch, units);
    if (!record) {
      return Tensor.wrap(shape, out);
    }
    Tensor[] inputs = bias == null ? new Tensor[] {x, kernel, recurrent} : new Tensor[] {x, kernel, recurrent, bias};
    return new Tensor(out, shape, true, inputs, this::backward);
  }

  private float[] maskedInput(int g) {
    float[] r = new float[x.data.length];
    int mo = g * batch * inDim;
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        int o = (b * steps + t) * inDim;
        for (int d = 0; d < inDim; d++) {
          r[o + d] = x.data[o + d] * inMask[mo + b * inDim + d];
        }
      }
    }
    return r;
  }

  private void maskState(float[] h, int offset, int g, float[] dst) {
    int mo = g * batch * units;
    for (int i = 0; i < batch * units; i++) {
      dst[i] = h[offset + i] * recMask[mo + i];
    }
  }

  private void backward(float[] gOut) {
    int n = batch * steps;
    int bu = batch * units;
    float[] dxw = new float[n * cols];
    float[] dR = recurrent.requiresGrad() ? new float[units * cols] : null;
    float[] dRecBias = cell == Recurrent.Cell.GRU && bias != null ? new float[cols] : null;
    float[] dh = new float[bu];
    float[] dhNext = new float[bu];
    float[] da = new float[batch * cols];
    float[] dhm = new float[bu];
    float[] hm = recMask == null ? null : new float[bu];
    float[] dahBuf = resetBefore ? new float[bu] : null;
    float[] drh = resetBefore ? new float[bu] : null;
    int loopGroups = loopGroups();
    int wr = (resetBefore ? 2 * units : cols) / loopGroups;
    FusedActivation act = spec.activation();
    FusedActivation rec = spec.recurrentActivation();
    for (int s = steps - 1; s >= 0; s--) {
      int t = spec.goBackwards() ? steps - 1 - s : s;
      int hp = slot(s);
      int hn = slot(s + 1);
      int gs = s * batch * cols;
      int es = s * bu;
      for (int b = 0; b < batch; b++) {
        int hb = b * units;
        int ao = b * cols;
        int xo = (b * steps + t) * cols;
        int go = gs + b * cols;
        if (spec.returnSequences() || s == steps - 1) {
          int gb = b * outWidth + (spec.returnSequences() ? s * units : 0);
          for (int j = 0; j < units; j++) {
            dh[hb + j] += gOut[gb + j];
          }
        }
        for (int j = 0; j < units; j++) {
          float dhj = dh[hb + j];
          switch (cell) {
            case SIMPLE: {
              float d = dhj * Recurrent.derivative(act, hs[hn + hb + j]);
              da[ao + j] = d;
              dxw[xo + j] = d;
              dhNext[hb + j] = 0f;
              break;
            }
            case GRU_RESET_BEFORE: {
              float z = gates[go + j];
              float hh = gates[go + 2 * units + j];
              float d = dhj * (1f - z) * Recurrent.derivative(act, hh);
              float dz = dhj * (hs[hp + hb + j] - hh) * Recurrent.derivative(rec, z);
              da[ao + j] = dz;
              dxw[xo + j] = dz;
              dxw[xo + 2 * units + j] = d;
              dahBuf[hb + j] = d;
              dhNext[hb + j] = dhj * z;
              break;
            }
            default: { // GRU
              float z = gates[go + j];
              float r = gates[go + units + j];
              float hh = gates[go + 2 * units + j];
              float rhh = extra[es + hb + j];
              float hprev = hs[hp + hb + j];
              float dah = dhj * (1f - z) * Recurrent.derivative(act, hh);
              float dz = dhj * (hprev - hh) * Recurrent.derivative(rec, z);
              float dr = dah * rhh * Recurrent.derivative(rec, r);
              da[ao + j] = dz;
              da[ao + units + j] = dr;
              da[ao + 2 * units + j] = dah * r;
              dxw[xo + j] = dz;
              dxw[xo + units + j] = dr;
              dxw[xo + 2 * units + j] = dah;
              dhNext[hb + j] = dhj * z;
            }
          }
        }
      }
      if (resetBefore) {
        // hh = a(xh + (r * h'_h) R_h): d(r * h'_h) = dah R_h^T, dR_h += (r * h'_h)^T dah
        gemm.sgemm(false, true, batch, units, units, 1f, dahBuf, 0, units, recurrent.data, 2 * units, cols, 0f,
            drh, 0, units);
        if (dR != null) {
          gemm.sgemm(true, false, units, units, batch, 1f, extra, es, units, dahBuf, 0, units, 1f, dR, 2 * units,
              cols);
        }
        for (int b = 0; b < batch; b++) {
          int hb = b * units;
          int go = gs + b * cols;
          int ao = b * cols;
          int xo = (b * steps + t) * cols;
          for (int j = 0; j < units; j++) {
            float r = gates[go + units + j];
            float m = hMask < 0 ? 1f : recMask[hMask + hb + j];
            float dr = drh[hb + j] * hs[hp + hb + j] * m * Recurrent.derivative(rec, r);
            da[ao + units + j] = dr;
            dxw[xo + units + j] = dr;
            dhNext[hb + j] += drh[hb + j] * r * m;
          }
        }
      }
      if (dRecBias != null) {
        for (int b = 0; b < batch; b++) {
          int ao = b * cols;
          for (int c = 0; c < cols; c++) {
            dRecBias[c] += da[ao + c];
          }
        }
      }
      // through the recurrent product: dR += h'^T da, dh_prev += (da R^T) * mask
      for (int g = 0; g < loopGroups; g++) {
        float[] src = hs;
        int off = hp;
        if (recMask != null) {
          maskState(hs, hp, g, hm);
          src = hm;
          off = 0;
        }
        if (dR != null) {
          gemm.sgemm(true, false, units, wr, batch, 1f, src, off, units, da, g * wr, cols, 1f, dR, g * wr, cols);
        }
        if (s > 0) {
          if (recMask == null) {
            gemm.sgemm(false, true, batch, units, wr, 1f, da, g * wr, cols, recurrent.data, g * wr, cols, 1f,
                dhNext, 0, units);
          } else {
            gemm.sgemm(false, true, batch, units, wr, 1f, da, g * wr, cols, recurrent.data, g * wr, cols, 0f,
                dhm, 0, units);
            int mo = g * bu;
            for (int i = 0; i < bu; i++) {
              dhNext[i] += dhm[i] * recMask[mo + i];
            }
          }
        }
      }
      float[] swap = dh;
      dh = dhNext;
      dhNext = swap;
    }
    if (dR != null) {
      recurrent.accumulateOwned(dR);
    }
    if (bias != null && bias.requiresGrad()) {
      float[] db = new float[bias.data.length];
      for (int r = 0; r < n; r++) {
        int o = r * cols;
        for (int c = 0; c < cols; c++) {
          db[c] += dxw[o + c];
        }
      }
      if (dRecBias != null) {
        System.arraycopy(dRecBias, 0, db, cols, cols);
      }
      bias.accumulateOwned(db);
    }
    int wi = cols / inGroups;
    if (kernel.requiresGrad()) {
      float[] dk = new float[inDim * cols];
      for (int g = 0; g < inGroups; g++) {
        gemm.sgemm(true, false, inDim, wi, n, 1f, xin[g], 0, inDim, dxw, g * wi, cols, 0f, dk, g * wi, cols);
      }
      kernel.accumulateOwned(dk);
    }
    if (x.requiresGrad()) {
      float[] dx = new float[n * inDim];
      float[] tmp = inMask == null ? null : new float[n * inDim];
      for (int g = 0; g < inGroups; g++) {
        if (inMask == null) {
          gemm.sgemm(false, true, n, inDim, wi, 1f, dxw, g * wi, cols, kernel.data, g * wi, cols, 1f, dx, 0,
              inDim);
        } else {
          gemm.sgemm(false, true, n, inDim, wi, 1f, dxw, g * wi, cols, kernel.data, g * wi, cols, 0f, tmp, 0,
              inDim);
          int mo = g * batch * inDim;
          for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
              int o = (b * steps + t) * inDim;
              for (int d = 0; d < inDim; d++) {
                dx[o + d] += tmp[o + d] * inMask[mo + b * inDim + d];
              }
            }
          }
        }
      }
      x.accumulateOwned(dx);
    }
  }
}
