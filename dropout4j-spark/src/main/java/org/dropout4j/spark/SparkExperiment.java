package org.dropout4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dropout4j.cli.Main;

/**
 * The main class for {@code spark-submit}: {@code dropout4j experiment ARGS} on the Spark engine, the master and
 * settings coming from spark-submit ({@code --master}, {@code --conf}).
 *
 * <pre>{@code
 * spark-submit --class org.dropout4j.spark.SparkExperiment --master spark://HOST:7077 \
 *   --jars "$(echo dropout4j-spark/target/lib/*.jar | tr ' ' ,)" \
 *   dropout4j-spark/target/dropout4j-spark-0.1.0-SNAPSHOT.jar examples/circles-gaussian-dropout.yaml --out runs/g
 * }</pre>
 */
public final class SparkExperiment {
  private SparkExperiment() {
  }

  /** Runs {@code experiment ARGS --engine spark}; exits with its status. */
  public static void main(String[] args) {
    List<String> all = new ArrayList<>(List.of("experiment"));
    all.addAll(Arrays.asList(args));
    if (!all.contains("--engine") && all.stream().noneMatch(a -> a.startsWith("--engine="))) {
      all.add("--engine");
      all.add("spark");
    }
    System.exit(Main.run(all.toArray(String[]::new)));
  }
}
