package org.dropout4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.layers.WeightBudget;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Sequential;

/**
 * The limits every loader applies to an untrusted model file before it allocates anything: validation before
 * allocation.
 *
 * <ul>
 *   <li><b>A budget</b>: a model's weights may take at most {@link #maxModelBytes()} bytes, by default a quarter of
 *       the JVM's maximum heap, or the value of the system property {@value #MAX_BYTES_PROPERTY} (bytes, or with a
 *       {@code k}/{@code m}/{@code g} suffix). The model is built inside {@link WeightBudget#within}, so a layer
 *       declaring more is refused before its weights exist.</li>
 *   <li><b>The bytes present</b>: formats storing raw float32 (TF.js shards, {@code .d4j}) must hold exactly
 *       4 bytes per declared value; compressed storage (HDF5 filters, zip entries) may expand at most
 *       {@value #MAX_EXPANSION} times the file it comes from (float weights compress by less than 2), and every
 *       decompression stops at the declared size.</li>
 *   <li><b>Confinement</b>: files named by a model (TF.js shards) are resolved to their real path, which must lie
 *       inside the model folder; a symbolic link leading out is refused, naming it.</li>
 * </ul>
 */
public final class LoadLimits {
  /** The system property overriding the model budget, in bytes ({@code k}, {@code m}, {@code g} suffixes). */
  public static final String MAX_BYTES_PROPERTY = "dropout4j.maxModelBytes";
  /** How many times its file a compressed model may expand. */
  public static final int MAX_EXPANSION = 32;
  /** Compressed content up to this size is accepted whatever its ratio (tiny all-zero models). */
  static final long MIN_EXPANDED_BYTES = 16L << 20;

  private LoadLimits() {
  }

