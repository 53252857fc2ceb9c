package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.io.KerasCompile;
import org.dropout4j.losses.Loss;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Optimizer;
import org.dropout4j.optimizers.Optimizers;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code fit} and {@code evaluate} share (a picocli mixin): the model file, the input and target arrays and
 * the batch size, and compiling the model with the file's own compile config or the command's overrides.
 */
final class ModelArrays {
  @Parameters(index = "0", paramLabel = "MODEL", description = "the model file (.keras, .h5, model.json, .d4j)")
  Path modelFile;

  @Option(names = "--x", required = true, description = "inputs (.npy or .csv)")
  Path xFile;

  @Option(names = "--y", required = true, description = "targets (.npy or .csv)")
  Path yFile;

  @Option(names = "--batch-size", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--metrics", split = ",", description = "override the metrics, e.g. accuracy,auc")
  List<String> metrics;

  /** The model in {@code MODEL} ({@link ModelFiles#load}). */
  Sequential model() throws IOException {
    return ModelFiles.load(modelFile);
  }

  /** The inputs of {@code --x}, fitted to the model's input shape. */
  Tensor x(Sequential model) throws IOException {
    return ModelFiles.fitInput(ArrayFiles.read(xFile), model, xFile);
  }

  /** The targets of {@code --y}. */
  Tensor y() throws IOException {
    return ArrayFiles.read(yFile);
  }

  /**
   * Compiles {@code model} with the file's own compile config (a {@code .keras} file's {@code compile_config}, a
   * {@code .h5} file's {@code training_config}, a {@code .d4j} file's compile state), each part replaced by the given override (or {@code --metrics}) when that
   * is not null.
   *
   * @throws IllegalArgumentException if neither the file nor the overrides give an optimizer and a loss
   */
  void compile(Sequential model, String optimizer, String loss, Double learningRate) throws IOException {
    Map<String, Object> config = null;
    String name = modelFile.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".keras") || name.endsWith(".h5") || name.endsWith(".hdf5")) {
      config = KerasCompile.read(modelFile);
    }
    Optimizer o = optimizer != null ? Optimizers.get(optimizer)
        : config != null ? KerasCompile.optimizer(config) : model.optimizer();
    Loss l = loss != null ? Losses.get(loss) : config != null ? KerasCompile.loss(config) : model.loss();
    if (o == null || l == null) {
      throw new IllegalArgumentException(modelFile + " carries no compile config (optimizer and loss); pass "
          + "--optimizer and --loss");
    }
    if (learningRate != null) {
      o.setLearningRate(learningRate);
    }
    List<String> m = metrics != null ? metrics
        : config != null ? KerasCompile.metricNames(config, "metrics") : model.metrics();
    model.compile(o, l, m.toArray(new String[0]));
  }
}
