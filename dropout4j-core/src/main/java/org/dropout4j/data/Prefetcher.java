package org.dropout4j.data;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pass read ahead by a daemon thread into a bounded queue. The thread owns the inner pass (it closes it when it
 * ends); {@link #close()} interrupts the thread, drops the queued batches and waits for the thread to finish. An
 * exception of the inner pass is queued and rethrown by {@link #next()} in the consumer.
 */
final class Prefetcher implements BatchIterator {
  private static final Object END = new Object();
  private static final long JOIN_MILLIS = 10_000;

  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private Object pending;
  private boolean closed;

  /** A failure of the producing thread, to rethrow in the consumer. */
  private record Failure(Throwable error) {
  }

  Prefetcher(BatchIterator inner, int depth) {
    this.queue = new ArrayBlockingQueue<>(depth + 1);
    this.thread = new Thread(() -> produce(inner), "dropout4j-prefetch");
    thread.setDaemon(true);
    thread.start();
  }

  private void produce(BatchIterator inner) {
    try (inner) {
      while (inner.hasNext()) {
        queue.put(inner.next());
      }
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed by the consumer: just end
    } catch (RuntimeException | Error e) {
      fail(e);
    }
  }

  /**
   * Queues the failure behind the batches read before it (blocking while the queue is full), so the consumer gets
   * every batch before the failing one, then the failure; a close meanwhile interrupts the wait and ends the thread.
   */
  private void fail(Throwable e) {
    try {
      queue.put(new Failure(e));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    if (pending == null) {
      try {
        pending = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while waiting for the next prefetched batch", e);
      }
    }
    if (pending instanceof Failure f) {
      pending = null;
      close();
      if (f.error() instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) f.error();
    }
    return pending != END;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the pass is over");
    }
    Batch b = (Batch) pending;
    pending = null;
    return b;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pending = null;
    thread.interrupt();
    queue.clear();
    try {
      thread.join(TimeUnit.MILLISECONDS.toMillis(JOIN_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    queue.clear();
  }

  /** Whether the reading thread has ended (for tests of a clean shutdown). */
  boolean threadEnded() {
    return !thread.isAlive();
  }
}
