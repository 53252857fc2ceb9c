package org.dropout4j.io;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests of every loader (the invariant is {@link FuzzHarness#check}). In a normal build each runs its
 * seed corpus ({@code src/test/resources/org/dropout4j/io/LoaderFuzzTestInputs/<target>/}: valid files and every
 * past finding) as a regression test; {@code tools/fuzz/fuzz.sh TARGET DURATION} fuzzes one target for as long as
 * asked. {@link LoaderMutationTest} runs a few seconds of deterministic mutations of the same seeds in every build.
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
