package org.dropout4j.cli.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The default {@link TrialEngine}: a fixed pool of daemon threads in this JVM, one trial per thread at a time
 * (each trial trains single-threaded, so the records do not depend on the thread count). Nothing to install.
 */
public final class EmbeddedEngine implements TrialEngine {
  private final int threads;

  /**
   * @param threads worker threads, {@code >= 1}
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public EmbeddedEngine(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("invalid value for argument `threads`: expected an integer >= 1, received "
          + "threads=" + threads);
    }
    this.threads = threads;
  }

  @Override
  public String describe() {
    return "embedded (" + threads + " thread" + (threads == 1 ? "" : "s") + ")";
  }

  @Override
  public void run(ExperimentRunner runner, List<Trial> pending, Sink sink) throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, pending.size())), r -> {
      Thread th = new Thread(r, "experiment-trial");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Trial t : pending) {
        futures.add(pool.submit(() -> {
          sink.accept(runner.execute(t));
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
