package org.dropout4j.cli.experiment;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz test of experiment specs: any text is read as a spec or refused with an
 * {@link IllegalArgumentException}, within 20 s; anything else is a finding. Its seeds (and findings) are replayed
 * with mutations in every build by {@link SpecMutationTest}; {@code tools/fuzz/fuzz.sh spec DURATION} fuzzes.
 */
class SpecFuzzTest {
  /** Reads one input as JSON and as YAML; only the documented refusal may escape. */
  static void check(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    for (boolean yaml : new boolean[] {false, true}) {
      long t0 = System.nanoTime();
      try {
        ExperimentSpec spec = ExperimentSpec.parse(text, yaml);
        if ((long) spec.settings().size() * spec.repeats() > ExperimentSpec.MAX_TRIALS) {
          throw new AssertionError("a spec of " + spec.settings().size() + " settings x " + spec.repeats()
              + " repeats was accepted");
        }
      } catch (IllegalArgumentException e) {
        // a documented refusal
      } catch (RuntimeException | Error e) {
        throw new AssertionError("spec text of " + input.length + " bytes (" + (yaml ? "YAML" : "JSON") + ") threw "
            + e.getClass().getName() + " instead of a clear refusal: " + e.getMessage(), e);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (ms > 20_000) {
        throw new AssertionError("spec text of " + input.length + " bytes took " + ms + " ms");
      }
    }
  }

  @FuzzTest(maxDuration = "24h")
  void spec(byte[] input) {
    check(input);
  }
}
