package org.dropout4j.tensor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the independent tasks of one kernel (the row blocks of a large product, the sample groups of a convolution,
 * the batch slices of a recurrent layer) on the calling thread and a small shared pool.
 *
 * <p>Tasks are taken from a counter by whoever is free, so a pool thread that does not get a core (a busy machine)
 * costs nothing: the caller then runs every task itself. Callers fix the tasks from the shapes alone and never let
 * a result depend on which thread ran a task, so results do not depend on the number of threads.
 *
 * <p>Work started from inside a task runs on that task's thread ({@link #inTask()}): a convolution's per-group
 * matrix products do not split again, and no pool thread ever waits for another. A task body is marked as one
 * however it runs (on a pool thread, on the caller, or inline with one task or one processor), so what nested code
 * does depends on the call structure only, never on the number of threads.
 *
 * <pre>{@code
 * float[] out = new float[n];
 * Parallel.run(4, t -> fillQuarter(out, t));   // four fixed quarters, on up to THREADS threads
 * }</pre>
 */
public final class Parallel {
  /** Threads that may work on one call, the caller included: the available processors. */
  public static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  /** Set on pool threads, and on a caller while it runs tasks. */
  private static final ThreadLocal<boolean[]> IN_TASK = ThreadLocal.withInitial(() -> new boolean[1]);

  private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
    Thread t = new Thread(() -> {
      IN_TASK.get()[0] = true;
      r.run();
    }, "dropout4j-worker");
    t.setDaemon(true);
    return t;
  });

  private Parallel() {
  }

  /** Whether the current thread is running a task of {@link #run} (work it starts then stays on it). */
  public static boolean inTask() {
    return IN_TASK.get()[0];
  }

  /**
   * Calls {@code task.accept(i)} once for every {@code 0 <= i < tasks}, in parallel, and returns when all are done.
   * Called from inside a task, or with one thread, it runs the tasks in order on the current thread. The first
   * exception a task throws is rethrown after all tasks finished.
   *
   * @param tasks number of tasks, at least 0
   * @param task the body; tasks must not write to the same memory
   */
  public static void run(int tasks, IntConsumer task) {
    boolean[] inTask = IN_TASK.get();
    if (tasks <= 1 || THREADS == 1 || inTask[0]) {
      // still marked as a task, so that nested work behaves the same whatever the thread count
      boolean outer = inTask[0];
      inTask[0] = true;
      try {
        for (int i = 0; i < tasks; i++) {
          task.accept(i);
        }
      } finally {
        inTask[0] = outer;
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(tasks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
        try {
          task.accept(i);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.countDown();
        }
      }
    };
    for (int t = 1; t < Math.min(THREADS, tasks); t++) {
      POOL.execute(worker);
    }
    inTask[0] = true;
    try {
      worker.run();
    } finally {
      inTask[0] = false;
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the tasks of a parallel kernel", e);
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
