package org.dropout4j.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongFunction;
import org.dropout4j.random.RngKey;

/**
 * A source of batches for {@code fit}, {@code evaluate} and {@code predict} that need not fit in memory, in the
 * spirit of {@code tf.data.Dataset}: rows read in chunks from {@link RowSource}s (a {@code .npy} or IDX file, a
 * tensor), an optional shuffle buffer, batching and prefetching on another thread. Immutable: each method returns
 * a new dataset. Whatever the order of the calls, the pipeline is rows, then {@link #shuffle}, then
 * {@link #batch}, then {@link #prefetch} (tf.data's usual {@code shuffle(b).batch(n).prefetch(k)}).
 *
 * <p>Memory: a pass holds at most the shuffle buffer ({@code bufferSize} rows), a read-ahead chunk per source
 * (about 256 KB), the batch being built and {@code depth} prefetched batches, whatever the number of rows.
 *
 * <p>Randomness: {@link #shuffle(int, long)} takes its seed explicitly; pass {@code p} (fit's epoch) draws from
 * {@code RngKey.of(seed).fold(p)}, so the same seed gives the same order bit for bit, a different one each epoch
 * ({@code reshuffle_each_iteration=True}), independent of prefetching and threads.
 *
 * <pre>{@code
 * Dataset train = Dataset.fromRows(NpyFile.open(xPath), NpyFile.open(yPath))
 *     .shuffle(10_000, 42).batch(128).prefetch(2);
 * model.fit(train, FitOptions.builder().epochs(5).build());
 * }</pre>
 */
public final class Dataset {
  /** The cardinality of a dataset whose number of batches per pass is not known. */
  public static final long UNKNOWN_CARDINALITY = -1;
  /** Keras' default batch size, used until {@link #batch(int)} says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  private final List<RowSource> x;
  private final List<RowSource> y;
  private final RowSource weights;
  private final LongFunction<? extends Iterator<Batch>> generator;
  private final long generatorCardinality;
  private final int batchSize;
  private final int shuffleBuffer;
  private final long shuffleSeed;
  private final int prefetch;

  private Dataset(List<RowSource> x, List<RowSource> y, RowSource weights,
      LongFunction<? extends Iterator<Batch>> generator, long generatorCardinality, int batchSize,
      int shuffleBuffer, long shuffleSeed, int prefetch) {
    this.x = x;
    this.y = y;
    this.weights = weights;
    this.generator = generator;
    this.generatorCardinality = generatorCardinality;
    this.batchSize = batchSize;
    this.shuffleBuffer = shuffleBuffer;
    this.shuffleSeed = shuffleSeed;
    this.prefetch = prefetch;
  }

  /** Batches of one input and one target source. */
  public static Dataset fromRows(RowSource x, RowSource y) {
    return fromRows(List.of(x), List.of(y), null);
  }

