package org.dropout4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dropout4j evaluate MODEL --x X --y Y}: the loss and metrics of a saved model on arrays, in inference mode
 * (dropout off), as Keras' {@code model.evaluate}; the model file's own compile config gives the loss and metrics
 * unless {@code --loss}/{@code --metrics} replace them.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Loss and metrics of a .keras, .h5, TF.js or .d4j model file on .npy/.csv arrays (dropout off), "
        + "with the file's compile config or the given loss and metrics.")
final class EvaluateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "the model file (.keras, .h5, model.json, .d4j)")
  Path modelFile;

  @Option(names = "--x", required = true, description = "inputs (.npy or .csv)")
  Path xFile;

  @Option(names = "--y", required = true, description = "targets (.npy or .csv)")
  Path yFile;

  @Option(names = "--batch-size", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--loss", description = "override the loss by Keras name (mse, binary_crossentropy, ...)")
  String loss;

  @Option(names = "--metrics", split = ",", description = "override the metrics, e.g. accuracy,auc")
  List<String> metrics;

  @Mixin
  CliOutput output = new CliOutput();

  @Override
  public Integer call() throws Exception {
    return output.run(this::evaluate);
  }

  private Map<String, Object> evaluate() throws Exception {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Invalid value for --batch-size: expected an integer >= 1, received "
          + batchSize);
    }
    Sequential model = ModelFiles.load(modelFile);
    // evaluate uses no optimizer, but compile takes one: with --loss the file needs no compile config
    FitCommand.compile(model, modelFile, loss == null ? null : "adam", loss, metrics, null);
    Tensor x = ModelFiles.fitInput(ArrayFiles.read(xFile), model, xFile);
    Tensor y = ArrayFiles.read(yFile);
    Map<String, Double> logs;
    try (ProgressLine bar = new ProgressLine("evaluate", x.shape().dim(0), output.showProgress())) {
      logs = model.evaluate(List.of(x), List.of(y), batchSize, rows -> bar.update(rows, "rows"));
    }
    StringBuilder line = new StringBuilder();
    logs.forEach((k, v) -> line.append(line.length() == 0 ? "" : " - ").append(k).append(": ")
        .append(String.format(Locale.ROOT, "%.4f", v)));
    System.out.println(x.shape().dim(0) + " rows - " + line);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("model", modelFile.toString());
    r.put("rows", x.shape().dim(0));
    r.put("metrics", logs);
    return r;
  }
}
