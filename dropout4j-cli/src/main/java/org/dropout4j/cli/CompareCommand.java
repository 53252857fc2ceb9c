package org.dropout4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dropout4j compare circles --baseline --dropout 0.4 --input-dropout 0.2 --maxnorm 3 --repeats 30}: the
 * baseline, hidden dropout, and hidden dropout combined with input dropout and/or max-norm, on the tutorial setup.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare the baseline with dropout, dropout + input dropout, dropout + max-norm (and all three) "
        + "on the tutorial setup, with repeats, Welch's tests, charts and report.html.")
final class CompareCommand implements Callable<Integer> {
  @Option(names = "--baseline", description = "include the model without dropout (needed for the tests)")
  boolean baseline;

  @Option(names = "--rate", description = "hidden dropout rate of the dropout settings")
  Double dropout;

  @Option(names = "--input-rate", description = "also try dropout with this input dropout rate")
  Double inputDropout;

  @Option(names = "--max-norm", description = "also try dropout with MaxNorm(this max_value) on the hidden kernel")
  Double maxNorm;

  @Option(names = "--dropout", hidden = true, description = "deprecated spelling of --rate")
  void deprecatedDropout(double value) {
    Deprecation.warn("--dropout", "--rate");
    dropout = value;
  }

  @Option(names = "--input-dropout", hidden = true, description = "deprecated spelling of --input-rate")
  void deprecatedInputDropout(double value) {
    Deprecation.warn("--input-dropout", "--input-rate");
    inputDropout = value;
  }

  @Option(names = "--maxnorm", hidden = true, description = "deprecated spelling of --max-norm")
  void deprecatedMaxNorm(double value) {
    Deprecation.warn("--maxnorm", "--max-norm");
    maxNorm = value;
  }

  @Mixin
  ExperimentCli.Study study = new ExperimentCli.Study();

  @Override
  public Integer call() throws Exception {
    if (dropout != null) {
      NumberOptions.checkFloat(study.command, dropout, r -> r >= 0 && r < 1, "a float in [0, 1)", "--rate",
          "--dropout");
    }
    if (inputDropout != null) {
      NumberOptions.checkFloat(study.command, inputDropout, r -> r >= 0 && r < 1, "a float in [0, 1)", "--input-rate",
          "--input-dropout");
    }
    if (maxNorm != null) {
      NumberOptions.checkFloat(study.command, maxNorm, m -> m >= 0, "a float > 0, or 0 = off", "--max-norm",
          "--maxnorm");
    }
    ObjectNode root = study.base();
    ArrayNode settings = root.putArray("settings");
    double rate = dropout == null ? 0.0 : dropout;
    if (baseline) {
      settings.addObject().put("dropout_rate", 0.0);
    }
    if (dropout != null) {
      settings.addObject().put("dropout_rate", rate);
    }
    if (inputDropout != null) {
      settings.addObject().put("dropout_rate", rate).put("input_dropout_rate", inputDropout);
    }
    if (maxNorm != null) {
      settings.addObject().put("dropout_rate", rate).put("max_norm", maxNorm);
    }
    if (inputDropout != null && maxNorm != null) {
      settings.addObject().put("dropout_rate", rate).put("input_dropout_rate", inputDropout).put("max_norm", maxNorm);
    }
    if (settings.isEmpty()) {
      throw new IllegalArgumentException("compare needs at least one of --baseline, --rate, --input-rate, "
          + "--max-norm");
    }
    return study.run(root);
  }
}
