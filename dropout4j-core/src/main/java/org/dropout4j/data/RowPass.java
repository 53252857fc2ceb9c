package org.dropout4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.dropout4j.random.RngKey;
import org.dropout4j.random.RngStream;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * One pass over row sources: in order (each batch read straight from the sources), or through a shuffle buffer
 * fed by read-ahead chunks (tf.data's algorithm: draw a uniform slot, emit its row, refill the slot with the next
 * row; once the input is exhausted the last slot moves into the emptied one).
 */
final class RowPass implements BatchIterator {
  /** Floats read ahead per source when shuffling (256 KB). */
  private static final int CHUNK_FLOATS = 1 << 16;

  private final List<RowSource> sources;
  private final int inputs;
  private final int targets;
  private final boolean weighted;
  private final long rows;
  private final int batchSize;
  private final RngStream rng;
  private long emitted;
  private long read;
  private float[][] buffer;
  private float[][] chunk;
  private long chunkStart;
  private int chunkRows;
  private int filled;
  private boolean closed;

  RowPass(List<RowSource> x, List<RowSource> y, RowSource weights, int batchSize, int shuffleBuffer, RngKey key) {
    this.sources = new ArrayList<>(x);
    sources.addAll(y);
    if (weights != null) {
      sources.add(weights);
    }
    this.inputs = x.size();
    this.targets = y.size();
    this.weighted = weights != null;
    this.rows = x.get(0).rows();
    this.batchSize = batchSize;
    this.rng = key == null ? null : key.stream();
    if (rng != null) {
      int slots = (int) Math.min(shuffleBuffer, rows);
      buffer = new float[sources.size()][];
      chunk = new float[sources.size()][];
      int widest = 1;
      for (RowSource s : sources) {
        widest = Math.max(widest, s.rowSize());
      }
      chunkRows = Math.max(1, CHUNK_FLOATS / widest);
      for (int s = 0; s < sources.size(); s++) {
        buffer[s] = new float[Math.multiplyExact(slots, sources.get(s).rowSize())];
        chunk[s] = new float[chunkRows * sources.get(s).rowSize()];
      }
      chunkStart = -chunkRows;
      for (int slot = 0; slot < slots; slot++) {
        fillSlot(slot);
        filled++;
      }
    }
  }

  @Override
  public boolean hasNext() {
    return !closed && emitted < rows;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException(closed ? "the pass was closed" : "the pass is over after " + rows + " rows");
    }
    int count = (int) Math.min(batchSize, rows - emitted);
    float[][] out = new float[sources.size()][];
    for (int s = 0; s < out.length; s++) {
      out[s] = new float[count * sources.get(s).rowSize()];
      if (rng == null) {
        sources.get(s).read(emitted, count, out[s], 0);
      }
    }
    if (rng != null) {
      for (int r = 0; r < count; r++) {
        int slot = rng.nextInt(filled);
        for (int s = 0; s < out.length; s++) {
          int w = sources.get(s).rowSize();
          System.arraycopy(buffer[s], slot * w, out[s], r * w, w);
        }
        if (read < rows) {
          fillSlot(slot);
        } else {
          filled--;
          for (int s = 0; s < out.length; s++) {
            int w = sources.get(s).rowSize();
            System.arraycopy(buffer[s], filled * w, buffer[s], slot * w, w);
          }
        }
      }
    } else {
      read += count;
    }
    emitted += count;
    List<Tensor> xs = new ArrayList<>();
    List<Tensor> ys = new ArrayList<>();
    for (int s = 0; s < inputs + targets; s++) {
      Tensor t = tensor(sources.get(s).rowShape(), count, out[s]);
      (s < inputs ? xs : ys).add(t);
    }
    Tensor w = weighted ? Tensor.of(Shape.of(count), out[out.length - 1]) : null;
    return new Batch(xs, ys, w);
  }

  private static Tensor tensor(Shape rowShape, int count, float[] values) {
    int[] dims = new int[rowShape.rank() + 1];
    dims[0] = count;
    for (int i = 0; i < rowShape.rank(); i++) {
      dims[i + 1] = rowShape.dim(i);
    }
    return Tensor.of(Shape.of(dims), values);
  }

  /** Copies the next input row of every source into {@code slot}, reading a new chunk when needed. */
  private void fillSlot(int slot) {
    if (read >= chunkStart + chunkRows) {
      chunkStart = read;
      int n = (int) Math.min(chunkRows, rows - read);
      for (int s = 0; s < sources.size(); s++) {
        sources.get(s).read(read, n, chunk[s], 0);
      }
    }
    int at = (int) (read - chunkStart);
    for (int s = 0; s < sources.size(); s++) {
      int w = sources.get(s).rowSize();
      System.arraycopy(chunk[s], at * w, buffer[s], slot * w, w);
    }
    read++;
  }

  @Override
  public void close() {
    closed = true;
    buffer = null;
    chunk = null;
  }
}
