package org.dropout4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dropout4j predict MODEL --input FILE [--output FILE]}: inference-mode predictions of a saved model
 * ({@code .d4j} file, TF.js Layers folder or {@code model.json}) for the samples in a {@code .npy} or {@code .csv}
 * file. Without {@code --output} the predictions are printed as CSV; {@code --output} writes {@code .npy}
 * (float32, the prediction's shape) or {@code .csv} (header {@code output_0, output_1, ...}, one row per sample).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predict with a saved model (.d4j, TF.js folder or model.json) on samples from a .npy or .csv file "
        + "(CSV: one sample per row, header optional).")
final class PredictCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "the model: a .d4j file, a TF.js Layers folder or its model.json")
  Path model;

  @Option(names = "--input", required = true, description = "samples: .npy (any rank) or .csv (one sample per "
      + "row; a first row that is not all numbers is a header)")
  Path input;

  @Option(names = "--output", description = "where to write the predictions: .npy or .csv (default: print CSV)")
  Path output;

  @Override
  public Integer call() throws Exception {
    Sequential m = ModelFiles.load(model);
    Tensor x = ModelFiles.fitInput(ArrayFiles.read(input), m, input);
    Tensor y = m.predict(x);
    if (output == null) {
      System.out.print(ArrayFiles.csv(y, "output"));
    } else {
      ArrayFiles.write(output, y, "output");
      System.out.println("wrote predictions of shape " + y.shape() + " to " + output);
    }
    return 0;
  }
}
