package org.dropout4j.io;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A short deterministic mutation fuzz of every loader in every build: for about a second per format (or
 * {@code -Ddropout4j.fuzz.millis=N} ms, e.g. for a long session without Jazzer's instrumentation),
 * the seed corpus of {@link LoaderFuzzTest} is mutated (bit flips, truncations, extreme 32-bit values written over
 * header fields, duplicated and deleted slices) and each mutant must keep {@link FuzzHarness#check}'s invariant.
 */
class LoaderMutationTest {
  private static final long MILLIS = Long.getLong("dropout4j.fuzz.millis", 1000);
  private static final int[] EXTREMES = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7fff, 0x10000, 65};

  /** The seed corpus of a target: every file of its Jazzer inputs folder (valid files and past findings). */
  static List<byte[]> seeds(FuzzHarness.Target target) throws Exception {
    String name = target == FuzzHarness.Target.IDX_GZ ? "idxGz" : target.name().toLowerCase(java.util.Locale.ROOT);
    java.net.URL url = LoaderMutationTest.class.getResource("LoaderFuzzTestInputs/" + name);
    if (url == null) {
      throw new IllegalStateException("no seed folder LoaderFuzzTestInputs/" + name);
    }
    List<byte[]> out = new ArrayList<>();
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of(
        url.toURI()))) {
      for (java.nio.file.Path f : files.sorted().toList()) {
        out.add(java.nio.file.Files.readAllBytes(f));
      }
    }
    return out;
  }

  static byte[] mutate(byte[] seed, SplittableRandom r) {
    byte[] b = seed.clone();
    int kind = r.nextInt(6);
    if (b.length == 0) {
      return new byte[] {(byte) r.nextInt(256)};
    }
    switch (kind) {
      case 0 -> { // flip a few bits
        for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length)); // truncate
      case 2 -> { // an extreme 32-bit value over a (header) field
        int at = r.nextInt(Math.min(b.length, 512));
        int v = EXTREMES[r.nextInt(EXTREMES.length)];
        for (int i = 0; i < 4 && at + i < b.length; i++) {
          b[at + i] = (byte) (r.nextBoolean() ? v >>> (8 * i) : v >>> (24 - 8 * i));
        }
      }
      case 3 -> { // duplicate a slice
        int from = r.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + r.nextInt(64));
        byte[] c = new byte[b.length + len];
        System.arraycopy(b, 0, c, 0, from + len);
        System.arraycopy(b, from, c, from + len, b.length - from);
        b = c;
      }
      case 4 -> { // delete a slice
        int from = r.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + r.nextInt(64));
        byte[] c = new byte[b.length - len];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(b, from + len, c, from, b.length - from - len);
        b = c;
      }
      default -> { // a digit changed in text (sizes in JSON, CSV, npy headers)
        for (int i = 0; i < 8; i++) {
          int at = r.nextInt(b.length);
          if (b[at] >= '0' && b[at] <= '9') {
            b[at] = (byte) ('0' + r.nextInt(10));
            if (r.nextBoolean()) {
              b[at] = '9';
            }
          }
        }
      }
    }
    return b;
  }

  @ParameterizedTest
  @EnumSource(FuzzHarness.Target.class)
  void mutants_are_loaded_or_refused_clearly(FuzzHarness.Target target) throws Exception {
    List<byte[]> seeds = seeds(target);
    SplittableRandom r = new SplittableRandom(Long.getLong("dropout4j.fuzz.seed", 1) * 7919L + target.ordinal());
    for (byte[] s : seeds) {
      FuzzHarness.check(target, s);
    }
    long end = System.nanoTime() + MILLIS * 1_000_000;
    while (System.nanoTime() < end) {
      byte[] m = mutate(seeds.get(r.nextInt(seeds.size())), r);
      if (r.nextInt(4) == 0) {
        m = mutate(m, r);
      }
      FuzzHarness.check(target, m);
    }
  }
}
