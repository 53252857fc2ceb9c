package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dropout4j.io.Models;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/** Loading any model the library reads, and fitting an input array to its input shape, for the CLI commands. */
final class ModelFiles {
  private ModelFiles() {
  }

  /**
   * Any model the library reads, Sequential or functional ({@link Models#loadModel(Path)}).
   *
   * @throws NoSuchFileException if the path does not exist
   * @throws IllegalArgumentException if the file is of an unknown type
   * @throws IOException if the model cannot be read
   */
  static Model loadAny(Path path) throws IOException {
    return Models.loadModel(path);
  }

  /** One model input or output: its layer's name, batch shape (null if unknown) and dtype. */
  record Port(String name, Shape shape, String dtype) {
    @Override
    public String toString() {
      return name + " " + (shape == null ? "(shape unknown)" : shape) + (dtype.equals("float32") ? "" : " " + dtype);
    }
  }

  /** The model's inputs, in the order it takes them. */
  static List<Port> inputs(Model model) {
    List<Port> out = new ArrayList<>();
    if (model instanceof Functional f) {
      for (KerasTensor t : f.inputs()) {
        out.add(new Port(t.operation().name(), t.shape(), t.dtype()));
      }
    } else {
      Sequential s = (Sequential) model;
      String name = s.input() != null && s.input().name() != null ? s.input().name() : "input";
      out.add(new Port(name, s.inputShape(), s.input() != null ? s.input().dtype() : "float32"));
    }
    return out;
  }

  /** The model's outputs, in the order it returns them. */
  static List<Port> outputs(Model model) {
    List<Port> out = new ArrayList<>();
    List<String> names = model.outputNames();
    for (int k = 0; k < names.size(); k++) {
      Shape shape = model instanceof Functional f ? f.outputs().get(k).shape() : null;
      out.add(new Port(names.get(k), shape, "float32"));
    }
    return out;
  }

  /**
   * One tensor per model input, read from one file each, in the model's input order, fitted to its shape
   * ({@link #fitInput}); an integer input ({@code int32}/{@code int64}, e.g. token ids) takes the file's values as
   * they are and refuses a non-integer value.
   *
   * @throws IllegalArgumentException if the number of files is not the number of inputs (naming the inputs and
   *     their shapes), or a file does not fit its input
   * @throws IOException if a file cannot be read
   */
  static List<Tensor> readInputs(Model model, List<Path> files) throws IOException {
    return readInputs(model, files, "--x");
  }

  /** {@link #readInputs(Model, List)} for the files of {@code option} (e.g. {@code --validation-x}). */
  static List<Tensor> readInputs(Model model, List<Path> files, String option) throws IOException {
    return readInputs(model, files, option, i -> ArrayFiles.read(files.get(i)));
  }

  /** The array of {@code --x} file {@code i}, read now or read ahead while the model loaded. */
  @FunctionalInterface
  interface InputArrays {
    Tensor get(int i) throws IOException;
  }

  /** {@link #readInputs(Model, List)} with the files' arrays from {@code arrays}, asked only after the count check. */
  static List<Tensor> readInputs(Model model, List<Path> files, InputArrays arrays) throws IOException {
    return readInputs(model, files, "--x", arrays);
  }

  private static List<Tensor> readInputs(Model model, List<Path> files, String option, InputArrays arrays)
      throws IOException {
    checkInputs(model, files, option);
    List<Port> ports = inputs(model);
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Port port = ports.get(i);
      String owner = model instanceof Functional ? model.name() + "\" input \"" + port.name() : model.name();
      Tensor x = fitInput(arrays.get(i), port.shape(), owner, files.get(i));
      if (!port.dtype().equals("float32")) {
        float[] v = x.toArray();
        for (int j = 0; j < v.length; j++) {
          if (v[j] != Math.rint(v[j])) {
            throw new IllegalArgumentException("input " + files.get(i) + " holds " + v[j] + " at flat index " + j
                + ", but input \"" + port.name() + "\" of model \"" + model.name() + "\" takes " + port.dtype()
                + " values (integer ids); write the file as an int32 or int64 .npy");
          }
        }
      }
      out.add(x);
    }
    return out;
  }

  /**
   * Checks the number of files of {@code option} ({@code --x}, {@code --validation-x}) against the model's inputs.
   *
   * @throws IllegalArgumentException naming the inputs and their shapes if the counts differ
   */
  static void checkInputs(Model model, List<Path> files, String option) {
    checkCount(model, "takes", inputs(model), "input", files, option);
  }

  /**
   * Checks the number of {@code --output} files against the model's outputs.
   *
   * @throws IllegalArgumentException naming the outputs and their shapes if the counts differ
   */
  static void checkOutputs(Model model, List<Path> files) {
    checkOutputs(model, files, "--output");
  }

  /** {@link #checkOutputs(Model, List)} for the files of {@code option} ({@code --y}, {@code --validation-y}). */
  static void checkOutputs(Model model, List<Path> files, String option) {
    checkCount(model, "has", outputs(model), "output", files, option);
  }

  /** One {@code option} file per port ({@code noun}: input or output) of the model, in the model's order. */
  private static void checkCount(Model model, String verb, List<Port> ports, String noun, List<Path> files,
      String option) {
    if (files.size() != ports.size()) {
      throw new IllegalArgumentException("model \"" + model.name() + "\" " + verb + " " + ports.size() + " " + noun
          + (ports.size() == 1 ? "" : "s") + " " + ports + " (one " + option + " file each, in this order), "
          + "received " + files.size() + " " + option + " file" + (files.size() == 1 ? "" : "s") + " " + files);
    }
  }

  /**
   * One target array per model output, read from the files of {@code option} ({@code --y}, {@code --validation-y})
   * in the model's output order; whether each fits its output's loss is checked by {@code fit}/{@code evaluate}.
   *
   * @throws IllegalArgumentException naming the outputs and their shapes if the number of files differs
   * @throws IOException if a file cannot be read
   */
  static List<Tensor> readTargets(Model model, List<Path> files, String option) throws IOException {
    checkOutputs(model, files, option);
    List<Tensor> out = new ArrayList<>();
    for (Path f : files) {
      out.add(ArrayFiles.read(f));
    }
    return out;
  }

  /**
   * The input as the model takes it ({@code expected}, a batch shape; {@code owner} names the model and input): the
   * same shape but the batch, or, from a 2-D table (CSV), rows of the flattened
   * sample shape in C order (e.g. 48 columns for samples of shape (4, 4, 3)).
   *
   * @throws IllegalArgumentException naming the file, the model's expected shape and the shape received
   */
  static Tensor fitInput(Tensor x, Shape expected, String owner, Path file) {
    Shape got = x.shape();
    if (expected == null) {
      return x;
    }
    if (got.rank() == expected.rank() && expected.compatibleWith(got)) {
      return x;
    }
    Shape sample = expected.dropFirst();
    if (got.rank() == 2 && expected.rank() > 2 && got.dim(1) == sample.size()) {
      return Ops.reshape(x, expected.withBatch(got.dim(0)).toArray());
    }
    String features = got.rank() == 2 && expected.rank() == 2 ? " (" + got.dim(1) + " features per row, the model "
        + "expects " + expected.dim(1) + ")" : "";
    throw new IllegalArgumentException("input " + file + " has shape " + got + ", but model \"" + owner
        + "\" expects shape " + expected + features + (expected.rank() > 2 ? "; a CSV row must hold one flattened "
        + "sample of " + sample.size() + " values" : ""));
  }
}
