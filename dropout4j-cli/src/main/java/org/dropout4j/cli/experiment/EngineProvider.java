package org.dropout4j.cli.experiment;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A {@link TrialEngine} that lives in another module, found with {@link ServiceLoader} (e.g. {@code spark} in
 * {@code dropout4j-spark}, registered in its {@code META-INF/services}). The CLI's {@code --engine NAME} picks one.
 */
public interface EngineProvider {
  /** The name given to {@code --engine}, e.g. {@code spark}. */
  String name();

  /**
   * Starts the engine; close it with {@link AutoCloseable#close()} if it is {@link AutoCloseable}.
   *
   * @param master where to run ({@code --master}), or null for the engine's default / environment
   * @param conf engine settings ({@code --conf KEY=VALUE})
   * @throws IllegalArgumentException for a bad master or setting
   * @throws IllegalStateException if the engine cannot start (e.g. its cluster is unreachable)
   */
  TrialEngine start(String master, Map<String, String> conf);

  /** The providers on the class path. */
  static List<EngineProvider> available() {
    return ServiceLoader.load(EngineProvider.class).stream().map(ServiceLoader.Provider::get).toList();
  }

  /**
   * The provider named {@code name}.
   *
   * @throws IllegalStateException if it is not on the class path; for {@code spark} the message gives the command
   *     that builds the module and how to run with it
   */
  static EngineProvider named(String name) {
    for (EngineProvider p : available()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    if (name.equals("spark")) {
      throw new IllegalStateException("the spark engine is in the dropout4j-spark module, which is not on the class "
          + "path. Run through the launcher, which builds it when --engine spark is given (./dropout4j experiment "
          + "SPEC --engine spark --master 'local[2]'), or build it with `./mvnw -B -q -DskipTests package -pl "
          + "dropout4j-spark -am` and run `java -cp 'dropout4j-spark/target/dropout4j-spark-0.1.0-SNAPSHOT.jar:"
          + "dropout4j-spark/target/lib/*:dropout4j-spark/target/spark-lib/*' org.dropout4j.cli.Main experiment "
          + "SPEC --engine spark ...`");
    }
    throw new IllegalArgumentException("invalid value for option `--engine`: expected embedded"
        + available().stream().map(p -> ", " + p.name()).reduce("", String::concat) + ", received " + name);
  }
}
