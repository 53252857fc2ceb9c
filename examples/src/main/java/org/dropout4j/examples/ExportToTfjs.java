package org.dropout4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dropout4j.io.Models;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;

/**
 * Export to TensorFlow.js: a trained model saved as a TF.js Layers {@code model.json} plus weight shards, which
 * {@code tf.loadLayersModel("model_b/model.json")} loads in a browser (see {@code web/}). The example loads the
 * folder back and checks that the predictions are the same.
 */
public final class ExportToTfjs {
  private ExportToTfjs() {
  }

  /** Trains, exports to the folder in the first argument (default {@code target/tfjs-example}), reloads, compares. */
  public static void main(String[] args) throws IOException {
    boolean quick = Quick.isOn(args);
    Path out = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "target/tfjs-example");
    Sequential model = CirclesModel.trainedWithDropout(quick ? 200 : 4000);

    Files.createDirectories(out);
    List<String> warnings = Models.save(model, out.resolve("model.json"));
    warnings.forEach(w -> System.out.println("warning: " + w));
    try (Stream<Path> files = Files.list(out)) {
      files.sorted().forEach(f -> System.out.println("wrote " + f));
    }
    Tensor x = Tensor.of(CirclesModel.trainingPoints().x());
    float[] before = model.predict(x).toArray();
    float[] after = Models.load(out).predict(x).toArray();
    float worst = 0;
    for (int i = 0; i < before.length; i++) {
      worst = Math.max(worst, Math.abs(before[i] - after[i]));
    }
    System.out.printf("reloaded from %s: largest prediction difference %.1e%n", out, worst);
    if (worst > 1e-6f) {
      throw new IllegalStateException("the reloaded model predicts differently: " + worst);
    }
  }
}
