package org.dropout4j.tensor.blas;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the blocks of one large product on the calling thread and a small shared pool. Blocks are taken from a
 * counter by whoever is free, so a pool thread that does not get a core (a busy machine) costs nothing: the caller
 * then does every block itself. Which thread computes a block never changes what it computes, so results do not
 * depend on the number of threads; the block boundaries come from the shape alone.
 */
final class RowBlocks {
  /** Threads that may work on one product, the caller included. */
  static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
    Thread t = new Thread(r, "dropout4j-gemm");
    t.setDaemon(true);
    return t;
  });

  private RowBlocks() {
  }

  /** Calls {@code block.accept(i)} once for every {@code i < blocks}, in parallel, and returns when all are done. */
  static void run(int blocks, IntConsumer block) {
    if (blocks <= 1 || THREADS == 1) {
      for (int i = 0; i < blocks; i++) {
        block.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(blocks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < blocks; i = next.getAndIncrement()) {
        try {
          block.accept(i);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.countDown();
        }
      }
    };
    for (int t = 1; t < Math.min(THREADS, blocks); t++) {
      POOL.execute(worker);
    }
    worker.run();
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the blocks of a matrix product", e);
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
  }
}
