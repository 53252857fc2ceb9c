package org.dropout4j.tensor;

import org.dropout4j.tensor.Ops.FusedActivation;
import org.dropout4j.tensor.blas.Blas;
import org.dropout4j.tensor.blas.Gemm;

/**
 * The fused recurrent kernels behind SimpleRNN, GRU and LSTM: one op for a whole sequence, with a hand-written
 * backward through time, checked against finite differences in the tests.
 *
 * <p>Weights in the Keras 3 layout: {@code kernel (D, G*U)}, {@code recurrent_kernel (U, G*U)}, gates side by side
 * in Keras' order (LSTM {@code i, f, c, o}; GRU {@code z, r, h}; SimpleRNN one block); {@code bias (G*U)}, or for
 * GRU with {@code reset_after} {@code (2, 3*U)} (row 0 input bias, row 1 recurrent bias; {@code (3*U)} for
 * {@link Cell#GRU_RESET_BEFORE}). The cells, with
 * {@code x'} the masked input, {@code h'} the masked previous output, {@code s} the recurrent activation and
 * {@code a} the activation:
 * <ul>
 *   <li>SimpleRNN: {@code h = a(x'K + h'R + b)}</li>
 *   <li>LSTM: {@code [i f g o] = x'K + h'R + b}, {@code c = s(f) c_prev + s(i) a(g)}, {@code h = s(o) a(c)}</li>
 *   <li>GRU (reset_after): {@code [xz xr xh] = x'K + b0}, {@code [rz rr rh] = h'R + b1}, {@code z = s(xz + rz)},
 *       {@code r = s(xr + rr)}, {@code hh = a(xh + r rh)}, {@code h = z h_prev + (1 - z) hh} (unmasked
 *       {@code h_prev})</li>
 * </ul>
 *
 * <p>Dropout masks are given, not drawn: an input mask {@code (M, B, D)} and a recurrent mask {@code (M, B, U)},
 * constant over time, with {@code M = 1} (one mask for all gates) or {@code M = G} (gate {@code g} reads mask
 * {@code g}), as Keras' cells do.
 *
 * <p>Cost: the input projection of all time steps is one GEMM {@code (B*T, D) x (D, G*U)} per mask, each step
 * one GEMM {@code (B, U) x (U, G*U)} per mask forward and two backward; the kernel and input gradients are one
 * GEMM each per mask after the loop. LSTM runs in {@link LstmSequence}: the batch is cut into slices whose
 * recurrences run in parallel, and the recurrent-kernel gradient is one GEMM per gate over all steps.
 */
public final class Recurrent {
  private Recurrent() {
  }

  /** The cell type; {@link #gates()} blocks of {@code units} columns in the weights. */
  public enum Cell {
    /** Keras' SimpleRNN: one block. */
    SIMPLE(1),
    /** Keras' GRU with {@code reset_after=True}: blocks z, r, h. */
    GRU(3),
    /**
     * Keras' GRU with {@code reset_after=False} (the original formulation, Keras 2's early default): blocks z, r, h,
     * bias {@code (3*U)}, and the reset gate applied before the recurrent product:
     * {@code hh = a(xh + (r * h'_h) R_h)}.
     */
    GRU_RESET_BEFORE(3),
    /** Keras' LSTM: blocks i, f, c, o. */
    LSTM(4);

    private final int gates;

    Cell(int gates) {
      this.gates = gates;
    }

    /** Number of gate blocks. */
    public int gates() {
      return gates;
    }
  }

  /**
   * What to run and return.
   *
   * @param cell the cell
   * @param activation the activation {@code a}
   * @param recurrentActivation the gates' activation {@code s} (unused by SimpleRNN)
   * @param returnSequences return {@code (B, T, U)} (step {@code s} of the processing order at position {@code s})
   *     instead of the last output {@code (B, U)}
   * @param goBackwards process the time axis in reverse
   * @param withCarry append the last LSTM carry {@code c}: the result becomes {@code (B, T_out*U + U)}, the
   *     outputs flattened then the carry
   */
  public record Spec(Cell cell, FusedActivation activation, FusedActivation recurrentActivation,
      boolean returnSequences, boolean goBackwards, boolean withCarry) {
  }

