package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.dropout4j.io.Models;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** Loading any model the library reads, and fitting an input array to its input shape, for the CLI commands. */
final class ModelFiles {
  private ModelFiles() {
  }

  /**
   * A model from any file or folder the library reads ({@link Models#load(Path)}: {@code .d4j}, TF.js Layers folder
   * or {@code model.json}, Keras {@code .keras} / {@code .h5}; other names by their first bytes).
   *
   * @throws NoSuchFileException if the path does not exist
   * @throws IllegalArgumentException if the file is of an unknown type
   * @throws IOException if the model cannot be read
   */
  static Sequential load(Path path) throws IOException {
    return Models.load(path);
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
