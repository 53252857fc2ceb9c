package org.dropout4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code predict} and {@code mc-predict} share (a picocli mixin): the saved model, Sequential or functional,
 * and one {@code --x} file per model input (the old spelling {@code --input} still works).
 */
final class ModelInputs {
  @Parameters(index = "0", description = "the model: a .d4j file, a TF.js Layers folder or its model.json, or a "
      + "Keras .keras / .h5 file")
  Path model;

  @Option(names = "--x", paramLabel = "FILE", description = "samples, one file per model input in the model's "
      + "input order: .npy (any rank; int32/int64 for integer inputs) or .csv (one sample per row; a first row that "
      + "is not all numbers is a header)")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--input", hidden = true, description = "deprecated spelling of --x")
  void deprecatedInput(Path value) {
    Deprecation.warn("--input", "--x");
    inputs.add(value);
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /**
   * Checks that at least one {@code --x} was given (picocli cannot require an option with a deprecated alias).
   *
   * @throws ParameterException a usage error naming {@code --x}
   */
  void checkGiven() {
    if (inputs.isEmpty()) {
      throw new ParameterException(command.commandLine(), "Missing required option: '--x=FILE'");
    }
  }

  /**
   * The model ({@link ModelFiles#loadAny}), with the command's {@code --output} files (none: printed) checked
   * against its outputs: one file each, in order.
   *
   * @throws IllegalArgumentException naming the outputs and their shapes if the counts differ
   */
  Model load(List<Path> outputFiles) throws IOException {
    Model m = ModelFiles.loadAny(model);
    if (!outputFiles.isEmpty()) {
      ModelFiles.checkOutputs(m, outputFiles);
    }
    return m;
  }

  /** A loaded model and one tensor per model input. */
  record Loaded(Model model, List<Tensor> inputs) {
  }

  /**
   * {@link #load} and {@link #read} with the {@code --x} files read on another thread while the model loads (neither
   * needs the other until the shapes are checked: for {@code mc-predict} of 10,000 CSV rows the read took about a
   * fifth of the time before the passes). Errors come as from the two calls in turn: the model's first, then the
   * count of files, then each file's.
   */
  Loaded loadAndRead(List<Path> outputFiles) throws IOException {
    List<CompletableFuture<Tensor>> reads = new ArrayList<>();
    for (Path file : inputs) {
      reads.add(CompletableFuture.supplyAsync(() -> {
        try {
          return ArrayFiles.read(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
    Model m = load(outputFiles);
    return new Loaded(m, ModelFiles.readInputs(m, inputs, i -> join(reads.get(i))));
  }

  private static Tensor join(CompletableFuture<Tensor> read) throws IOException {
    try {
      return read.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException) {
        throw ((UncheckedIOException) cause).getCause();
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  /** One tensor per model input, read from the {@code --x} files ({@link ModelFiles#readInputs}). */
  List<Tensor> read(Model m) throws IOException {
    return ModelFiles.readInputs(m, inputs);
  }
}