  /**
   * Runs a recurrent layer over a whole sequence.
   *
   * @param x input {@code (B, T, D)}
   * @param kernel {@code (D, G*U)}
   * @param recurrentKernel {@code (U, G*U)}
   * @param bias {@code (G*U)}, {@code (2, 3*U)} for GRU, or {@code null}
   * @param inputMask constant {@code (M, B, D)} or {@code null}
   * @param recurrentMask constant {@code (M, B, U)} or {@code null}
   * @return {@code (B, T, U)} or {@code (B, U)}; with {@code withCarry} {@code (B, T_out*U + U)}
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public static Tensor run(Spec spec, Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias,
      Tensor inputMask, Tensor recurrentMask) {
    if (x.rank() != 3) {
      throw new IllegalArgumentException("recurrent layer: expected an input (batch, timesteps, features), "
          + "received shape " + x.shape);
    }
    Cell cell = spec.cell();
    int batch = x.shape.dim(0);
    int cols = cell.gates() * recurrentKernel.shape.dim(0);
    if (kernel.rank() != 2 || kernel.shape.dim(0) != x.shape.dim(2) || kernel.shape.dim(1) != cols
        || recurrentKernel.rank() != 2 || recurrentKernel.shape.dim(1) != cols) {
      throw new IllegalArgumentException("recurrent layer " + cell + ": kernel " + kernel.shape
          + " and recurrent kernel " + recurrentKernel.shape + " do not fit input " + x.shape);
    }
    Shape biasShape = cell == Cell.GRU ? Shape.of(2, cols) : Shape.of(cols);
    if (bias != null && !bias.shape.equals(biasShape)) {
      throw new IllegalArgumentException("recurrent layer " + cell + ": expected a bias of shape " + biasShape
          + ", received " + bias.shape);
    }
    if (x.shape.dim(1) == 0) {
      throw new IllegalArgumentException("recurrent layer: the input has no time steps, shape " + x.shape);
    }
    int inGroups = groups(cell, inputMask, batch, x.shape.dim(2), "input");
    int recGroups = groups(cell, recurrentMask, batch, recurrentKernel.shape.dim(0), "recurrent");
    if (cell == Cell.LSTM) {
      return new LstmSequence(spec, x, kernel, recurrentKernel, bias, inputMask, recurrentMask, inGroups, recGroups)
          .forward();
    }
    return new Run(spec, x, kernel, recurrentKernel, bias, inputMask, recurrentMask, inGroups, recGroups).forward();
  }

  /** Mask groups M of a mask {@code (M, B, dim)}: 1 without a mask. */
  private static int groups(Cell cell, Tensor mask, int batch, int dim, String what) {
    if (mask == null) {
      return 1;
    }
    int m = mask.shape.dim(0);
    if (mask.rank() != 3 || (m != 1 && m != cell.gates()) || mask.shape.dim(1) != batch
        || mask.shape.dim(2) != dim) {
      throw new IllegalArgumentException("recurrent layer " + cell + ": " + what + " mask of shape " + mask.shape
          + " does not fit (1 or " + cell.gates() + ", " + batch + ", " + dim + ")");
    }
    return m;
  }

