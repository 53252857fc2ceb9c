package org.dropout4j.cli;

import java.nio.file.Path;
import org.dropout4j.data.AtomicFileSet;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.TfjsLayers;
import org.dropout4j.layers.Dense;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;

/**
 * The child JVM of {@link FaultInjectionTest}: writes outputs in a loop (or runs a command) until it is killed.
 * {@code d4j FILE} and {@code tfjs DIR} alternate between the models of {@link #model} seeds 1 and 2, writing
 * "ready" to standard output after the first write; {@code fileset DIR} replaces an {@link AtomicFileSet} in DIR
 * in a loop ({@link #fileSet}); {@code cli ARGS...} runs the command line once.
 */
final class FaultChild {
  private FaultChild() {
  }

  /** A model big enough that a write takes a while (two 4 MiB TF.js shards). */
  static Sequential model(long seed) {
    Sequential m = new Sequential(new Dense(512, "relu"), new Dense(8));
    m.setRandomSeed(seed);
    m.build(Shape.of(-1, 2048));
    return m;
  }

  /** The names of file set generation {@code i}: a.bin to f.bin, and odd.bin in odd generations. */
  static java.util.List<String> fileSetNames(int i) {
    java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("a.bin", "b.bin", "c.bin", "d.bin",
        "e.bin", "f.bin"));
    if (i % 2 == 1) {
      names.add("odd.bin");
    }
    return names;
  }

  /** Writes generation {@code i} of set "report" in {@code dir}: each file 256 KiB of the byte {@code i % 251}. */
  static void fileSet(Path dir, int i) throws java.io.IOException {
    byte[] content = new byte[256 << 10];
    java.util.Arrays.fill(content, (byte) (i % 251));
    AtomicFileSet.write(dir, "report", stage -> {
      for (String n : fileSetNames(i)) {
        java.nio.file.Files.write(stage.resolve(n), content);
      }
    });
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "d4j", "tfjs" -> {
        Sequential[] models = {model(1), model(2)};
        for (int i = 0; ; i++) {
          if (args[0].equals("d4j")) {
            ModelArchive.save(models[i % 2], Path.of(args[1]));
          } else {
            TfjsLayers.export(models[i % 2], Path.of(args[1]));
          }
          if (i == 0) {
            System.out.println("ready");
            System.out.flush();
          }
        }
      }
      case "fileset" -> {
        for (int i = 0; ; i++) {
          fileSet(Path.of(args[1]), i);
          if (i == 0) {
            System.out.println("ready");
            System.out.flush();
          }
        }
      }
      case "cli" -> System.exit(Main.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }
}