  /**
   * The most bytes a loaded model's weights (and optimizer state) may take.
   *
   * @throws IllegalArgumentException if {@value #MAX_BYTES_PROPERTY} is set but not a positive size
   */
  public static long maxModelBytes() {
    String v = System.getProperty(MAX_BYTES_PROPERTY);
    if (v == null || v.isBlank()) {
      return Runtime.getRuntime().maxMemory() / 4;
    }
    String s = v.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    char last = s.charAt(s.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = Long.parseLong(s);
      if (n > 0 && n <= Long.MAX_VALUE / unit) {
        return n * unit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("invalid value for system property `" + MAX_BYTES_PROPERTY + "`: expected a "
        + "positive number of bytes (optionally with a k, m or g suffix), received " + v);
  }

  /** The most bytes compressed content from a file of {@code fileBytes} bytes may expand to. */
  static long maxExpandedBytes(long fileBytes) {
    long ratio = fileBytes > Long.MAX_VALUE / MAX_EXPANSION ? Long.MAX_VALUE : fileBytes * MAX_EXPANSION;
    return Math.min(maxModelBytes(), Math.max(MIN_EXPANDED_BYTES, ratio));
  }

  /**
   * Checks a declared total against the budget.
   *
   * @throws IllegalArgumentException naming {@code what}, the bytes declared and the budget
   */
  static void checkBudget(String what, long declaredBytes) {
    long max = maxModelBytes();
    if (declaredBytes < 0 || declaredBytes > max) {
      throw new IllegalArgumentException(what + " declares " + declaredBytes + " bytes of weights, more than the "
          + "budget of " + max + " bytes (a quarter of the maximum heap; raise it with -D" + MAX_BYTES_PROPERTY
          + "=SIZE if the file is trusted)");
    }
  }

  /**
   * Builds a model from its config with at most {@code maxBytes / 4} weight values.
   *
   * @param source what allows that much, for the message (e.g. "the 300 bytes of weight shards in /m")
   */
  static Sequential build(Map<String, Object> config, LayerRegistry registry, long maxBytes, String source) {
    long budget = maxModelBytes();
    String why = maxBytes < budget ? source : "the budget of " + budget + " bytes (-D" + MAX_BYTES_PROPERTY + ")";
    return WeightBudget.within(Math.min(maxBytes, budget) / 4, why, () -> {
      Sequential model = ModelJson.fromConfig(config, registry);
      if (model.inputShape() == null) {
        throw new IllegalArgumentException("the model declares no input shape (no InputLayer and no "
            + "batch_input_shape on its first layer)");
      }
      model.build(model.inputShape());
      checkActivations(model);
      return model;
    });
  }

  /**
   * Builds a functional model from its config with at most {@code maxBytes / 4} weight values, as {@link #build}.
   *
   * @param source what allows that much, for the message
   */
  static Functional buildFunctional(Map<String, Object> config, LayerRegistry registry, long maxBytes,
      String source) {
    long budget = maxModelBytes();
    String why = maxBytes < budget ? source : "the budget of " + budget + " bytes (-D" + MAX_BYTES_PROPERTY + ")";
    return WeightBudget.within(Math.min(maxBytes, budget) / 4, why, () -> {
      Functional model = KerasGraphConfig.isFunctional(config) ? KerasGraphConfig.build(config, registry)
          : KerasGraphCalls.sequential(config, registry); // a Sequential whose steps include models
      model.build();
      checkActivations(model);
      return model;
    });
  }

  /**
   * Checks what one sample's outputs of each layer would take when the model runs, from the built shapes (as longs,
   * the batch axis and unknown sizes left out): each must fit one Java array and the budget
   * ({@link #maxModelBytes()}). A file declaring no weights can still declare huge activations (a 200-byte
   * {@code .keras} with {@code RepeatVector(n=300000000)} loaded, then spent 12 s on one sample's prediction before
   * an OutOfMemoryError); such a model is refused while it is read.
   *
   * @throws IllegalArgumentException naming the layer, its output shape, the values per sample and the budget
   */
  static void checkActivations(org.dropout4j.models.Model model) {
    long max = maxModelBytes();
    if (model instanceof Sequential s) {
      org.dropout4j.tensor.Shape shape = s.inputShape();
      for (org.dropout4j.layers.Layer l : s.layers()) {
        shape = l.computeOutputShape(shape);
        checkActivation(l.name(), shape, max);
      }
    } else if (model instanceof Functional f) {
      for (org.dropout4j.layers.Node n : f.nodes()) {
        if (n.operation() instanceof Functional inner) {
          checkActivations(inner);
        }
        for (org.dropout4j.layers.KerasTensor t : n.outputs()) {
          checkActivation(n.operation().name(), t.shape(), max);
        }
      }
    }
  }

  private static void checkActivation(String layer, org.dropout4j.tensor.Shape shape, long maxBytes) {
    long n = 1;
    for (int i = 1; i < shape.rank(); i++) {
      int d = shape.dim(i);
      if (d > 0) {
        n = n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
      }
    }
    if (n > Integer.MAX_VALUE - 8 || n > maxBytes / 4) {
      throw new IllegalArgumentException("layer '" + layer + "' outputs shape " + shape + ": " + (n == Long.MAX_VALUE
          ? "more than 2^63" : String.valueOf(n)) + " values per sample, more than " + (n > Integer.MAX_VALUE - 8
          ? "one Java array holds" : "the budget of " + maxBytes + " bytes (a quarter of the maximum heap; raise it "
          + "with -D" + MAX_BYTES_PROPERTY + "=SIZE if the file is trusted)"));
    }
  }

  /**
   * The real path of {@code relative} inside {@code dir}, which must be a regular file whose real path lies inside
   * the real path of {@code dir}.
   *
   * @throws IllegalArgumentException if the name is absolute, leaves the folder (textually or through a symbolic
   *     link, which is named), or is not a regular file
   */
  static Path confined(Path dir, String relative, String what) throws IOException {
    Path realDir = dir.toRealPath();
    Path p;
    try {
      p = Path.of(relative);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException(what + " " + Json.write(relative) + " is not a valid file name");
    }
    if (p.isAbsolute() || relative.isEmpty()) {
      throw new IllegalArgumentException(what + " " + Json.write(relative) + " must be a relative path inside the "
          + "model folder " + dir);
    }
    Path f = realDir.resolve(p).normalize();
    if (!f.startsWith(realDir)) {
      throw new IllegalArgumentException(what + " " + Json.write(relative) + " points outside the model folder "
          + dir);
    }
    // walk the components without following links, so a link is named in the message
    Path cur = realDir;
    for (Path part : realDir.relativize(f)) {
      cur = cur.resolve(part);
      if (Files.isSymbolicLink(cur)) {
        Path target = cur.toRealPath();
        if (!target.startsWith(realDir)) {
          throw new IllegalArgumentException(what + " " + Json.write(relative) + " goes through the symbolic link "
              + cur + ", which leads to " + target + ", outside the model folder " + realDir);
        }
      }
    }
    if (!Files.exists(f)) {
      throw new IllegalArgumentException("missing " + what + " " + f);
    }
    Path real = f.toRealPath();
    if (!real.startsWith(realDir)) {
      throw new IllegalArgumentException(what + " " + Json.write(relative) + " resolves to " + real + ", outside "
          + "the model folder " + realDir);
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(what + " " + f + " is not a regular file");
    }
    return real;
  }

  /**
   * Reads at most {@code limit} bytes; more is refused.
   *
   * @throws IllegalArgumentException naming {@code what} if the stream holds more than {@code limit} bytes
   */
  static byte[] readAtMost(InputStream in, long limit, String what) throws IOException {
    int cap = (int) Math.min(limit, Integer.MAX_VALUE - 16);
    byte[] data = in.readNBytes(cap);
    if (data.length == cap && in.read() >= 0) {
      throw new IllegalArgumentException(what + " holds more than " + limit + " bytes, the most it may hold here");
    }
    return data;
  }

  /** The most useful message of a chain: a decompression limit wherever it is, else the outermost message. */
  static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Hdf5Guard.DecompressionLimitException) {
        return t.getMessage();
      }
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      Throwable c = e.getCause();
      return c != null && c != e ? rootMessage(c) : "damaged content (" + e.getClass().getSimpleName() + ")";
    }
    return (e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof io.jhdf.exceptions.HdfException) ? m : e.getClass().getSimpleName() + ": " + m;
  }
}
