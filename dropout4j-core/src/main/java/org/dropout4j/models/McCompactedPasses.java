package org.dropout4j.models;

import java.util.List;
import java.util.function.LongConsumer;
import org.dropout4j.models.MonteCarloTail.Group;
import org.dropout4j.tensor.Parallel;
import org.dropout4j.tensor.blas.Blas;

/**
 * The Monte Carlo dropout passes of a {@link McDenseStack} taken input by input, so that the first product skips
 * the columns that are zero in the input: the stack's input row (the fixed prefix's output, such as the mlp preset's
 * first Dense(512, relu)) is the same in every pass, so where it is zero, every pass's masked copy of it is zero too
 * (a Dropout only scales), in the same columns. A block is the copies of one or a few inputs in all passes (or a part
 * of one input's passes where they are many); each input's rows of the first operand are compacted to its nonzero
 * columns and multiplied by those rows of the kernel alone ({@link PreparedDense#multiplyRowsGathered}), while
 * every other step is the stack's own ({@link McDenseStack#row}, the later products on the whole block). About half
 * of a relu layer's outputs are zero, so the first product (the mlp's 512 x 512, most of a pass's arithmetic) costs
 * about half.
 *
 * <p>The draws are the stack's to the bit. The mask of copy {@code j} of input {@code r} is drawn for stacked row
 * {@code j * rows + r} of its pass's key whatever block computes it. Each element of the compacted product is the
 * stack's fma chain from +0 with the terms of zero inputs skipped; such a term {@code fma(±0, w, s)} with a finite
 * {@code w} returns {@code s} unless {@code s} is itself a zero, whose sign it may change. So the sums are the
 * stack's, except that a zero sum may have the other sign; the bias is then added to it, and a bias that is not -0.0
 * gives the same float either way (a nonzero bias: the bias; +0.0: +0.0). Where the kernel is not finite or the bias
 * is missing or holds a -0.0, the stack runs its own passes ({@link PreparedDense#skipsZeroTermsExactly}). Rows are
 * shared out among threads, each computed whole by one: the draws do not depend on the thread count.
 *
 * <p>Used where every product goes row by row ({@link McDenseStack#byRows}), the stack's first segment holds only
 * Dropout layers (an Activation could turn a zero into something else) and at least {@link #MIN_ZERO_FRACTION} of
 * the inputs' values are zero; an input with fewer zeros is multiplied over all its columns.
 */
final class McCompactedPasses {
  /**
   * Stacked rows per block at most: the copies of as many whole inputs as fit (the T=100 copies of two inputs for the
   * mlp), or of a part of one input's passes where T is larger. Against 128 (one input) and 400 (four), warm calls of
   * the bench's mlp in alternating JVMs at load 5: CPU per call 2.86-3.86 s (median of 12 about 3.3 s) against
   * 3.23-4.41 s (about 3.7 s) and 3.15-4.07 s.
   */
  static final int BLOCK_ROWS = 256;
  /**
   * The least fraction of zero values, over the block of inputs and per input, for which the first product skips
   * them: the compacted product costs the arithmetic of its columns, plus packing those rows of the kernel and
   * copying the operand (about 5 % of the full product for 100 copies).
   */
  static final float MIN_ZERO_FRACTION = 0.125f;
  /** Groups of passes whose inputs are run in one parallel run; their progress is reported after it. */
  private static final int GROUPS_PER_RUN = 8;

  private final McDenseStack stack;
  private final ThreadLocal<Block> blocks;

  /** A thread's rows of one block, the compacted operand of one input, a row's mask decisions and masked values. */
  private static final class Block {
    final McDenseStack.Buffers buffers;
    final float[] compact;
    final int[] columns;
    final int[] kept;
    /** One masked row of the first segment. */
    final float[] row;

    Block(McDenseStack.Segment[] segments) {
      row = new float[segments[0].width];
      int widest = 0;
      for (McDenseStack.Segment segment : segments) {
        widest = Math.max(widest, segment.width);
      }
      kept = new int[widest];
      buffers = new McDenseStack.Buffers(segments, BLOCK_ROWS);
      compact = new float[BLOCK_ROWS * segments[0].width];
      columns = new int[segments[0].width];
    }
  }

