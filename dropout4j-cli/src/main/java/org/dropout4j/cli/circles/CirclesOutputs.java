package org.dropout4j.cli.circles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dropout4j.cli.report.AtomicFiles;
import org.dropout4j.cli.report.LearningCurvePlot;
import org.knowm.xchart.XYChart;

/**
 * The output files of a study, each produced on a worker as soon as its data exists.
 *
 * <p>A file whose data is ready before the trainings end (a decision map needs one trained model) is encoded into
 * memory right away ({@link #encodeEarly}) and written only by {@link #finish()}, so an interrupted or failed study
 * writes nothing. The rest are submitted with {@link #write} once the trainings are done; a chart's PNG and its SVG
 * are two tasks, so that two workers share the charts out evenly.
 *
 * <p>Not done: initialising the chart stack (Java2D, fonts, the PNG writer, XChart's SVG encoder) on a worker
 * while the models train. Measured on 2 cores (2026-12-03, load average 7-8, 5 alternating pairs of whole
 * {@code circles --repeats 1} processes) it slowed the trainings it ran beside more than it saved afterwards:
 * median 5.94 s with it, 5.26 s without.
 */
public final class CirclesOutputs implements AutoCloseable {
  /** Produces one file (or several) when run. */
  @FunctionalInterface
  public interface Output {
    /** Writes the output's files. */
    void write() throws IOException;
  }

  private final ExecutorService pool;
  private final List<Future<?>> tasks = new ArrayList<>();
  private final Map<Path, Future<byte[]>> early = new LinkedHashMap<>();

  /** @param workers threads for the outputs, {@code >= 1} */
  public CirclesOutputs(int workers) {
    pool = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
      Thread t = new Thread(r, "circles-outputs");
      t.setDaemon(true);   // an abandoned output never keeps the JVM alive
      return t;
    });
  }

  /**
   * Encodes {@code file}'s content now, on a worker; {@link #finish()} writes it.
   *
   * @param body writes the whole content (as for {@link AtomicFiles#write})
   */
  public synchronized void encodeEarly(Path file, AtomicFiles.Body body) {
    early.put(file, pool.submit(() -> {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
      body.writeTo(bytes);
      return bytes.toByteArray();
    }));
  }

  /** Runs {@code output} on a worker. */
  public synchronized void write(Output output) {
    tasks.add(pool.submit(() -> {
      output.write();
      return null;
    }));
  }

  /** Writes {@code chart} as PNG on one worker and as SVG on another. */
  public void writeChart(java.util.function.Supplier<XYChart> chart, Path base) {
    write(() -> LearningCurvePlot.writePng(chart.get(), base.resolveSibling(base.getFileName() + ".png")));
    write(() -> LearningCurvePlot.writeSvg(chart.get(), base.resolveSibling(base.getFileName() + ".svg")));
  }

  /**
   * Writes the early files, waits for every output and throws the first failure once all have finished.
   *
   * @throws IOException the first output's I/O failure
   */
  public void finish() throws IOException {
    synchronized (this) {
      for (Map.Entry<Path, Future<byte[]>> e : early.entrySet()) {
        Future<byte[]> content = e.getValue();
        tasks.add(pool.submit(() -> {
          byte[] bytes = content.get();
          AtomicFiles.write(e.getKey(), out -> out.write(bytes));
          return null;
        }));
      }
    }
    Throwable failure = null;
    for (Future<?> f : tasks) {
      try {
        f.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() instanceof ExecutionException ? e.getCause().getCause() : e.getCause();
        failure = failure == null ? cause : failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while writing the outputs", e);
      }
    }
    if (failure instanceof IOException) {
      throw (IOException) failure;
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  /** Stops the workers; outputs not yet finished are abandoned and nothing more is written. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
