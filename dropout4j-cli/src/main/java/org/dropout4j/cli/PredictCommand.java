package org.dropout4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dropout4j predict MODEL --x FILE... [--output FILE...]}: inference-mode predictions of a saved model
 * ({@code .d4j} file, TF.js Layers folder or {@code model.json}, Keras {@code .keras} / {@code .h5}; Sequential or
 * functional) for the samples in {@code .npy} or {@code .csv} files: one {@code --x} per model input, in the
 * model's input order ({@code int32}/{@code int64} {@code .npy} arrays feed integer inputs such as token ids as they
 * are), and, if given, one {@code --output} per model output. Without {@code --output} the predictions are printed as
 * CSV (each output after a {@code # <name>} line when there are several); {@code --output} writes {@code .npy}
 * (float32, the prediction's shape) or {@code .csv} (header {@code output_0, output_1, ...}, one row per sample).
 * A count that does not match names the model's inputs or outputs and their shapes.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predict with a saved model (.d4j, TF.js folder or model.json, Keras .keras/.h5; Sequential or "
        + "functional) on samples from .npy or .csv files: one --x per model input, one --output per output.")
final class PredictCommand extends CliCommand {
  @Mixin
  ModelInputs in = new ModelInputs();

  @Option(names = "--output", description = "where to write the predictions, one file per model output in order: "
      + ".npy or .csv (default: print CSV)")
  List<Path> outputs = new ArrayList<>();

  @Override
  void checkOptions() {
    in.checkGiven();
  }

  @Override
  Map<String, Object> execute() throws Exception {
    Model m = in.load(outputs);
    List<Tensor> x = in.read(m);
    int n = x.get(0).shape().dim(0);
    List<Tensor> y;
    try (ProgressLine bar = new ProgressLine("predict", n, output.showProgress())) {
      y = m.predict(x, FitOptions.DEFAULT_BATCH_SIZE, rows -> bar.update(rows, "rows"));
    }
    List<String> names = m.outputNames();
    List<Map<String, Object>> results = new ArrayList<>();
    for (int k = 0; k < y.size(); k++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", names.get(k));
      r.put("shape", y.get(k).shape().toArray());
      results.add(r);
      if (outputs.isEmpty() && output.json) {
        r.put("values", ArrayFiles.nested(y.get(k)));
      } else if (outputs.isEmpty()) {
        if (y.size() > 1) {
          System.out.println("# " + names.get(k));
        }
        System.out.print(ArrayFiles.csv(y.get(k), "output"));
      } else {
        ArrayFiles.write(outputs.get(k), y.get(k), "output");
        r.put("file", outputs.get(k).toString());
        System.out.println("wrote predictions of shape " + y.get(k).shape() + (y.size() > 1 ? " (output \""
            + names.get(k) + "\")" : "") + " to " + outputs.get(k));
      }
    }
    return Map.of("outputs", results);
  }
}