  McCompactedPasses(McDenseStack stack) {
    this.stack = stack;
    this.blocks = ThreadLocal.withInitial(() -> new Block(stack.segments));
  }

  /**
   * Whether the passes over {@code rows} input rows run here: every product goes row by row, the first product's
   * layer skips zero terms exactly, and at least {@link #MIN_ZERO_FRACTION} of the input values are zero.
   */
  boolean applies(float[] in, int inFrom, int rows, List<Group> groups) {
    for (Group g : groups) {
      if (!stack.byRows(g.copies * rows)) {
        return false;
      }
    }
    if (rows == 0 || !stack.products[0].dense.skipsZeroTermsExactly()) {
      return false;
    }
    int width = stack.segments[0].width;
    long zeros = 0;
    for (int i = inFrom * width, end = (inFrom + rows) * width; i < end; i++) {
      zeros += in[i] == 0f ? 1 : 0;
    }
    return zeros >= MIN_ZERO_FRACTION * rows * width;
  }

  /** As {@link McDenseStack#run}: every group of passes over the block's {@code rows} input rows. */
  long run(float[] in, int inFrom, int rows, List<Group> groups, float[] draws, int n, int from,
      LongConsumer progress, long rowsDone) {
    int passes = 0;
    for (Group g : groups) {
      passes += g.copies;
    }
    int[] groupOf = new int[passes];
    int[] copyOf = new int[passes];
    McDenseStack.Rows[] targets = new McDenseStack.Rows[groups.size()];
    McDenseStack.Masks[] masks = new McDenseStack.Masks[groups.size()];
    for (int g = 0, t = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      for (int j = 0; j < group.copies; j++, t++) {
        groupOf[t] = g;
        copyOf[t] = j;
      }
      targets[g] = new McDenseStack.Rows(in, inFrom, rows, draws, n, from, group.first);
      masks[g] = stack.masks(group.context);
    }
    Passes all = new Passes(in, inFrom, rows, groups.get(0).copies * rows, groupOf, copyOf, targets, masks);
    int total = passes;
    int inputs = Math.max(1, BLOCK_ROWS / passes); // whole inputs per block
    int pieces = (passes + BLOCK_ROWS - 1) / BLOCK_ROWS; // blocks per input where its passes do not fit in one
    long done = rowsDone;
    int count = groups.size();
    // the inputs in parts as many as the groups, so that progress advances as the generic passes report it
    for (int g0 = 0; g0 < count; g0 += GROUPS_PER_RUN) {
      int g1 = Math.min(count, g0 + GROUPS_PER_RUN);
      int r0 = (int) ((long) rows * g0 / count);
      int r1 = (int) ((long) rows * g1 / count);
      int tasks = pieces > 1 ? (r1 - r0) * pieces : (r1 - r0 + inputs - 1) / inputs;
      Parallel.run(tasks, task -> {
        if (pieces > 1) {
          int r = r0 + task / pieces;
          int piece = task % pieces;
          block(all, r, r + 1, part(total, pieces, piece), part(total, pieces, piece + 1), blocks.get());
        } else {
          int r = r0 + task * inputs;
          block(all, r, Math.min(r1, r + inputs), 0, total, blocks.get());
        }
      });
      for (int g = g0; g < g1; g++) {
        done = McDenseStack.reported(done + (long) groups.get(g).copies * rows, progress);
      }
    }
    return done;
  }

  /** Start of part {@code i} of {@code length} split into {@code parts} nearly equal parts. */
  private static int part(int length, int parts, int i) {
    return (int) ((long) length * i / parts);
  }

  /** The passes of one call: per pass index its group and copy, per group where it writes and its masks. */
  private record Passes(float[] in, int inFrom, int rows, int m, int[] groupOf, int[] copyOf,
      McDenseStack.Rows[] targets, McDenseStack.Masks[] masks) {
  }

