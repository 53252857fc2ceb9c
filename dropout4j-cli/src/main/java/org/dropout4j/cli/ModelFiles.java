package org.dropout4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.dropout4j.io.KerasImport;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.TfjsLayers;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** Loading any model the library reads, and fitting an input array to its input shape, for the CLI commands. */
final class ModelFiles {
  private ModelFiles() {
  }

  /**
   * A model from a {@code .d4j} file, a TF.js Layers folder or its {@code model.json}, or a Keras {@code .h5} /
   * {@code .hdf5} / {@code .keras} file; other files are recognised by their first bytes (HDF5 is Keras, a zip is a
   * {@code .d4j}, a JSON object a TF.js {@code model.json}).
   *
   * @throws NoSuchFileException if the path does not exist
   * @throws IllegalArgumentException if the file is of an unknown type
   * @throws IOException if the model cannot be read
   */
  static Sequential load(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return TfjsLayers.load(path);
    }
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such model file or folder");
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(ModelArchive.EXTENSION)) {
      return ModelArchive.load(path);
    }
    if (name.endsWith(".json")) {
      return TfjsLayers.load(path);
    }
    if (name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".keras")) {
      return KerasImport.load(path);
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(4);
    }
    if (head.length == 4 && (head[0] & 0xff) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') {
      return KerasImport.load(path);
    }
    if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return ModelArchive.load(path);
    }
    if (head.length > 0 && head[0] == '{') {
      return TfjsLayers.load(path);
    }
    throw new IllegalArgumentException("unknown model file type: " + path + "; expected a .d4j file, a TF.js Layers "
        + "folder or its model.json, or a Keras .h5 / .keras file");
  }

  /**
   * The input as the model takes it: the same shape but the batch, or, from a 2-D table (CSV), rows of the flattened
   * sample shape in C order (e.g. 48 columns for samples of shape (4, 4, 3)).
   *
   * @throws IllegalArgumentException naming the file, the model's expected shape and the shape received
   */
  static Tensor fitInput(Tensor x, Sequential model, Path file) {
    Shape expected = model.inputShape();
    Shape got = x.shape();
    if (expected == null) {
      return x;
    }
    if (got.rank() == expected.rank() && expected.withBatch(got.rank() == 0 ? 0 : got.dim(0)).equals(got)) {
      return x;
    }
    Shape sample = expected.dropFirst();
    if (got.rank() == 2 && expected.rank() > 2 && got.dim(1) == sample.size()) {
      return Ops.reshape(x, expected.withBatch(got.dim(0)).toArray());
    }
    String features = got.rank() == 2 && expected.rank() == 2 ? " (" + got.dim(1) + " features per row, the model "
        + "expects " + expected.dim(1) + ")" : "";
    throw new IllegalArgumentException("input " + file + " has shape " + got + ", but model \"" + model.name()
        + "\" expects shape " + expected + features + (expected.rank() > 2 ? "; a CSV row must hold one flattened "
        + "sample of " + sample.size() + " values" : ""));
  }
}
