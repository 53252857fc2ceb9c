/**
 * JMH benchmarks of the tensor core. Run with
 * {@code ./mvnw -q -pl dropout4j-bench -am package -DskipTests} and then
 * {@code java -cp "dropout4j-bench/target/classes:$(cat cp.txt)" org.openjdk.jmh.Main GemmBenchmark} (or
 * {@code ConvBenchmark}: the cnn preset's second Conv2D against GEMMs of the same shapes), where
 * {@code cp.txt} comes from {@code ./mvnw -q -pl dropout4j-bench dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
package org.dropout4j.bench;
