package org.dropout4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dropout4j.cli.experiment.ExperimentSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dropout4j grid circles --rates 0,0.2,0.4 --repeats 30}: a dropout-rate grid on the tutorial setup. */
@Command(name = "grid", mixinStandardHelpOptions = true,
    description = "Dropout-rate grid search on the tutorial setup (100 points, 30 train / 70 test, Dense(500, relu), "
        + "Adam, batch 32): repeats per rate, statistics against rate 0, charts and report.html.")
final class GridCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "DATASET", description = "circles or moons")
  String dataset;

  @Option(names = "--rates", split = ",", defaultValue = "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8",
      description = "hidden dropout rates (default: ${DEFAULT-VALUE})")
  List<Double> rates;

  @Mixin
  ExperimentCli.Study study = new ExperimentCli.Study();

  @Option(names = "--out", description = "output directory (default: runs/grid-DATASET)")
  Path out;

  @Mixin
  ExperimentCli.Common common = new ExperimentCli.Common();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() throws Exception {
    for (double rate : rates) {
      NumberOptions.checkFloat(command, rate, r -> r >= 0 && r < 1, "a float in [0, 1)", "--rates");
    }
    ObjectNode root = study.base(JSON, "grid-" + dataset, dataset);
    root.putObject("grid").putPOJO("dropout_rate", rates);
    ExperimentSpec spec = ExperimentSpec.fromTree(JSON.valueToTree(root));
    return ExperimentCli.run(spec, out != null ? out : Path.of("runs", spec.name()), common);
  }
}
