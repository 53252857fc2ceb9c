package org.dropout4j.cli.experiment;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every build replays the spec seed corpus (valid specs and past findings) and about a second of deterministic
 * mutations of it (characters flipped, digits changed, slices duplicated or deleted) through
 * {@link SpecFuzzTest#check}.
 */
class SpecMutationTest {
  @Test
  void mutated_specs_are_read_or_refused_clearly() throws Exception {
    URL url = SpecMutationTest.class.getResource("SpecFuzzTestInputs/spec");
    List<byte[]> seeds = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      for (Path f : files.sorted().toList()) {
        seeds.add(Files.readAllBytes(f));
      }
    }
    for (byte[] s : seeds) {
      SpecFuzzTest.check(s);
    }
    SplittableRandom r = new SplittableRandom(42);
    long end = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < end) {
      byte[] b = seeds.get(r.nextInt(seeds.size())).clone();
      for (int k = 0, n = 1 + r.nextInt(4); k < n && b.length > 0; k++) {
        int at = r.nextInt(b.length);
        switch (r.nextInt(4)) {
          case 0 -> b[at] = (byte) " :,{}[]-0123456789.e\"\n".charAt(r.nextInt(22));
          case 1 -> b[at] = (byte) ('0' + r.nextInt(10));
          case 2 -> {
            int len = Math.min(b.length - at, 1 + r.nextInt(32));
            byte[] c = new byte[b.length + len];
            System.arraycopy(b, 0, c, 0, at + len);
            System.arraycopy(b, at, c, at + len, b.length - at);
            b = c;
          }
          default -> b = java.util.Arrays.copyOf(b, at);
        }
      }
      SpecFuzzTest.check(b);
    }
  }
}
