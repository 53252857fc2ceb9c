package org.dropout4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dropout4j grid circles --rates 0,0.2,0.4 --repeats 30}: a dropout-rate grid on the tutorial setup. */
@Command(name = "grid", mixinStandardHelpOptions = true,
    description = "Dropout-rate grid search on the tutorial setup (100 points, 30 train / 70 test, Dense(500, relu), "
        + "Adam, batch 32): repeats per rate, statistics against rate 0, charts and report.html.")
final class GridCommand implements Callable<Integer> {
  @Option(names = "--rates", split = ",", defaultValue = "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8",
      description = "hidden dropout rates (default: ${DEFAULT-VALUE})")
  List<Double> rates;

  @Mixin
  ExperimentCli.Study study = new ExperimentCli.Study();

  @Override
  public Integer call() throws Exception {
    for (double rate : rates) {
      NumberOptions.checkFloat(study.command, rate, r -> r >= 0 && r < 1, "a float in [0, 1)", "--rates");
    }
    ObjectNode root = study.base();
    root.putObject("grid").putPOJO("dropout_rate", rates);
    return study.run(new ObjectMapper().valueToTree(root));
  }
}
