package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dropout4j.layers.activations.ActivationFunction;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Recurrent;
import org.dropout4j.tensor.Recurrent.Cell;
import org.dropout4j.tensor.SequenceOps;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The general path of the recurrent layers: the cells of {@link Recurrent} (same formulas, weight layout and mask
 * semantics) composed step by step from differentiable ops, for any activation and recurrent activation. The fused
 * kernels stay the path for tanh, sigmoid, relu and linear; autodiff gives this path's backward.
 */
final class RecurrentSteps {
  private final Cell cell;
  private final int units;
  private final ActivationFunction activation;
  private final ActivationFunction recurrentActivation;

  RecurrentSteps(Cell cell, int units, ActivationFunction activation, ActivationFunction recurrentActivation) {
    this.cell = cell;
    this.units = units;
    this.activation = activation;
    this.recurrentActivation = recurrentActivation;
  }

  /** The activation of a recurrent layer's argument, named in the error for an unknown name. */
  static ActivationFunction activation(String cls, String arg, String name) {
    try {
      return Activations.get(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value for argument `" + arg + "` of " + cls + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Runs the sequence; returns the output ({@code (B, T, U)} with {@code returnSequences}, else {@code (B, U)}),
   * the last {@code h} and, for LSTM, the last carry {@code c}.
   *
   * @param stepMask Keras' mask {@code (B, T)} row-major (1 keep, 0 skip), or null: at a skipped step every state
   *     and the output keep their previous values (zeros before the first kept step), as Keras' {@code rnn} does
   *     with {@code zero_output_for_mask=False}
   * @param zeroOutput Keras' {@code zero_output_for_mask}: the output of a skipped step is zeros instead (the states
   *     still carry over)
   * @param initialStates Keras' {@code initial_state}: {@code h} (and LSTM's {@code c}) to start from, each
   *     {@code (B, U)} and differentiable, or null for zeros; the output of skipped steps before the first kept one
   *     is zeros either way, as in Keras
   */
  List<Tensor> run(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor inMask, Tensor recMask,
      boolean returnSequences, boolean goBackwards, float[] stepMask, boolean zeroOutput, List<Tensor> initialStates) {
    int batch = x.shape().dim(0);
    int steps = x.shape().dim(1);
    int gates = cell.gates();
    Tensor[] k = new Tensor[gates];
    Tensor[] r = new Tensor[gates];
    Tensor[] bIn = new Tensor[gates];
    Tensor[] bRec = new Tensor[gates];
    Tensor flatBias = bias == null ? null : Ops.reshape(bias, 1, bias.size());
    for (int g = 0; g < gates; g++) {
      k[g] = Recurrent.columns(kernel, g * units, (g + 1) * units);
      r[g] = Recurrent.columns(recurrentKernel, g * units, (g + 1) * units);
      if (flatBias != null) {
        bIn[g] = Recurrent.columns(flatBias, g * units, (g + 1) * units);
        if (cell == Cell.GRU) {
          bRec[g] = Recurrent.columns(flatBias, (gates + g) * units, (gates + g + 1) * units);
        }
      }
    }
    Tensor h = initialStates != null ? initialStates.get(0) : Tensor.zeros(Shape.of(batch, units));
    Tensor c = cell != Cell.LSTM ? null : initialStates != null ? initialStates.get(1)
        : Tensor.zeros(Shape.of(batch, units));
    Tensor prevOut = Tensor.zeros(Shape.of(batch, units));
    Tensor[] inMasks = new Tensor[gates];
    Tensor[] recMasks = new Tensor[gates];
    for (int g = 0; g < gates; g++) {
      inMasks[g] = gateMask(inMask, g);
      recMasks[g] = gateMask(recMask, g);
    }
    List<Tensor> outputs = new ArrayList<>();
    Tensor out = null;
    for (int s = 0; s < steps; s++) {
      int time = goBackwards ? steps - 1 - s : s;
      Tensor xt = SequenceOps.step(x, time);
      Tensor hPrev = h;
      Tensor cPrev = c;
      Tensor[] xg = new Tensor[gates];
      Tensor[] hg = new Tensor[gates];
      for (int g = 0; g < gates; g++) {
        xg[g] = addBias(Ops.matmul(inMasks[g] == null ? xt : Ops.mul(xt, inMasks[g]), k[g]), bIn[g]);
        hg[g] = recMasks[g] == null ? h : Ops.mul(h, recMasks[g]);
      }
      switch (cell) {
        case SIMPLE:
          h = activation.apply(Ops.add(xg[0], Ops.matmul(hg[0], r[0])));
          break;
        case LSTM: {
          Tensor i = recurrentActivation.apply(Ops.add(xg[0], Ops.matmul(hg[0], r[0])));
          Tensor f = recurrentActivation.apply(Ops.add(xg[1], Ops.matmul(hg[1], r[1])));
          Tensor cc = activation.apply(Ops.add(xg[2], Ops.matmul(hg[2], r[2])));
          Tensor o = recurrentActivation.apply(Ops.add(xg[3], Ops.matmul(hg[3], r[3])));
          c = Ops.add(Ops.mul(f, c), Ops.mul(i, cc));
          h = Ops.mul(o, activation.apply(c));
          break;
        }
        case GRU: {
          Tensor z = recurrentActivation.apply(Ops.add(xg[0], addBias(Ops.matmul(hg[0], r[0]), bRec[0])));
          Tensor rr = recurrentActivation.apply(Ops.add(xg[1], addBias(Ops.matmul(hg[1], r[1]), bRec[1])));
          Tensor hh = activation.apply(Ops.add(xg[2], Ops.mul(rr, addBias(Ops.matmul(hg[2], r[2]), bRec[2]))));
          h = update(z, h, hh);
          break;
        }
        default: { // GRU_RESET_BEFORE
          Tensor z = recurrentActivation.apply(Ops.add(xg[0], Ops.matmul(hg[0], r[0])));
          Tensor rr = recurrentActivation.apply(Ops.add(xg[1], Ops.matmul(hg[1], r[1])));
          Tensor hh = activation.apply(Ops.add(xg[2], Ops.matmul(Ops.mul(rr, hg[2]), r[2])));
          h = update(z, h, hh);
        }
      }
      if (stepMask != null) {
        float[] keep = new float[batch];
        float[] skip = new float[batch];
        for (int b = 0; b < batch; b++) {
          keep[b] = stepMask[b * steps + time];
          skip[b] = 1f - keep[b];
        }
        Tensor m = Tensor.of(Shape.of(batch, 1), keep);
        Tensor notM = Tensor.of(Shape.of(batch, 1), skip);
        Tensor hNew = h;
        h = Ops.add(Ops.mul(hNew, m), Ops.mul(hPrev, notM));
        if (c != null) {
          c = Ops.add(Ops.mul(c, m), Ops.mul(cPrev, notM));
        }
        out = zeroOutput ? Ops.mul(hNew, m) : Ops.add(Ops.mul(hNew, m), Ops.mul(prevOut, notM));
        prevOut = out;
      } else {
        out = h;
      }
      outputs.add(out);
    }
    Tensor result = returnSequences ? SequenceOps.stack(outputs) : out;
    return c == null ? List.of(result, h) : List.of(result, h, c);
  }

  /**
   * The input's mask {@code (batch, timesteps)} as row-major values, or null when there is none or it keeps every
   * step (then the fused kernel runs: same values).
   */
  static float[] stepMask(Layer layer, Tensor input) {
    Tensor mask = input.mask();
    if (mask == null) {
      return null;
    }
    Shape s = input.shape();
    if (mask.rank() != 2 || mask.shape().dim(0) != s.dim(0) || mask.shape().dim(1) != s.dim(1)) {
      throw new IllegalArgumentException("Layer \"" + layer.name() + "\" (" + layer.className() + "): the input's "
          + "mask must have shape (batch, timesteps) = (" + s.dim(0) + ", " + s.dim(1) + "), received a mask with "
          + "shape " + mask.shape());
    }
    float[] m = mask.toArray();
    for (float v : m) {
      if (v == 0f) {
        return m;
      }
    }
    return null;
  }

  /** {@code z * hPrev + (1 - z) * hh}. */
  private static Tensor update(Tensor z, Tensor hPrev, Tensor hh) {
    return Ops.add(Ops.mul(z, hPrev), Ops.mul(Ops.rsubScalar(1f, z), hh));
  }

  private static Tensor addBias(Tensor t, Tensor b) {
    return b == null ? t : Ops.add(t, b);
  }

  /** Gate {@code g}'s mask {@code (B, D)} of a mask {@code (M, B, D)} ({@code M} 1 or the gate count), or null. */
  private static Tensor gateMask(Tensor mask, int g) {
    if (mask == null) {
      return null;
    }
    int m = mask.shape().dim(0);
    int per = mask.size() / m;
    int row = m == 1 ? 0 : g;
    float[] v = Arrays.copyOfRange(mask.toArray(), row * per, (row + 1) * per);
    return Tensor.of(Shape.of(mask.shape().dim(1), mask.shape().dim(2)), v);
  }
}
