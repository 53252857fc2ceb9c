package org.dropout4j.data;

import java.util.Iterator;

/**
 * One pass over a {@link Dataset}'s batches. Close it when done, also after an exception or an early stop: a
 * prefetching pass then stops its thread and drops the batches it had read ahead.
 */
public interface BatchIterator extends Iterator<Batch>, AutoCloseable {
  /** Stops the pass and releases what it holds; idempotent. */
  @Override
  void close();
}
