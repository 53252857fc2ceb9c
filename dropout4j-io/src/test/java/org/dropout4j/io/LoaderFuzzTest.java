package org.dropout4j.io;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests of the model and data loaders: one target per format ({@code d4j keras h5 tfjs npy idx idxGz
 * csv}; experiment specs are {@code SpecFuzzTest} in dropout4j-cli), each keeping {@link FuzzHarness#check}'s
 * invariant. A target's seed corpus is {@code src/test/resources/org/dropout4j/io/LoaderFuzzTestInputs/<target>/}
 * (valid files and every past finding, {@code crash-*}).
 *
 * <p>The default build does not run these methods: {@code @FuzzTest} carries JUnit's tag {@code jazzer}, which the
 * build excludes ({@code test.excludedGroups} in the parent pom), because Jazzer instruments every class a fuzz
 * test loads. In every build {@link LoaderMutationTest} runs each target's seeds and about a second of
 * deterministic mutations of them through the same {@link FuzzHarness#check}; {@code tools/fuzz/fuzz.sh TARGET
 * DURATION} runs one method here under Jazzer (coverage-guided, {@code JAZZER_FUZZ=1}, the tag included) for as
 * long as asked.
 */
class LoaderFuzzTest {
  @FuzzTest(maxDuration = "24h")
  void d4j(byte[] input) {
    FuzzHarness.check(FuzzHarness.Target.D4J, input);
  }

  @FuzzTest(maxDuration = "24h")
  void keras(byte[] input) {
    FuzzHarness.check(FuzzHarness.Target.KERAS, input);
  }

  @FuzzTest(maxDuration = "24h")
  void h5(byte[] input) {
    FuzzHarness.check(FuzzHarness.Target.H5, input);
  }

  @FuzzTest(maxDuration = "24h")
  void tfjs(byte[] input) {
    FuzzHarness.check(FuzzHarness.Target.TFJS, input);
  }

  @FuzzTest(maxDuration = "24h")
  void npy(byte[] input) {
    FuzzHarness.check(FuzzHarness.Target.NPY, input);
  }

  @FuzzTest(maxDuration = "24h")
  void idx(byte[] input) {
    FuzzHarness.check(FuzzHarness.Target.IDX, input);
  }

  @FuzzTest(maxDuration = "24h")
  void idxGz(byte[] input) {
    FuzzHarness.check(FuzzHarness.Target.IDX_GZ, input);
  }

  @FuzzTest(maxDuration = "24h")
  void csv(byte[] input) {
    FuzzHarness.check(FuzzHarness.Target.CSV, input);
  }
}
