/**
 * The Apache Spark engine of the experiment runner ({@link org.dropout4j.spark.SparkEngine}): trials as Spark tasks
 * on {@code local[N]}, a standalone cluster, YARN or Kubernetes, with the same records as the embedded engine.
 * Spark's jars are needed only by this module; the CLI finds the engine through
 * {@link org.dropout4j.cli.experiment.EngineProvider} when this module is on its class path.
 */
package org.dropout4j.spark;
