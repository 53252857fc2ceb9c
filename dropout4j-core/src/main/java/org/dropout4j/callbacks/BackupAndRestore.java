package org.dropout4j.callbacks;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.data.AtomicWrite;

/**
 * Keras' {@code BackupAndRestore(backup_dir, save_freq="epoch", delete_checkpoint=True)}: at the end of every epoch
 * the whole training state is written to {@code backup_dir}; if a fit is interrupted (an exception, a killed
 * process), the next fit with the same callback starts by restoring it and continues at the next epoch; when a fit
 * ends normally the backup is deleted (unless {@code deleteCheckpoint} is false).
 *
 * <p>The state is the model's weights, the optimizer's state and iteration count, the learning rate and the model's
 * training counters, which select every shuffle and dropout mask: a resumed fit reaches bit for bit the weights of
 * an uninterrupted one (given the same model seed, data and options). As in Keras, other callbacks' state (e.g.
 * EarlyStopping's wait count) is not saved. An epoch interrupted midway is run again from its start.
 *
 * <p>File: {@code backup_dir/training_state.bin}, written atomically (a temporary file renamed over the old one, so
 * a crash while saving leaves the previous backup intact): the magic {@code D4JBACKUP}, a format version, then the
 * snapshot's fields as big-endian numbers.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.builder().epochs(100).callbacks(new BackupAndRestore(Path.of("backup"))).build());
 * }</pre>
 */
public final class BackupAndRestore implements Callback {
  /** The backup file's name inside the backup folder. */
  public static final String FILE_NAME = "training_state.bin";
  /** The newest format version written and read. */
  public static final int VERSION = 1;
  private static final String MAGIC = "D4JBACKUP";
  private static final int MAX_ARRAYS = 1 << 20;

  private final Path dir;
  private final boolean deleteCheckpoint;

  /** Backs up into {@code backupDir} and deletes the backup when a fit ends normally. */
  public BackupAndRestore(Path backupDir) {
    this(backupDir, true);
  }

  /**
   * @param backupDir the folder of the backup (created when first needed)
   * @param deleteCheckpoint whether to delete the backup when a fit ends normally (Keras' default: true)
   * @throws IllegalArgumentException if {@code backupDir} is null or an existing regular file
   */
  public BackupAndRestore(Path backupDir, boolean deleteCheckpoint) {
    if (backupDir == null || Files.isRegularFile(backupDir)) {
      throw new IllegalArgumentException("Invalid value for argument `backup_dir` of BackupAndRestore: expected a "
          + "folder, received " + backupDir);
    }
    this.dir = backupDir;
    this.deleteCheckpoint = deleteCheckpoint;
  }

  /** The backup file. */
  public Path file() {
    return dir.resolve(FILE_NAME);
  }

  @Override
  public void onTrainBegin(TrainingControl control) {
    if (!Files.isRegularFile(file())) {
      return;
    }
    TrainingSnapshot s;
    try {
      s = read(file());
    } catch (IOException e) {
      throw new UncheckedIOException("BackupAndRestore cannot read " + file() + ": " + e.getMessage(), e);
    }
    try {
      control.restore(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("BackupAndRestore: the backup " + file() + " does not fit this training ("
          + e.getMessage() + "); delete it to start afresh", e);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
    TrainingSnapshot s = control.snapshot(epoch + 1);
    try {
      AtomicWrite.file(file(), out -> write(s, new DataOutputStream(out)));
    } catch (IOException e) {
      throw new UncheckedIOException("BackupAndRestore cannot write " + file() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onTrainEnd(TrainingControl control) {
    if (!deleteCheckpoint) {
      return;
    }
    try {
      Files.deleteIfExists(file());
      if (Files.isDirectory(dir)) {
        try (var entries = Files.list(dir)) {
          if (entries.findAny().isEmpty()) {
            Files.delete(dir);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("BackupAndRestore cannot delete " + file() + ": " + e.getMessage(), e);
    }
  }

  private static void write(TrainingSnapshot s, DataOutputStream out) throws IOException {
    out.writeUTF(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(s.nextEpoch());
    out.writeLong(s.trainingStep());
    out.writeLong(s.epochsTrained());
    out.writeLong(s.optimizerIterations());
    out.writeDouble(s.learningRate());
    out.writeInt(s.weights().size());
    for (float[] w : s.weights()) {
      writeFloats(out, w);
    }
    out.writeInt(s.optimizerSlots().size());
    for (float[][] slots : s.optimizerSlots()) {
      out.writeInt(slots == null ? -1 : slots.length);
      if (slots != null) {
        for (float[] a : slots) {
          writeFloats(out, a);
        }
      }
    }
    out.flush();
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    for (float v : a) {
      out.writeFloat(v);
    }
  }

  /**
   * Reads a backup file.
   *
   * @throws IOException naming the problem if the file is not a backup, has another version, or is truncated
   */
  static TrainingSnapshot read(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      String magic = in.readUTF();
      if (!MAGIC.equals(magic)) {
        throw new IOException("not a BackupAndRestore file (it does not start with " + MAGIC + ")");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IOException("backup format version " + version + " is not supported; the newest supported is "
            + VERSION);
      }
      int nextEpoch = in.readInt();
      long step = in.readLong();
      long epochs = in.readLong();
      long iterations = in.readLong();
      double lr = in.readDouble();
      List<float[]> weights = new ArrayList<>();
      int count = count(in.readInt(), "weights");
      for (int i = 0; i < count; i++) {
        weights.add(readFloats(in, size));
      }
      List<float[][]> slots = new ArrayList<>();
      int slotCount = count(in.readInt(), "optimizer slots");
      for (int i = 0; i < slotCount; i++) {
        int k = in.readInt();
        if (k < -1 || k > 64) {
          throw new IOException("corrupt optimizer state: " + k + " arrays for weight #" + i);
        }
        float[][] s = k < 0 ? null : new float[k][];
        for (int j = 0; j < k; j++) {
          s[j] = readFloats(in, size);
        }
        slots.add(s);
      }
      if (in.read() != -1) {
        throw new IOException("unexpected bytes after the training state");
      }
      return new TrainingSnapshot(nextEpoch, weights, step, epochs, iterations, slots, lr);
    } catch (EOFException e) {
      throw new IOException("the backup is truncated (" + size + " bytes)", e);
    }
  }

  private static int count(int n, String what) throws IOException {
    if (n < 0 || n > MAX_ARRAYS) {
      throw new IOException("corrupt backup: " + n + " " + what);
    }
    return n;
  }

  private static float[] readFloats(DataInputStream in, long fileSize) throws IOException {
    int n = in.readInt();
    if (n < 0 || 4L * n > fileSize) {
      throw new IOException("corrupt backup: an array of " + n + " floats in a " + fileSize + "-byte file");
    }
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readFloat();
    }
    return a;
  }
}
