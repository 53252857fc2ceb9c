package org.dropout4j.cli;

import picocli.CommandLine.Option;

/**
 * The Monte Carlo passes option of {@code mc-predict} and {@code uncertainty} (a picocli mixin): {@code --passes T},
 * and its old spelling {@code --samples}, which still works with a deprecation warning.
 */
final class McPasses {
  @Option(names = "--passes", defaultValue = "100", description = "Monte Carlo passes T (default: ${DEFAULT-VALUE})")
  int samples;

  private Integer oldSamples;

  @Option(names = "--samples", hidden = true, description = "deprecated spelling of --passes")
  void deprecatedSamples(int value) {
    Deprecation.warn("--samples", "--passes");
    oldSamples = value; // picocli sets --passes' default after this setter: read in passes()
  }

  /** The passes T: {@code --passes}, or {@code --samples} when only the old spelling was given. */
  int passes() {
    return oldSamples != null ? oldSamples : samples;
  }
}
