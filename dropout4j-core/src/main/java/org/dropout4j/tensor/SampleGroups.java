package org.dropout4j.tensor;

/**
 * A batch of {@code n} samples cut into consecutive groups for a kernel that runs group by group, and the groups
 * cut into consecutive slots for the gradients it sums. Both cuts depend only on the shape (never on the number of
 * threads), so a kernel that runs each group on one thread and sums each slot's groups in order gives the same
 * bits on every machine.
 *
 * <p>A group holds as many samples as fit a float budget for the per-sample work buffer, but no more than an
 * {@value #MIN_GROUPS}th of the batch, so that even cheap layers have work for every core; there are at most
 * {@value #MAX_SLOTS} slots.
 */
final class SampleGroups {
  /** The batch is cut into at least this many groups when it has that many samples. */
  static final int MIN_GROUPS = 8;
  /** Gradient partials are summed over at most this many slots. */
  static final int MAX_SLOTS = 8;

  private final int n;
  private final int perGroup;
  private final int groups;
  private final int slots;

  private SampleGroups(int n, int perGroup) {
    this.n = n;
    this.perGroup = perGroup;
    this.groups = (n + perGroup - 1) / perGroup;
    this.slots = Math.max(1, Math.min(groups, MAX_SLOTS));
  }

  /**
   * Groups for {@code n} samples that each need {@code floatsPerSample} floats of work buffer, within
   * {@code budget} floats per group (a sample larger than the budget gets a group of its own).
   */
  static SampleGroups of(int n, long floatsPerSample, int budget) {
    long byBudget = Math.max(1, budget / Math.max(1, floatsPerSample));
    int byCount = Math.max(1, (n + MIN_GROUPS - 1) / MIN_GROUPS);
    return new SampleGroups(n, (int) Math.min(byBudget, byCount));
  }

  /** Number of groups (0 for an empty batch). */
  int count() {
    return groups;
  }

  /** First sample of group {@code g}. */
  int start(int g) {
    return g * perGroup;
  }

  /** One past the last sample of group {@code g}. */
  int end(int g) {
    return Math.min(n, (g + 1) * perGroup);
  }

  /** Number of slots, at least 1. */
  int slots() {
    return slots;
  }

  /** First group of slot {@code s} ({@code firstOfSlot(slots())} is {@link #count()}). */
  int firstOfSlot(int s) {
    return (int) ((long) groups * s / slots);
  }
}
