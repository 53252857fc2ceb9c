package org.dropout4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dropout4j evaluate MODEL --x X --y Y}: the loss and metrics of a saved model on arrays, in inference mode
 * (dropout off), as Keras' {@code model.evaluate}; the model file's own compile config gives the loss and metrics
 * unless {@code --loss}/{@code --metrics} replace them.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Loss and metrics of a .keras, .h5, TF.js or .d4j model file on .npy/.csv arrays (dropout off), "
        + "with the file's compile config or the given loss and metrics.")
final class EvaluateCommand extends CliCommand {
  @Mixin
  ModelArrays data = new ModelArrays();

  @Option(names = "--loss", description = "override the loss by Keras name (mse, binary_crossentropy, ...)")
  String loss;

  @Override
  Map<String, Object> execute() throws Exception {
    if (data.batchSize < 1) {
      throw new IllegalArgumentException("Invalid value for --batch-size: expected an integer >= 1, received "
          + data.batchSize);
    }
    Sequential model = data.model();
    // evaluate uses no optimizer, but compile takes one: the file's own is not read (it may be one dropout4j does
    // not train with), and with --loss the file needs no compile config
    data.compile(model, "adam", loss, null);
    Tensor x = data.x(model);
    Tensor y = data.y();
    Map<String, Double> logs;
    try (ProgressLine bar = new ProgressLine("evaluate", x.shape().dim(0), output.showProgress())) {
      logs = model.evaluate(List.of(x), List.of(y), data.batchSize, rows -> bar.update(rows, "rows"));
    }
    StringBuilder line = new StringBuilder();
    logs.forEach((k, v) -> line.append(line.length() == 0 ? "" : " - ").append(k).append(": ")
        .append(String.format(Locale.ROOT, "%.4f", v)));
    System.out.println(x.shape().dim(0) + " rows - " + line);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("model", data.modelFile.toString());
    r.put("rows", x.shape().dim(0));
    r.put("metrics", logs);
    return r;
  }
}
