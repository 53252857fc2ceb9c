package org.dropout4j.tensor;

import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dropout4j.tensor.Ops.FusedActivation;
import org.dropout4j.tensor.Recurrent.Cell;
import org.junit.jupiter.api.Test;

/**
 * The LSTM kernel's batch slices ({@link LstmSequence}): they are fixed by the batch size, the result does not
 * depend on the thread count, and cutting a batch into slices neither mixes sequences nor loses a slice's share of
 * the weight gradients. Batch 70 is two slices ([0, 35) and [35, 70)); per-gate dropout masks, 5 steps.
 */
class RecurrentLstmSlicesTest {
  private static final int BATCH = 70;
  private static final int STEPS = 5;
  private static final int FEATURES = 6;
  private static final int UNITS = 8;
  private static final Recurrent.Spec SPEC = new Recurrent.Spec(Cell.LSTM, FusedActivation.TANH,
      FusedActivation.SIGMOID, true, false, true);

  @Test
  void slices_dependOnlyOnTheBatchSize() {
    assertEquals(1, LstmSequence.slices(1));
    assertEquals(1, LstmSequence.slices(2 * LstmSequence.MIN_SLICE_ROWS - 1));
    assertEquals(2, LstmSequence.slices(BATCH));
    assertEquals(LstmSequence.MAX_SLICES, LstmSequence.slices(100_000));
  }

  @Test
  void bitsDoNotDependOnTheThreadCount() {
    float[][] parallel = run(0, BATCH);
    float[][][] serial = new float[1][][];
    Parallel.run(2, t -> {
      if (t == 0) {
        assertTrue(Parallel.inTask());
        serial[0] = run(0, BATCH);
      }
    });
    for (int i = 0; i < parallel.length; i++) {
      assertArrayEquals(parallel[i], serial[0][i], "array " + i);
    }
  }

  @Test
  void slicedBatch_matchesItsHalvesRunAlone() {
    float[][] whole = run(0, BATCH);
    float[][] first = run(0, BATCH / 2);
    float[][] second = run(BATCH / 2, BATCH);
    // output and input gradient: rows of the halves, in order
    for (int a : new int[] {0, 1}) {
      float[] joined = new float[whole[a].length];
      System.arraycopy(first[a], 0, joined, 0, first[a].length);
      System.arraycopy(second[a], 0, joined, first[a].length, second[a].length);
      assertClose(joined, whole[a], a == 0 ? "output" : "input gradient");
    }
    // weight gradients: sums over the batch, so over both halves
    String[] names = {"", "", "kernel gradient", "recurrent kernel gradient", "bias gradient"};
    for (int a = 2; a < whole.length; a++) {
      float[] sum = new float[whole[a].length];
      for (int i = 0; i < sum.length; i++) {
        sum[i] = first[a][i] + second[a][i];
      }
      assertClose(sum, whole[a], names[a]);
    }
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    double scale = 0;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 0.01, what + " is not trivially zero");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * scale, what + " element " + i);
    }
  }

  /**
   * Forward and backward of sequences {@code [b0, b1)} of one fixed data set: output (with carry), then the
   * gradients of x, kernel, recurrent kernel and bias of a fixed weighting of the output.
   */
  private static float[][] run(int b0, int b1) {
    int rows = b1 - b0;
    Tensor x = Tensor.variable(Shape.of(rows, STEPS, FEATURES), rows(uniform(1, -1f, 1f, BATCH, STEPS, FEATURES),
        1, b0, b1));
    Tensor k = Tensor.variable(Shape.of(FEATURES, 4 * UNITS), uniform(2, -0.5f, 0.5f, FEATURES, 4 * UNITS).toArray());
    Tensor r = Tensor.variable(Shape.of(UNITS, 4 * UNITS), uniform(3, -0.5f, 0.5f, UNITS, 4 * UNITS).toArray());
    Tensor b = Tensor.variable(Shape.of(4 * UNITS), uniform(4, -0.5f, 0.5f, 4 * UNITS).toArray());
    Tensor inMask = Tensor.of(Shape.of(4, rows, FEATURES), rows(dropoutMask(5, 4, BATCH, FEATURES), 4, b0, b1));
    Tensor recMask = Tensor.of(Shape.of(4, rows, UNITS), rows(dropoutMask(6, 4, BATCH, UNITS), 4, b0, b1));
    Tensor y = Recurrent.run(SPEC, x, k, r, b, inMask, recMask);
    float[] weighting = rows(uniform(9, -1f, 1f, BATCH, y.shape.dim(1)), 1, b0, b1);
    Ops.sum(Ops.mul(y, Tensor.of(y.shape, weighting))).backward();
    return new float[][] {y.toArray(), x.grad().toArray(), k.grad().toArray(), r.grad().toArray(),
        b.grad().toArray()};
  }

  /** Inverted-dropout values (0 or 1.25) of shape (groups, batch, dim). */
  private static Tensor dropoutMask(long seed, int groups, int batch, int dim) {
    float[] u = uniform(seed, 0f, 1f, groups, batch, dim).toArray();
    for (int i = 0; i < u.length; i++) {
      u[i] = u[i] < 0.2f ? 0f : 1.25f;
    }
    return Tensor.of(Shape.of(groups, batch, dim), u);
  }

  /** Batch rows {@code [b0, b1)} of each of {@code groups} stacked (batch, ...) blocks. */
  private static float[] rows(Tensor t, int groups, int b0, int b1) {
    float[] all = t.toArray();
    int perGroup = all.length / groups;
    int rowLength = perGroup / BATCH;
    int rows = b1 - b0;
    float[] r = new float[groups * rows * rowLength];
    for (int g = 0; g < groups; g++) {
      System.arraycopy(all, g * perGroup + b0 * rowLength, r, g * rows * rowLength, rows * rowLength);
    }
    return r;
  }
}