  /**
   * Columns {@code [from, to)} of a 2-D tensor, differentiable (used to split a packed result).
   */
  public static Tensor columns(Tensor t, int from, int to) {
    int rows = t.shape.dim(0);
    int cols = t.shape.dim(1);
    int w = to - from;
    float[] r = new float[rows * w];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(t.data, i * cols + from, r, i * w, w);
    }
    if (!t.requiresGrad()) {
      return Tensor.wrap(Shape.of(rows, w), r);
    }
    return new Tensor(r, Shape.of(rows, w), true, new Tensor[] {t}, g -> {
      float[] gt = new float[rows * cols];
      for (int i = 0; i < rows; i++) {
        System.arraycopy(g, i * w, gt, i * cols + from, w);
      }
      t.accumulateOwned(gt);
    });
  }

  /** {@code dst[dstOff + i] = a(src[srcOff + i])} for {@code i < n}; tight loops the JIT vectorizes. */
  static void activate(FusedActivation a, float[] src, int srcOff, float[] dst, int dstOff, int n) {
    if (src == dst && srcOff == dstOff) {
      activateInPlace(a, dst, dstOff, n);
      return;
    }
    switch (a) {
      case TANH:
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = tanh(src[srcOff + i]);
        }
        break;
      case SIGMOID:
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = 0.5f * tanh(0.5f * src[srcOff + i]) + 0.5f;
        }
        break;
      case RELU:
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = Math.max(src[srcOff + i], 0f);
        }
        break;
      default:
        if (src != dst || srcOff != dstOff) {
          System.arraycopy(src, srcOff, dst, dstOff, n);
        }
    }
  }

  /** In place; its own loops because C2 vectorizes {@code a[o + i] = f(a[o + i])} but not a possibly aliased copy. */
  private static void activateInPlace(FusedActivation a, float[] v, int off, int n) {
    switch (a) {
      case TANH:
        for (int i = off; i < off + n; i++) {
          v[i] = tanh(v[i]);
        }
        break;
      case SIGMOID:
        for (int i = off; i < off + n; i++) {
          v[i] = 0.5f * tanh(0.5f * v[i]) + 0.5f;
        }
        break;
      case RELU:
        for (int i = off; i < off + n; i++) {
          v[i] = Math.max(v[i], 0f);
        }
        break;
      default:
    }
  }

  /** The activation's derivative from its output {@code y}. */
  static float derivative(FusedActivation a, float y) {
    switch (a) {
      case TANH:
        return 1f - y * y;
      case SIGMOID:
        return y * (1f - y);
      case RELU:
        return y > 0f ? 1f : 0f;
      default:
        return 1f;
    }
  }

  /**
   * tanh as a float rational function (the 13/6-degree minimax approximation Eigen uses for {@code ptanh}, on
   * {@code x} clamped to {@code [-7.905, 7.905]}): no {@code exp}, branch-free, so the activation loops vectorize;
   * within 4e-7 of {@code Math.tanh} everywhere (tested). The sigmoid is {@code 0.5 tanh(x / 2) + 0.5}, within
   * 2.3e-7 of {@code 1 / (1 + exp(-x))}.
   */
  static float tanh(float v) {
    float x = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, v));
    float x2 = x * x;
    float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
    p = p * x2 + -8.60467152213735e-11f;
    p = p * x2 + 5.12229709037114e-08f;
    p = p * x2 + 1.48572235717979e-05f;
    p = p * x2 + 6.37261928875436e-04f;
    p = p * x2 + 4.89352455891786e-03f;
    float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
    q = q * x2 + 2.26843463243900e-03f;
    q = q * x2 + 4.89352518554385e-03f;
    return x * p / q;
  }

  /** One SimpleRNN or GRU forward pass and the state its backward needs. */
  private static final class Run {
    private final Spec spec;
    private final Cell cell;
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

    Run(Spec spec, Tensor x, Tensor kernel, Tensor recurrent, Tensor bias, Tensor inputMask, Tensor recurrentMask,
        int inGroups, int recGroups) {
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
      resetBefore = cell == Cell.GRU_RESET_BEFORE;
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
      gates = cell == Cell.SIMPLE ? null : new float[stored * batch * cols];
      int loopGroups = loopGroups();
      int wr = (resetBefore ? 2 * units : cols) / loopGroups;
      extra = cell == Cell.SIMPLE ? null : new float[stored * batch * units];
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
        boolean recBias = cell == Cell.GRU && bias != null;
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
              activate(act, rh, ro, hs, hn + hb, units);
              break;
            case GRU_RESET_BEFORE: {
              for (int c = 0; c < 2 * units; c++) {
                gates[go + c] = xw[xo + c] + rh[ro + c];
              }
              activate(rec, gates, go, gates, go, 2 * units); // z, r
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
              activate(rec, gates, go, gates, go, 2 * units); // z, r
              System.arraycopy(rh, ro + 2 * units, extra, es + hb, units);
              for (int j = 0; j < units; j++) {
                gates[go + 2 * units + j] = xw[xo + 2 * units + j] + gates[go + units + j] * rh[ro + 2 * units + j];
              }
              activate(act, gates, go + 2 * units, gates, go + 2 * units, units); // hh
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
            activate(act, gates, go + 2 * units, gates, go + 2 * units, units); // hh
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
      float[] dRecBias = cell == Cell.GRU && bias != null ? new float[cols] : null;
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
                float d = dhj * derivative(act, hs[hn + hb + j]);
                da[ao + j] = d;
                dxw[xo + j] = d;
                dhNext[hb + j] = 0f;
                break;
              }
              case GRU_RESET_BEFORE: {
                float z = gates[go + j];
                float hh = gates[go + 2 * units + j];
                float d = dhj * (1f - z) * derivative(act, hh);
                float dz = dhj * (hs[hp + hb + j] - hh) * derivative(rec, z);
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
                float dah = dhj * (1f - z) * derivative(act, hh);
                float dz = dhj * (hprev - hh) * derivative(rec, z);
                float dr = dah * rhh * derivative(rec, r);
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
              float dr = drh[hb + j] * hs[hp + hb + j] * m * derivative(rec, r);
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
}
