package org.dropout4j.tensor;

import org.dropout4j.tensor.Ops.FusedActivation;

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
    return new RnnSequence(spec, x, kernel, recurrentKernel, bias, inputMask, recurrentMask, inGroups, recGroups)
        .forward();
  }

  /** Mask groups M of a mask {@code (M, B, dim)}: 1 without a mask. */
  static int groups(Cell cell, Tensor mask, int batch, int dim, String what) {
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
  static void activateInPlace(FusedActivation a, float[] v, int off, int n) {
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
}
