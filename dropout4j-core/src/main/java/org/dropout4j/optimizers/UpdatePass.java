package org.dropout4j.optimizers;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.tensor.Parallel;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.blas.MirroredOperand;

/**
 * One update of all active weights as a single pass: every weight is cut into fixed chunks of {@link #CHUNK}
 * elements, and the chunks of all weights are the tasks of one {@link Parallel#run} (before, each weight of at least
 * 2^16 elements was a parallel region of its own: two hand-offs to the pool per step of the Fashion-MNIST mlp). A
 * chunk is decayed ({@code weight_decay}), updated and, for a weight a fused path keeps in the native kernel's memory
 * ({@link MirroredOperand}), put there while it is in cache, so the next step's products need no copy of it.
 *
 * <p>The update of an element reads and writes only that element ({@link Optimizer#update}'s contract), so the
 * chunks, their order and the threads that run them do not change a bit of the result.
 */
final class UpdatePass {
  /** Elements per task: 64 KiB per array, so a chunk's weight, gradient and slots stay in a core's L2 cache. */
  static final int CHUNK = 1 << 14;
  /** Updates of fewer elements in all run on the caller: handing them to the pool costs more than they do. */
  static final int PARALLEL_ELEMENTS = 1 << 16;

  private UpdatePass() {
  }

  /** One weight of the pass: its arrays and, if kept off-heap, its native copy. */
  private record Target(float[] w, float[] g, float[][] state, MirroredOperand mirror) {
  }

  /**
   * Decays (if {@code decay != null}) and updates every active weight with {@code optimizer}'s rule.
   *
   * @param active indices into {@code parameters} of the weights with a gradient
   * @param slots per parameter index its state arrays
   */
  static void run(Optimizer optimizer, List<Parameter> parameters, List<Integer> active, List<float[][]> slots,
      Float decay, long step, float lr) {
    FastPathHooks.TensorHooks hooks = FastPathHooks.tensors();
    List<Target> targets = new ArrayList<>(active.size());
    List<int[]> chunks = new ArrayList<>(); // {target, from, to}
    long elements = 0;
    for (int i : active) {
      Parameter p = parameters.get(i);
      Target t = new Target(p.data(), p.gradData(), slots.get(i), hooks.existingMirror(p));
      int n = t.w.length;
      for (int from = 0; from < n; from += CHUNK) {
        chunks.add(new int[] {targets.size(), from, Math.min(n, from + CHUNK)});
      }
      targets.add(t);
      elements += n;
    }
    int tasks = elements < PARALLEL_ELEMENTS ? 1 : chunks.size();
    Parallel.run(tasks, task -> {
      int end = tasks == 1 ? chunks.size() : task + 1;
      for (int c = tasks == 1 ? 0 : task; c < end; c++) {
        int[] chunk = chunks.get(c);
        update(optimizer, targets.get(chunk[0]), chunk[1], chunk[2], decay, step, lr);
      }
    });
    for (Target t : targets) {
      if (t.mirror != null) {
        t.mirror.stored();
      }
    }
  }

  private static void update(Optimizer optimizer, Target t, int from, int to, Float decay, long step, float lr) {
    float[] w = t.w;
    if (decay != null) {
      float d = decay;
      for (int k = from; k < to; k++) {
        w[k] -= w[k] * d * lr;
      }
    }
    optimizer.update(w, t.g, t.state, step, lr, from, to);
    if (t.mirror != null) {
      t.mirror.store(from, to);
    }
  }
}
