package org.dropout4j.tensor;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * What an {@link LstmSequence} forward keeps for its backward, in buffers reused across calls: at batch 128, 28
 * steps and 128 units the gate activations alone are 7 MB, and allocating such arrays every batch cost about a
 * tenth of the training time in G1 pauses (humongous allocations, each above half a heap region).
 *
 * <p>A state belongs to one call, its {@link #owner}, from {@link #take} until the call's backward {@link #give}s
 * it back to a small shared pool. Pooled, it still holds that call's values: a second backward of the same call
 * {@link #reclaim}s it, and if a later call took it meanwhile the owner recomputes its forward into a fresh state.
 * Every buffer is overwritten by a forward before it is read, except the zero slot 0 of {@link #hs} and
 * {@link #cs}, which {@link #take} clears.
 */
final class LstmState {
  /** Most states kept in the pool. */
  static final int MAX_POOLED = 2;
  private static final ArrayDeque<LstmState> POOL = new ArrayDeque<>();

  /** Sizes the buffers were made for: batch, steps, input features, units, input groups, recurrent groups. */
  private final int[] key;
  /** Masked inputs per input group, step-major {@code (T*B, D)}. */
  final float[][] xin;
  /** Gate activations i f g o per step, {@code (T*B, 4U)}. */
  final float[] gates;
  /** h before step s in slot s, {@code ((T+1)*B, U)}; slot 0 zeros. */
  final float[] hs;
  /** Carries like {@link #hs}. */
  final float[] cs;
  /** a(c) after each step, {@code (T*B, U)}. */
  final float[] tc;
  /** Masked h' per recurrent group, {@code (T*B, U)}, step 0's rows unused (h_0 = 0); null without a recurrent mask. */
  final float[][] hm;
  /** Gate gradients {@code (T*B, 4U)}, backward scratch; made by the first backward. */
  float[] da;
  /** The call whose values the buffers hold. */
  Object owner;

  private LstmState(int[] key) {
    this.key = key;
    int batch = key[0];
    int n = key[1] * batch;
    int inDim = key[2];
    int units = key[3];
    xin = new float[key[4]][n * inDim];
    gates = new float[n * 4 * units];
    hs = new float[n * units + batch * units];
    cs = new float[hs.length];
    tc = new float[n * units];
    hm = key[5] == 0 ? null : new float[key[5]][n * units];
  }

  /**
   * A state for {@code owner}: a pooled one of the same sizes, or a new one.
   *
   * @param recGroups recurrent mask groups, 0 without a recurrent mask
   */
  static LstmState take(Object owner, int batch, int steps, int inDim, int units, int inGroups, int recGroups) {
    int[] key = {batch, steps, inDim, units, inGroups, recGroups};
    LstmState s = null;
    synchronized (POOL) {
      for (Iterator<LstmState> it = POOL.iterator(); it.hasNext(); ) {
        LstmState p = it.next();
        if (Arrays.equals(p.key, key)) {
          it.remove();
          s = p;
          break;
        }
      }
      if (s != null) {
        s.owner = owner;
      }
    }
    if (s == null) {
      s = new LstmState(key);
      s.owner = owner;
    } else {
      Arrays.fill(s.hs, 0, batch * units, 0f);
      Arrays.fill(s.cs, 0, batch * units, 0f);
    }
    return s;
  }

  /**
   * Takes {@code s} out of the pool again for its owner's second backward: true if it still holds the owner's
   * values (now reserved for it), false if a later call took it.
   */
  static boolean reclaim(LstmState s, Object owner) {
    synchronized (POOL) {
      if (s.owner != owner) {
        return false;
      }
      POOL.remove(s);
      return true;
    }
  }

  /** Returns {@code s} to the pool, keeping the newest {@link #MAX_POOLED}. */
  static void give(LstmState s) {
    synchronized (POOL) {
      POOL.remove(s);
      POOL.addFirst(s);
      while (POOL.size() > MAX_POOLED) {
        POOL.removeLast();
      }
    }
  }
}
