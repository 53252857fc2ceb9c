package org.dropout4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dropout4j evaluate MODEL --x X [--x X2 ...] --y Y [--y Y2 ...]}: the loss and metrics of a saved model,
 * Sequential or functional, on arrays, in inference mode (dropout off), as Keras' {@code model.evaluate}: one
 * {@code --x} per model input and one {@code --y} per model output, in the model's order. The model file's own
 * compile config (per output for several outputs) gives the loss and metrics unless {@code --loss}/{@code --metrics}
 * replace them ({@link CompileOverrides}); with several outputs the results are named as Keras names them:
 * {@code loss} (the weighted total), {@code <output>_loss} and {@code <output>_<metric>}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Loss and metrics of a .keras, .h5, TF.js or .d4j model file (Sequential or functional) on "
        + ".npy/.csv arrays (dropout off): one --x per model input, one --y per output; with the file's compile "
        + "config or the given loss and metrics.")
final class EvaluateCommand extends CliCommand {
  @Mixin
  ModelArrays data = new ModelArrays();

  @Option(names = "--loss", description = "override the loss by Keras name (mse, binary_crossentropy, ...), for "
      + "every output or by output: out1:mse,out2:mae")
  String loss;

  @Override
  Map<String, Object> execute() throws Exception {
    if (data.batchSize < 1) {
      throw new IllegalArgumentException("Invalid value for --batch-size: expected an integer >= 1, received "
          + data.batchSize);
    }
    Model model = data.model();
    List<Tensor> x = data.x(model);
    List<Tensor> y = data.y(model);
    // evaluate uses no optimizer, but compile takes one: the file's own is not read (it may be one dropout4j does
    // not train with), and with --loss the file needs no compile config
    data.compile(model, "adam", loss, null);
    int rows = x.get(0).shape().dim(0);
    Map<String, Double> logs;
    try (ProgressLine bar = new ProgressLine("evaluate", rows, output.showProgress())) {
      logs = model.evaluate(x, y, data.batchSize, done -> bar.update(done, "rows"));
    }
    logs = kerasOrder(logs, model.outputNames());
    StringBuilder line = new StringBuilder();
    logs.forEach((k, v) -> line.append(line.length() == 0 ? "" : " - ").append(k).append(": ")
        .append(String.format(Locale.ROOT, "%.4f", v)));
    System.out.println(rows + " rows - " + line);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("model", data.modelFile.toString());
    r.put("rows", rows);
    r.put("metrics", logs);
    return r;
  }

  /**
   * The results in the order of Keras' {@code evaluate} list ({@code return_dict=False}): {@code loss}, then each
   * output's {@code <output>_loss} in output order, then the metrics in compile order.
   */
  static Map<String, Double> kerasOrder(Map<String, Double> logs, List<String> outputs) {
    Map<String, Double> ordered = new LinkedHashMap<>();
    if (logs.containsKey("loss")) {
      ordered.put("loss", logs.get("loss"));
    }
    for (String o : outputs.size() > 1 ? outputs : List.<String>of()) {
      if (logs.containsKey(o + "_loss")) {
        ordered.put(o + "_loss", logs.get(o + "_loss"));
      }
    }
    logs.forEach(ordered::putIfAbsent);
    return ordered;
  }
}
