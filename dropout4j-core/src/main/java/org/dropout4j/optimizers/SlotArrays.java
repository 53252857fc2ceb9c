package org.dropout4j.optimizers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The array work of {@link Optimizer}'s per-weight state, apart from the update rules: copying the slots out and
 * back in (checked), and the two common options that keep a slot of their own, gradient accumulation and the
 * moving average of the weights.
 */
final class SlotArrays {
  private SlotArrays() {
  }

  /** A deep copy; {@code null} entries stay {@code null}. */
  static List<float[][]> deepCopy(List<float[][]> slots) {
    List<float[][]> out = new ArrayList<>();
    for (float[][] s : slots) {
      out.add(s == null ? null : copy(s));
    }
    return out;
  }

  private static float[][] copy(float[][] s) {
    float[][] c = new float[s.length][];
    for (int j = 0; j < s.length; j++) {
      c[j] = s[j].clone();
    }
    return c;
  }

  /**
   * A deep copy of imported slots, each entry checked to have {@code expectedCount(size)} arrays of one length.
   *
   * @param owner the optimizer's class name, for the messages
   * @throws IllegalArgumentException naming the weight, the expected and the received counts or lengths
   */
  static List<float[][]> checkedCopy(List<float[][]> slots, String owner, IntUnaryOperator expectedCount) {
    List<float[][]> out = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      float[][] s = slots.get(i);
      if (s == null) {
        out.add(null);
        continue;
      }
      int size = s.length == 0 ? 0 : s[0].length;
      int expected = expectedCount.applyAsInt(size);
      if (s.length != expected) {
        throw new IllegalArgumentException(owner + " keeps " + expected + " state arrays per weight, received "
            + s.length + " for weight #" + i);
      }
      for (float[] array : s) {
        if (array.length != size) {
          throw new IllegalArgumentException(owner + " state arrays of weight #" + i + " must have one "
              + "length, received " + size + " and " + array.length);
        }
      }
      out.add(copy(s));
    }
    return out;
  }

  /**
   * Gradient accumulation: adds {@code g} to {@code acc}, or, at an update, replaces {@code g} by the mean over the
   * {@code steps} calls and clears {@code acc}.
   */
  static void accumulate(float[] g, float[] acc, boolean update, int steps) {
    if (update) {
      for (int k = 0; k < g.length; k++) {
        g[k] = (g[k] + acc[k]) / steps;
        acc[k] = 0f;
      }
    } else {
      for (int k = 0; k < g.length; k++) {
        acc[k] += g[k];
      }
    }
  }

  /** The moving average {@code avg = m avg + (1 - m) w}, copied into {@code w} when {@code overwrite}. */
  static void average(float[] avg, float[] w, float momentum, boolean overwrite) {
    for (int k = 0; k < w.length; k++) {
      avg[k] = momentum * avg[k] + (1f - momentum) * w[k];
    }
    if (overwrite) {
      System.arraycopy(avg, 0, w, 0, w.length);
    }
  }
}
