package org.dropout4j.models;

import java.util.List;
import java.util.function.LongConsumer;
import org.dropout4j.layers.CallContext;

/**
 * The layers of a Sequential model after its fixed prefix ({@link ExecutionPlanner#monteCarloFixedLayers}), run for
 * every Monte Carlo dropout pass of a block of rows by a planned path instead of layer by layer: the seam behind
 * which {@link MonteCarloDropout} finds its fast paths ({@link ExecutionPlanner#monteCarloTail}). A tail gives the
 * generic plan's draws to the bit (the same mask decisions, the same products and arithmetic in the same order), with
 * any number of processors.
 */
interface MonteCarloTail {
  /** Whether a pass over {@code m} stacked rows is computed as the generic pass computes it. */
  boolean fits(int m);

  /**
   * Runs every group of passes over {@code rows} rows of a block.
   *
   * @param in the tail's input rows, compact, the block's first at row {@code inFrom}
   * @param groups the generic plan's passes over the block, in order
   * @param draws the predictions {@code (samples, n, outputs)}; the block's rows start at input row {@code from}
   * @param progress told on the calling thread the rows done so far (rows times passes); null for none
   * @return {@code rowsDone} plus the rows run through the model here (rows times passes)
   */
  long run(float[] in, int inFrom, int rows, List<Group> groups, float[] draws, int n, int from,
      LongConsumer progress, long rowsDone);

  /** One generic pass: {@code copies} samples stacked in one call, from sample {@code first} on. */
  final class Group {
    final CallContext context;
    final int first;
    final int copies;

    Group(CallContext context, int first, int copies) {
      this.context = context;
      this.first = first;
      this.copies = copies;
    }
  }
}
