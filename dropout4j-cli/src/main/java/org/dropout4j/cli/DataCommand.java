package org.dropout4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
final class DataCommand extends CliCommand {
  @Parameters(index = "0", description = "circles or moons")
  String kind;

  /** What one point costs while the data set is made and written (two doubles, a label, its CSV line). */
  private static final long BYTES_PER_SAMPLE = 128;

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

  @Option(names = "--output", description = "CSV file to write (required)")
  Path out;

  @Option(names = "--out", hidden = true, description = "deprecated spelling of --output (a single file)")
  void deprecatedOut(Path value) {
    Deprecation.warn("--out", "--output");
    out = value;
  }

  @Override
  void checkOptions() {
    if (out == null) {
      throw new picocli.CommandLine.ParameterException(command.commandLine(),
          "Missing required option: '--output=<out>'");
    }
    long most = Runtime.getRuntime().maxMemory() / 2 / BYTES_PER_SAMPLE; // checked before anything is allocated
    if (samples < 0 || samples > most) {
      throw new picocli.CommandLine.ParameterException(command.commandLine(), "Invalid value for option "
          + "'--samples': expected an integer from 0 to " + most + " (about " + BYTES_PER_SAMPLE + " bytes per point "
          + "in half of the " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap), received " + samples);
    }
  }

  @Override
  Map<String, Object> execute() throws Exception {
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
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("dataset", kind);
    r.put("points", data.size());
    r.put("file", out.toString());
    return r;
  }
}