  /**
   * Passes {@code [t0, t1)} of inputs {@code [ra, rb)} on the calling thread: block row {@code l} is pass
   * {@code t0 + l % (t1 - t0)} of input {@code ra + l / (t1 - t0)}.
   */
  private void block(Passes all, int ra, int rb, int t0, int t1, Block block) {
    McDenseStack.Segment[] segments = stack.segments;
    McDenseStack.Product[] products = stack.products;
    McDenseStack.Buffers b = block.buffers;
    b.base = 0;
    int span = t1 - t0;
    int count = (rb - ra) * span;
    for (int r = ra; r < rb; r++) {
      firstSegment(all, r, (r - ra) * span, t0, t1, block);
    }
    for (int s = 1; s < segments.length; s++) {
      for (int l = 0; l < count; l++) {
        int r = ra + l / span;
        int t = t0 + l % span;
        int g = all.groupOf[t];
        stack.row(s, all.copyOf[t] * all.rows + r, l, all.targets[g], all.masks[g], b, block.kept);
      }
      if (s < products.length) {
        McDenseStack.Product p = products[s];
        p.dense.multiplyRows(all.m, count, b.operands[s], 0, b.outputs[s], 0, p.biasFirst);
      }
    }
  }

  /**
   * The first segment and product of block rows {@code [l0, l0 + t1 - t0)}, passes {@code [t0, t1)} of input
   * {@code r}: over the input's nonzero columns where at least {@link #MIN_ZERO_FRACTION} of them are zero (the
   * masked rows written compacted), else the stack's own rows over all columns.
   */
  private void firstSegment(Passes all, int r, int l0, int t0, int t1, Block block) {
    McDenseStack.Product p = stack.products[0];
    McDenseStack.Buffers b = block.buffers;
    int width = stack.segments[0].width;
    int units = stack.segments[1].width;
    int span = t1 - t0;
    int[] columns = block.columns;
    int kk = 0;
    int in = (all.inFrom + r) * width;
    for (int c = 0; c < width; c++) {
      if (all.in[in + c] != 0f) { // -0.0 too
        columns[kk++] = c;
      }
    }
    boolean compacted = kk <= (1 - MIN_ZERO_FRACTION) * width;
    boolean oneDropout = stack.segments[0].steps.size() == 1;
    for (int l = l0; l < l0 + span; l++) {
      int t = t0 + l - l0;
      int g = all.groupOf[t];
      int q = all.copyOf[t] * all.rows + r;
      if (!compacted || !oneDropout) {
        stack.row(0, q, l, all.targets[g], all.masks[g], b, block.kept);
        if (compacted) {
          gather(b.operands[0], l * width, columns, kk, block.compact, (l - l0) * kk);
        }
        continue;
      }
      // the segment's one Dropout as the stack applies it (Noise.dropout's x * (scale * keep)), then its columns
      McDenseStack.Masks masks = all.masks[g];
      float[] row = all.in;
      int ro = in;
      if (masks.keys[0] != null) {
        masks.keys[0].fillKeepDecisions(block.kept, width, q * width, masks.keeps[0]);
        Blas.scaleKept(block.row, 0, all.in, in, block.kept, masks.scales[0], width);
        row = block.row;
        ro = 0;
      }
      gather(row, ro, columns, kk, block.compact, (l - l0) * kk);
      if (p.biasFirst) {
        p.dense.writeBias(b.outputs[0], l, l + 1);
      }
    }
    if (compacted) {
      p.dense.multiplyRowsGathered(all.m, span, block.compact, 0, columns, kk, b.outputs[0], l0 * units, p.biasFirst);
    } else {
      p.dense.multiplyRows(all.m, span, b.operands[0], l0 * width, b.outputs[0], l0 * units, p.biasFirst);
    }
  }

  /** {@code dst[d + c] = src[s + columns[c]]} for {@code c < kk}. */
  private static void gather(float[] src, int s, int[] columns, int kk, float[] dst, int d) {
    for (int c = 0; c < kk; c++) {
      dst[d + c] = src[s + columns[c]];
    }
  }
}
