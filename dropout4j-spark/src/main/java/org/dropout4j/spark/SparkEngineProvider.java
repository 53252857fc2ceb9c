package org.dropout4j.spark;

import java.util.Map;
import org.dropout4j.cli.experiment.EngineProvider;
import org.dropout4j.cli.experiment.TrialEngine;

/** Registers {@link SparkEngine} as {@code --engine spark} (through {@code META-INF/services}). */
public final class SparkEngineProvider implements EngineProvider {
  @Override
  public String name() {
    return "spark";
  }

  @Override
  public TrialEngine start(String master, Map<String, String> conf) {
    return SparkEngine.start(master, conf);
  }
}
