package org.dropout4j.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.cli.ArrayFiles;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The data of a spec with {@code dataset: files}: four {@code .npy} or {@code .csv} arrays, the inputs and the class
 * labels of the training and the test rows.
 *
 * <pre>{@code
 * data: {dataset: files, x_train: x_train.npy, y_train: y_train.npy, x_test: x_test.csv, y_test: y_test.csv}
 * }</pre>
 *
 * <p>Paths are relative to the spec file's folder. The canonical spec records each as an absolute path with the
 * SHA-256 of its bytes ({@code data.sha256}), so a resumed experiment or an executor that reads a different file
 * under the same name is refused instead of mixing two data sets (on a cluster, every node must see the files under
 * the same path). Inputs are {@code (rows, features...)} floats; labels are one integer class id per row
 * ({@code (rows)} or {@code (rows, 1)}): with at most two classes the model ends in one sigmoid unit with binary
 * cross-entropy, with more in a softmax over {@code max label + 1} classes with sparse categorical cross-entropy.
 *
 * @param xTrain absolute path of the training inputs
 * @param yTrain absolute path of the training labels
 * @param xTest absolute path of the test inputs
 * @param yTest absolute path of the test labels
 * @param sha256 the hex SHA-256 of each file's bytes, by field name ({@code x_train} ...)
 */
public record DataFiles(String xTrain, String yTrain, String xTest, String yTest, Map<String, String> sha256) {
  /** The four fields naming files, in order. */
  public static final List<String> FIELDS = List.of("x_train", "y_train", "x_test", "y_test");
  /** The most classes a label file may name (labels are {@code 0 .. classes-1}). */
  public static final int MAX_CLASSES = 100_000;

  /** The arrays read from the files, checked against each other. */
  public record Arrays(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, int classes) {
    /** True when the labels name at most two classes: one sigmoid output unit. */
    public boolean binary() {
      return classes <= 2;
    }
  }

  /** Copies the digest map. */
  public DataFiles {
    sha256 = Map.copyOf(sha256);
  }

  /** The path of a field of {@link #FIELDS}. */
  public String path(String field) {
    switch (field) {
      case "x_train":
        return xTrain;
      case "y_train":
        return yTrain;
      case "x_test":
        return xTest;
      case "y_test":
        return yTest;
      default:
        throw new IllegalArgumentException("not a data file field: " + field);
    }
  }

  /**
   * Reads the file fields of {@code data}: resolves each against {@code baseDir} and takes its digest, or checks the
   * digest already recorded in {@code data.sha256} (a canonical spec) when the file is read.
   */
  static DataFiles parse(SpecFields d, Path baseDir) {
    Map<String, String> paths = new LinkedHashMap<>();
    for (String field : FIELDS) {
      String p = d.string(field, null, null);
      if (p == null) {
        throw d.error(field, "a .npy or .csv file (required with dataset=files)", "nothing");
      }
      String lower = p.toLowerCase(java.util.Locale.ROOT);
      if (!lower.endsWith(".npy") && !lower.endsWith(".csv")) {
        throw d.error(field, "a .npy or .csv file", "\"" + p + "\"");
      }
      Path path = baseDir == null ? Path.of(p) : baseDir.resolve(p);
      paths.put(field, path.toAbsolutePath().normalize().toString());
    }
    Map<String, String> digests = new LinkedHashMap<>();
    SpecFields recorded = d.object("sha256", Set.copyOf(FIELDS));
    for (String field : FIELDS) {
      String given = recorded.string(field, null, null);
      if (given != null && !given.matches("[0-9a-f]{64}")) {
        throw recorded.error(field, "64 lower-case hex digits (a SHA-256)", "\"" + given + "\"");
      }
      digests.put(field, given != null ? given : sha256(Path.of(paths.get(field)), field));
    }
    return new DataFiles(paths.get("x_train"), paths.get("y_train"), paths.get("x_test"), paths.get("y_test"),
        digests);
  }

  /** Writes the fields into a canonical spec's {@code data} object. */
  void writeTo(ObjectNode data) {
    for (String field : FIELDS) {
      data.put(field, path(field));
    }
    ObjectNode digests = data.putObject("sha256");
    FIELDS.forEach(f -> digests.put(f, sha256.get(f)));
  }

