package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.io.KerasCompile;
import org.dropout4j.models.Model;
import org.dropout4j.optimizers.Optimizer;
import org.dropout4j.optimizers.Optimizers;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code fit} and {@code evaluate} share (a picocli mixin): the model file (Sequential or functional), one
 * {@code --x} array per model input and one {@code --y} array per model output (each in the model's order), the
 * batch size, and compiling the model with the file's own compile config or the command's overrides
 * ({@link CompileOverrides}).
 */
final class ModelArrays {
  @Parameters(index = "0", paramLabel = "MODEL", description = "the model file (.keras, .h5, model.json, .d4j), "
      + "Sequential or functional")
  Path modelFile;

  @Option(names = "--x", required = true, paramLabel = "FILE", description = "inputs (.npy or .csv), one file per "
      + "model input in the model's input order")
  List<Path> xFiles = new ArrayList<>();

  @Option(names = "--y", required = true, paramLabel = "FILE", description = "targets (.npy or .csv), one file per "
      + "model output in the model's output order")
  List<Path> yFiles = new ArrayList<>();

  @Option(names = "--batch-size", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--metrics", split = ",", description = "override the metrics, e.g. accuracy,auc (every output), "
      + "or by output: out1:accuracy,out2:mae")
  List<String> metrics;

  /** The model in {@code MODEL}, Sequential or functional ({@link ModelFiles#loadAny}). */
  Model model() throws IOException {
    return ModelFiles.loadAny(modelFile);
  }

  /** The inputs of the {@code --x} files, one per model input, fitted to its shape ({@link ModelFiles#readInputs}). */
  List<Tensor> x(Model model) throws IOException {
    return ModelFiles.readInputs(model, xFiles);
  }

  /** The targets of the {@code --y} files, one per model output ({@link ModelFiles#readTargets}). */
  List<Tensor> y(Model model) throws IOException {
    return ModelFiles.readTargets(model, yFiles, "--y");
  }

  /**
   * Compiles {@code model} with the file's own compile config (a {@code .keras} file's {@code compile_config}, a
   * {@code .h5} file's {@code training_config}, a {@code .d4j} file's compile state, per output for a model with
   * several outputs), each part replaced by the given override (or {@code --metrics}) when that is not null.
   *
   * @param loss a Keras loss name for every output, or {@code output:name} pairs ({@link CompileOverrides#losses})
   * @throws IllegalArgumentException if neither the file nor the overrides give an optimizer and a loss, or an
   *     override names no output of the model
   */
  void compile(Model model, String optimizer, String loss, Double learningRate) throws IOException {
    Map<String, Object> config = null;
    String name = modelFile.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean keras = name.endsWith(".keras") || name.endsWith(".h5") || name.endsWith(".hdf5");
    if (keras) {
      config = KerasCompile.read(modelFile);
    } else if (model.optimizer() != null) {
      config = CompileOverrides.current(model);
    }
    config = config == null ? new LinkedHashMap<>() : new LinkedHashMap<>(config);
    Optimizer o = optimizer != null ? Optimizers.get(optimizer) : !keras ? model.optimizer()
        : config.get("optimizer") != null ? KerasCompile.optimizer(config) : null;
    if (loss != null) {
      config.put("loss", CompileOverrides.losses(loss, model.outputNames()));
    }
    if (metrics != null) {
      config.put("metrics", CompileOverrides.metrics(metrics, model.outputNames()));
    }
    if (o == null || config.get("loss") == null) {
      String missing = o == null && config.get("loss") == null ? "optimizer and loss" : o == null ? "optimizer"
          : "loss";
      throw new IllegalArgumentException(modelFile + " carries no compile config (" + missing + "); pass --"
          + missing.replace(" and ", " and --"));
    }
    if (learningRate != null) {
      o.setLearningRate(learningRate);
    }
    KerasCompile.compile(model, config, o);
  }
}
