package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  /** One tensor per model input, read from the {@code --x} files ({@link ModelFiles#readInputs}). */
  List<Tensor> read(Model m) throws IOException {
    return ModelFiles.readInputs(m, inputs);
  }
}
