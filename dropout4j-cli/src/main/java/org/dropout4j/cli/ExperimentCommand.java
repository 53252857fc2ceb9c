package org.dropout4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dropout4j.cli.experiment.ExperimentSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dropout4j experiment SPEC.(json|yaml)}: runs (or resumes) an experiment spec and writes its report. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Run an overfitting study from a JSON or YAML spec (see examples/): every setting x repeat in "
        + "parallel, resumable; writes results, charts and report.html.")
final class ExperimentCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SPEC", description = "experiment spec (.json, .yaml or .yml)")
  Path specFile;

  @Option(names = "--out", description = "output directory (default: runs/<spec name>)")
  Path out;

  @Mixin
  ExperimentCli.Common common = new ExperimentCli.Common();

  @Override
  public Integer call() throws Exception {
    ExperimentSpec spec = ExperimentSpec.read(specFile);
    return ExperimentCli.run(spec, out, common);
  }
}