  /**
   * Reads and checks the four arrays: each file's bytes must still have the recorded digest, inputs and labels must
   * have equal row counts, the test inputs the training inputs' feature shape, every input must be finite and every
   * label an integer class id {@code >= 0}.
   *
   * @throws IllegalArgumentException naming the file, what was expected and what was found
   * @throws IOException if a file cannot be read or is not a valid array
   */
  public Arrays read() throws IOException {
    Tensor[] t = new Tensor[4];
    for (int i = 0; i < 4; i++) {
      String field = FIELDS.get(i);
      Path file = Path.of(path(field));
      String actual = sha256(file, field);
      if (!actual.equals(sha256.get(field))) {
        throw new IllegalStateException("data file `data." + field + "` " + file + " changed: its SHA-256 is "
            + actual + ", the experiment was started with " + sha256.get(field) + " (a different data set needs "
            + "a new --out; on a cluster every node must see the same file)");
      }
      t[i] = ArrayFiles.read(file);
    }
    checkInputs(t[0], "x_train", xTrain);
    checkInputs(t[2], "x_test", xTest);
    Shape features = t[0].shape().dropFirst();
    if (!t[2].shape().dropFirst().equals(features)) {
      throw new IllegalArgumentException("data file `data.x_test` " + xTest + ": expected samples of shape "
          + features + " as in x_train, found " + t[2].shape().dropFirst());
    }
    int classes = 2;
    Tensor[] labels = new Tensor[2];
    for (int k = 0; k < 2; k++) {
      String field = k == 0 ? "y_train" : "y_test";
      Tensor x = t[2 * k];
      Tensor y = t[2 * k + 1];
      String file = path(field);
      if (y.shape().rank() == 0 || y.shape().rank() > 2 || (y.shape().rank() == 2 && y.shape().dim(1) != 1)) {
        throw new IllegalArgumentException("data file `data." + field + "` " + file + ": expected one class id per "
            + "row, shape (rows) or (rows, 1), found " + y.shape());
      }
      if (y.shape().dim(0) != x.shape().dim(0)) {
        throw new IllegalArgumentException("data file `data." + field + "` " + file + ": expected "
            + x.shape().dim(0) + " labels (one per row of " + (k == 0 ? "x_train" : "x_test") + "), found "
            + y.shape().dim(0));
      }
      for (int i = 0; i < y.size(); i++) {
        float v = y.get(i);
        if (!(v >= 0 && v < MAX_CLASSES && v == Math.rint(v))) {
          throw new IllegalArgumentException("data file `data." + field + "` " + file + ": expected integer class "
              + "ids in [0, " + MAX_CLASSES + "), found " + v + " in row " + i);
        }
        classes = Math.max(classes, (int) v + 1);
      }
      labels[k] = y;
    }
    boolean binary = classes <= 2;
    return new Arrays(t[0], shaped(labels[0], binary), t[2], shaped(labels[1], binary), classes);
  }

  /** Binary labels as a column (one sigmoid unit), class ids as a vector (sparse categorical). */
  private static Tensor shaped(Tensor y, boolean binary) {
    int n = y.shape().dim(0);
    return Tensor.of(binary ? Shape.of(n, 1) : Shape.of(n), y.toArray());
  }

  private static void checkInputs(Tensor x, String field, String file) {
    if (x.shape().rank() < 2 || x.shape().dim(0) == 0) {
      throw new IllegalArgumentException("data file `data." + field + "` " + file + ": expected an array of shape "
          + "(rows, features...) with at least one row, found " + x.shape());
    }
    for (int i = 0; i < x.size(); i++) {
      if (!Float.isFinite(x.get(i))) {
        int per = x.size() / x.shape().dim(0);
        throw new IllegalArgumentException("data file `data." + field + "` " + file + ": expected finite inputs, "
            + "found " + x.get(i) + " in row " + i / per);
      }
    }
  }

  private static String sha256(Path file, String field) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("cannot read field `data." + field + "`: no such file " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read field `data." + field + "` " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a {@code data} node names files. */
  static boolean isFiles(JsonNode data) {
    return data != null && data.has("dataset") && "files".equals(data.get("dataset").asText());
  }
}
