package org.dropout4j.callbacks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Keras' {@code TensorBoard} callback for epoch scalars: event files that TensorBoard reads, one under
 * {@code log_dir/train} and one under {@code log_dir/validation}, holding after each epoch the scalar
 * {@code epoch_<name>} for every logged value (validation values without their {@code val_} prefix, in the
 * validation file) at step = epoch, plus {@code epoch_learning_rate} in the training file, as Keras 3 writes them.
 *
 * <p>Format: TFRecord framing (little-endian length, masked CRC-32C of the length, the record, masked CRC-32C of the
 * record) around {@code tensorflow.Event} protocol buffers, encoded here directly: the first event carries
 * {@code file_version = "brain.Event:2"}, then each scalar is a {@code Summary.Value} with a float32 scalar tensor
 * and the {@code scalars} plugin's metadata, as {@code tf.summary.scalar} writes it. Graphs are not written.
 *
 * <p>Weight histograms (Keras' {@code histogram_freq}): every {@code histogramFreq} epochs (epoch 0 included) each
 * weight of the model, trainable or not, as the tensor {@code <model>/<layer>/<weight>/histogram} in the training
 * file at step = epoch, in the {@code histograms} plugin's form that {@code tf.summary.histogram} writes: a float64
 * {@code (30, 3)} tensor of {@code [left, right, count]} rows, 30 equal buckets from the minimum to the maximum (a
 * value on an inner edge counts in the bucket to its right, the maximum in the last bucket; a constant weight has
 * every edge at its value and all counts in the last bucket).
 */
public final class TensorBoard implements Callback {
  private static final int MASK_DELTA = 0xa282ead8;
  /** The buckets of a histogram, as {@code tf.summary.histogram}'s default. */
  static final int HISTOGRAM_BUCKETS = 30;
  private final Path logDir;
  private final int histogramFreq;
  private OutputStream train;
  private OutputStream validation;

  /**
   * @param logDir the log directory (Keras' {@code log_dir}, default {@code "logs"})
   * @throws IllegalArgumentException if it is {@code null}
   */
  public TensorBoard(Path logDir) {
    this(logDir, 0);
  }

  /**
   * @param logDir the log directory (Keras' {@code log_dir}, default {@code "logs"})
   * @param histogramFreq write weight histograms every this many epochs (Keras' {@code histogram_freq}; 0, the
   *     default, for none)
   * @throws IllegalArgumentException if {@code logDir} is {@code null} or {@code histogramFreq} is negative
   */
  public TensorBoard(Path logDir, int histogramFreq) {
    if (logDir == null) {
      throw new IllegalArgumentException("TensorBoard needs a log_dir, received null");
    }
    if (histogramFreq < 0) {
      throw new IllegalArgumentException("Invalid value for argument `histogram_freq` of TensorBoard: expected an "
          + "integer >= 0, received histogram_freq=" + histogramFreq);
    }
    this.logDir = logDir;
    this.histogramFreq = histogramFreq;
  }

  @Override
  public void onTrainBegin(TrainingControl control) {
    try {
      train = open(logDir.resolve("train"));
      validation = null;
    } catch (IOException e) {
      throw new UncheckedIOException("TensorBoard: cannot write to " + logDir, e);
    }
  }

  private static OutputStream open(Path dir) throws IOException {
    Files.createDirectories(dir);
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    long now = System.currentTimeMillis();
    Path file = dir.resolve("events.out.tfevents." + now / 1000 + "." + host + "." + ProcessHandle.current().pid()
        + "." + System.nanoTime() % 1000 + ".v2");
    OutputStream out = Files.newOutputStream(file);
    writeRecord(out, event(now / 1000.0, 0, "brain.Event:2", null, 0f));
    out.flush();
    return out;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
    try {
      double wall = System.currentTimeMillis() / 1000.0;
      boolean hasLr = logs.containsKey("learning_rate");
      for (Map.Entry<String, Double> e : logs.entrySet()) {
        if (e.getKey().startsWith("val_")) {
          if (validation == null) {
            validation = open(logDir.resolve("validation"));
          }
          writeRecord(validation, event(wall, epoch, null, "epoch_" + e.getKey().substring(4),
              e.getValue().floatValue()));
        } else {
          writeRecord(train, event(wall, epoch, null, "epoch_" + e.getKey(), e.getValue().floatValue()));
        }
      }
      if (!hasLr) {
        double lr;
        try {
          lr = control.learningRate();
          writeRecord(train, event(wall, epoch, null, "epoch_learning_rate", (float) lr));
        } catch (UnsupportedOperationException ignored) {
          // a training loop without an optimizer to ask
        }
      }
      if (histogramFreq > 0 && epoch % histogramFreq == 0) {
        List<String> paths = control.weightPaths();
        List<float[]> weights = control.snapshotWeights();
        for (int i = 0; i < paths.size(); i++) {
          writeRecord(train, histogramEvent(wall, epoch, paths.get(i) + "/histogram", buckets(weights.get(i))));
        }
      }
      train.flush();
      if (validation != null) {
        validation.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("TensorBoard: cannot write to " + logDir, e);
    }
  }

  @Override
  public void onTrainEnd(TrainingControl control) {
    try {
      if (train != null) {
        train.close();
      }
      if (validation != null) {
        validation.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("TensorBoard: cannot close the event files in " + logDir, e);
    } finally {
      train = null;
      validation = null;
    }
  }

  /** An Event: wall_time (1), step (2), then file_version (3) or a one-value summary (5). */
  static byte[] event(double wallTime, long step, String fileVersion, String tag, float value) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x09); // wall_time, double
    writeFixed64(b, Double.doubleToLongBits(wallTime));
    b.write(0x10); // step, varint
    writeVarint(b, step);
    if (fileVersion != null) {
      writeBytes(b, 0x1a, fileVersion.getBytes(StandardCharsets.UTF_8));
    } else {
      writeBytes(b, 0x2a, summary(tag, value));
    }
    return b.toByteArray();
  }

  /** Summary{value: [Value{tag, metadata{plugin_data{plugin_name: "scalars"}}, tensor: float32 scalar}]}. */
  private static byte[] summary(String tag, float value) {
    ByteArrayOutputStream pluginData = new ByteArrayOutputStream();
    writeBytes(pluginData, 0x0a, "scalars".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream metadata = new ByteArrayOutputStream();
    writeBytes(metadata, 0x0a, pluginData.toByteArray());
    ByteArrayOutputStream tensor = new ByteArrayOutputStream();
    tensor.write(0x08); // dtype = DT_FLOAT
    tensor.write(0x01);
    writeBytes(tensor, 0x12, new byte[0]); // tensor_shape: a scalar
    byte[] f = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
    writeBytes(tensor, 0x2a, f); // float_val, packed
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    writeBytes(v, 0x0a, tag.getBytes(StandardCharsets.UTF_8));
    writeBytes(v, 0x42, tensor.toByteArray()); // tensor = 8
    writeBytes(v, 0x4a, metadata.toByteArray()); // metadata = 9
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    writeBytes(s, 0x0a, v.toByteArray());
    return s.toByteArray();
  }

  /**
   * {@code tf.summary.histogram}'s buckets of {@code values}: {@code [left, right, count]} per bucket, row after row;
   * all zeros for no values.
   */
  static double[] buckets(float[] values) {
    int k = HISTOGRAM_BUCKETS;
    double[] out = new double[3 * k];
    if (values.length == 0) {
      return out;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = max - min;
    if (range == 0) {
      for (int i = 0; i < k; i++) {
        out[3 * i] = max;
        out[3 * i + 1] = max;
      }
      out[3 * k - 1] = values.length;
      return out;
    }
    double width = range / k;
    for (float v : values) {
      int index = (int) Math.floor(((double) v - min) / width);
      out[3 * Math.min(index, k - 1) + 2] += 1;
    }
    double step = range / k; // tf.linspace(min, max, k + 1), its last edge set to max
    for (int i = 0; i < k; i++) {
      out[3 * i] = min + step * i;
      out[3 * i + 1] = i + 1 == k ? max : min + step * (i + 1);
    }
    return out;
  }

  /** An Event holding one histogram: a float64 (30, 3) tensor with the {@code histograms} plugin's metadata. */
  static byte[] histogramEvent(double wallTime, long step, String tag, double[] buckets) {
    ByteArrayOutputStream pluginData = new ByteArrayOutputStream();
    writeBytes(pluginData, 0x0a, "histograms".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream metadata = new ByteArrayOutputStream();
    writeBytes(metadata, 0x0a, pluginData.toByteArray());
    ByteArrayOutputStream shape = new ByteArrayOutputStream();
    for (long size : new long[] {buckets.length / 3, 3}) {
      ByteArrayOutputStream dim = new ByteArrayOutputStream();
      dim.write(0x08); // Dim.size
      writeVarint(dim, size);
      writeBytes(shape, 0x12, dim.toByteArray()); // TensorShapeProto.dim
    }
    ByteArrayOutputStream tensor = new ByteArrayOutputStream();
    tensor.write(0x08); // dtype = DT_DOUBLE
    tensor.write(0x02);
    writeBytes(tensor, 0x12, shape.toByteArray());
    ByteBuffer d = ByteBuffer.allocate(8 * buckets.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : buckets) {
      d.putDouble(v);
    }
    writeBytes(tensor, 0x32, d.array()); // double_val = 6, packed
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    writeBytes(v, 0x0a, tag.getBytes(StandardCharsets.UTF_8));
    writeBytes(v, 0x42, tensor.toByteArray());
    writeBytes(v, 0x4a, metadata.toByteArray());
    ByteArrayOutputStream summary = new ByteArrayOutputStream();
    writeBytes(summary, 0x0a, v.toByteArray());
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x09);
    writeFixed64(b, Double.doubleToLongBits(wallTime));
    b.write(0x10);
    writeVarint(b, step);
    writeBytes(b, 0x2a, summary.toByteArray());
    return b.toByteArray();
  }

  private static void writeBytes(ByteArrayOutputStream b, int tag, byte[] bytes) {
    b.write(tag);
    writeVarint(b, bytes.length);
    b.write(bytes, 0, bytes.length);
  }

  private static void writeVarint(ByteArrayOutputStream b, long v) {
    while ((v & ~0x7FL) != 0) {
      b.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    b.write((int) v);
  }

  private static void writeFixed64(ByteArrayOutputStream b, long v) {
    for (int i = 0; i < 8; i++) {
      b.write((int) (v >>> (8 * i)));
    }
  }

  /** TFRecord framing: length, masked CRC of the length, data, masked CRC of the data (all little-endian). */
  static void writeRecord(OutputStream out, byte[] data) throws IOException {
    byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
    out.write(length);
    out.write(le32(maskedCrc(length)));
    out.write(data);
    out.write(le32(maskedCrc(data)));
  }

  static int maskedCrc(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data, 0, data.length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