  /**
   * Batches of rows of several sources read together: row {@code i} of every source is sample {@code i}.
   *
   * @param x one source per model input (at least one)
   * @param y one source per model output, or empty for prediction-only data
   * @param sampleWeight one weight per row, or {@code null}
   * @throws IllegalArgumentException if there is no input or the sources' row counts differ (the message names them)
   */
  public static Dataset fromRows(List<RowSource> x, List<RowSource> y, RowSource sampleWeight) {
    if (x == null || x.isEmpty() || y == null) {
      throw new IllegalArgumentException("Dataset.fromRows needs at least one input source and a (possibly empty) "
          + "list of target sources, received x=" + x + ", y=" + y);
    }
    List<RowSource> all = new ArrayList<>(x);
    all.addAll(y);
    if (sampleWeight != null) {
      all.add(sampleWeight);
      if (sampleWeight.rowSize() != 1) {
        throw new IllegalArgumentException("Invalid sample_weight source " + sampleWeight.description()
            + ": expected one weight per row, received rows of shape " + sampleWeight.rowShape());
      }
    }
    long n = x.get(0).rows();
    for (RowSource s : all) {
      if (s.rows() != n) {
        throw new IllegalArgumentException("Data cardinality is ambiguous: " + x.get(0).description() + " has " + n
            + " rows but " + s.description() + " has " + s.rows() + "; all sources need the same number of rows");
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("Dataset.fromRows: " + x.get(0).description() + " has no rows");
    }
    return new Dataset(List.copyOf(x), List.copyOf(y), sampleWeight, null, 0, DEFAULT_BATCH_SIZE, 0, 0, 0);
  }

  /**
   * A dataset of ready-made batches (Keras' generator or {@code PyDataset} input): {@code passes.apply(p)} returns
   * pass {@code p}'s batches. {@link #shuffle} and {@link #batch} do not apply; {@link #prefetch} does.
   *
   * @param cardinality batches per pass, or {@link #UNKNOWN_CARDINALITY}
   * @throws IllegalArgumentException if {@code passes} is null or the cardinality is below -1 or 0
   */
  public static Dataset fromBatches(LongFunction<? extends Iterator<Batch>> passes, long cardinality) {
    if (passes == null || cardinality == 0 || cardinality < UNKNOWN_CARDINALITY) {
      throw new IllegalArgumentException("Dataset.fromBatches needs a pass function and a cardinality >= 1 or "
          + "UNKNOWN_CARDINALITY (-1), received passes=" + passes + ", cardinality=" + cardinality);
    }
    return new Dataset(null, null, null, passes, cardinality, 0, 0, 0, 0);
  }

  /**
   * Shuffles rows through a buffer of {@code bufferSize} rows, as {@code tf.data.Dataset.shuffle}: the buffer is
   * filled with the next rows, each output row is drawn uniformly from it and its place refilled with the next
   * row. A buffer of at least the number of rows shuffles uniformly; a smaller one only locally (and needs less
   * memory).
   *
   * @param bufferSize rows in the buffer, {@code >= 1}
   * @param seed the seed of every pass's order
   * @throws IllegalArgumentException if {@code bufferSize < 1}
   * @throws IllegalStateException for a dataset of ready-made batches
   */
  public Dataset shuffle(int bufferSize, long seed) {
    requireRows("shuffle");
    if (bufferSize < 1) {
      throw new IllegalArgumentException("Invalid value for argument `buffer_size`: expected an integer >= 1, "
          + "received buffer_size=" + bufferSize);
    }
    return new Dataset(x, y, weights, null, 0, batchSize, bufferSize, seed, prefetch);
  }

  /**
   * Groups rows into batches of {@code size} (the last one smaller if the rows do not divide evenly, as
   * {@code drop_remainder=False}).
   *
   * @throws IllegalArgumentException if {@code size < 1}
   * @throws IllegalStateException for a dataset of ready-made batches
   */
  public Dataset batch(int size) {
    requireRows("batch");
    if (size < 1) {
      throw new IllegalArgumentException("Invalid value for argument `batch_size`: expected an integer >= 1, "
          + "received batch_size=" + size);
    }
    return new Dataset(x, y, weights, null, 0, size, shuffleBuffer, shuffleSeed, prefetch);
  }

  /**
   * Reads up to {@code depth} batches ahead on a separate daemon thread (0: no thread). Closing the pass, or an
   * exception on either side, stops the thread; an exception while reading is rethrown by {@code next()}.
   *
   * @throws IllegalArgumentException if {@code depth < 0}
   */
  public Dataset prefetch(int depth) {
    if (depth < 0) {
      throw new IllegalArgumentException("Invalid value for argument `buffer_size` of prefetch: expected an integer "
          + ">= 0, received " + depth);
    }
    return new Dataset(x, y, weights, generator, generatorCardinality, batchSize, shuffleBuffer, shuffleSeed, depth);
  }

  /** The number of batches per pass, or {@link #UNKNOWN_CARDINALITY}. */
  public long cardinality() {
    if (generator != null) {
      return generatorCardinality;
    }
    return (x.get(0).rows() + batchSize - 1) / batchSize;
  }

  /** The number of target tensors per batch, or -1 if only the batches know (ready-made batches). */
  public int targetCount() {
    return generator != null ? -1 : y.size();
  }

  /** The batch size ({@link #DEFAULT_BATCH_SIZE} unless set), or 0 for ready-made batches. */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Starts pass {@code pass} over the batches (fit uses its epoch number, so each epoch is shuffled differently and
   * a resumed fit sees the same order as an uninterrupted one). Close the iterator when done.
   *
   * @param pass the pass number, {@code >= 0}
   */
  public BatchIterator iterator(long pass) {
    BatchIterator inner;
    if (generator != null) {
      inner = new GeneratedPass(generator.apply(pass));
    } else {
      RngKey key = shuffleBuffer > 0 ? RngKey.of(shuffleSeed).fold(pass) : null;
      inner = new RowPass(x, y, weights, batchSize, shuffleBuffer, key);
    }
    return prefetch > 0 ? new Prefetcher(inner, prefetch) : inner;
  }

  private void requireRows(String method) {
    if (generator != null) {
      throw new IllegalStateException(method + "() applies to a dataset of rows (Dataset.fromRows); a dataset of "
          + "ready-made batches (Dataset.fromBatches) is shuffled and batched by its generator");
    }
  }

  @Override
  public String toString() {
    if (generator != null) {
      return "Dataset[batches, cardinality=" + generatorCardinality + ", prefetch=" + prefetch + "]";
    }
    return "Dataset[" + x.get(0).rows() + " rows, batch=" + batchSize + ", shuffle_buffer=" + shuffleBuffer
        + ", prefetch=" + prefetch + "]";
  }

  /** A generator's iterator as a pass (closed if it is {@link AutoCloseable}). */
  private static final class GeneratedPass implements BatchIterator {
    private final Iterator<Batch> it;

    GeneratedPass(Iterator<Batch> it) {
      if (it == null) {
        throw new IllegalArgumentException("Dataset.fromBatches: the pass function returned null");
      }
      this.it = it;
    }

    @Override
    public boolean hasNext() {
      return it.hasNext();
    }

    @Override
    public Batch next() {
      return it.next();
    }

    @Override
    public void close() {
      if (it instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException("closing a generated pass failed: " + e.getMessage(), e);
        }
      }
    }
  }
}
