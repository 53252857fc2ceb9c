package org.dropout4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dropout4j.data.Csv;
import org.dropout4j.data.LabeledData;
import org.dropout4j.data.ToyDatasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dropout4j data circles|moons ...}: writes scikit-learn's toy data sets, bit-compatible, as CSV. */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "Write make_circles / make_moons data (identical to scikit-learn for the same seed) as CSV "
        + "with columns x1,x2,label.")
final class DataCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "circles or moons")
  String kind;

  @Option(names = "--samples", defaultValue = "100", description = "number of points (default: ${DEFAULT-VALUE})")
  int samples;

  @Option(names = "--noise", description = "standard deviation of Gaussian noise (default: none)")
  Double noise;

  @Option(names = "--factor", defaultValue = "0.8",
      description = "circles only: inner/outer radius ratio in [0, 1) (default: ${DEFAULT-VALUE})")
  double factor;

  @Option(names = "--seed", defaultValue = "0", description = "random_state (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--no-shuffle", description = "keep sklearn's unshuffled order")
  boolean noShuffle;

  @Option(names = "--out", required = true, description = "CSV file to write")
  Path out;

  @Override
  public Integer call() throws Exception {
    LabeledData data;
    switch (kind) {
      case "circles":
        data = ToyDatasets.makeCircles(samples, !noShuffle, noise, seed, factor);
        break;
      case "moons":
        data = ToyDatasets.makeMoons(samples, !noShuffle, noise, seed);
        break;
      default:
        throw new IllegalArgumentException("unknown data set '" + kind + "'; expected one of [circles, moons]");
    }
    Csv.write(out, data, List.of("x1", "x2"), "label");
    System.out.println("wrote " + data.size() + " points to " + out);
    return 0;
  }
}
