package org.dropout4j.cli.experiment;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.CharacterCodingException;
import org.dropout4j.data.TextFiles;

/**
 * Jazzer fuzz test of experiment specs: any bytes are decoded as the spec reader does ({@link TextFiles#utf8}) and
 * read as a spec, or refused with a {@link CharacterCodingException} or an {@link IllegalArgumentException}, within
 * 20 s; anything else is a finding. Its seeds (and findings) are replayed
 * with mutations in every build by {@link SpecMutationTest} (this method carries Jazzer's tag {@code jazzer}, which
 * the default build excludes); {@code tools/fuzz/fuzz.sh spec DURATION} fuzzes.
 */
class SpecFuzzTest {
  /**
   * Decodes one input strictly as the spec reader does (invalid UTF-8 is a refusal naming the byte offset), then
   * reads it as JSON and as YAML; only the documented refusals may escape.
   */
  static void check(byte[] input) {
    String text;
    try {
      text = TextFiles.utf8(input, "spec");
    } catch (CharacterCodingException e) {
      if (!e.getMessage().startsWith("spec: invalid UTF-8 at byte offset ")) {
        throw new AssertionError("invalid UTF-8 refused without its byte offset: " + e.getMessage(), e);
      }
      return;
    }
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
