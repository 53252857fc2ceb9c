package org.dropout4j.layers;

import java.util.Objects;
import org.dropout4j.tensor.Shape;

/**
 * A limit on the weights a model may create while it is built on the current thread: loaders of untrusted files
 * build inside {@link #within}, so a tiny file declaring a huge layer is refused before its weights are allocated.
 *
 * <p>Every weight is created through {@link WeightFactory#create}, which calls {@link #reserve} with the weight's
 * shape first: the element count is computed as a {@code long} with overflow checks, added to what the build has
 * already created, and compared with the limit. Outside {@code within} nothing is limited (a model built in code
 * allocates what its code asks for).
 *
 * <pre>{@code
 * Sequential model = WeightBudget.within(limitFloats, "model.json (" + file + ")", () -> {
 *   Sequential m = ModelJson.fromConfig(config, registry);
 *   m.build(m.inputShape());
 *   return m;
 * });
 * }</pre>
 */
public final class WeightBudget {
  private static final ThreadLocal<State> CURRENT = new ThreadLocal<>();

  /** A body that may throw a checked exception. */
  @FunctionalInterface
  public interface Body<T, E extends Exception> {
    /**
     * Builds the result.
     *
     * @return the result
     * @throws E what the body throws
     */
    T run() throws E;
  }

  private static final class State {
    final long limit;
    final String source;
    long used;

    State(long limit, String source) {
      this.limit = limit;
      this.source = source;
    }
  }

  private WeightBudget() {
  }

  /**
   * Runs {@code body} with at most {@code maxElements} weight values (floats) created on this thread; nested calls
   * keep the smaller remaining limit.
   *
   * @param maxElements the most weight values the body may create, {@code >= 0}
   * @param source what the limit comes from, for messages (e.g. the file and why it allows that much)
   * @param body builds the model
   * @return what the body returns
   * @throws IllegalArgumentException if {@code maxElements < 0}, or (from inside the body) if a weight would exceed
   *     the limit: the message names the weight, its shape and element count, the limit and {@code source}
   * @throws E what the body throws
   */
  public static <T, E extends Exception> T within(long maxElements, String source, Body<T, E> body) throws E {
    if (maxElements < 0) {
      throw new IllegalArgumentException("invalid value for argument `maxElements`: expected >= 0, received "
          + "maxElements=" + maxElements);
    }
    Objects.requireNonNull(body, "body");
    State outer = CURRENT.get();
    State state = new State(maxElements, source);
    if (outer != null && outer.limit - outer.used < maxElements) {
      state = new State(outer.limit - outer.used, outer.source);
    }
    CURRENT.set(state);
    try {
      return body.run();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        outer.used += state.used;
        CURRENT.set(outer);
      }
    }
  }

  /**
   * Accounts for a weight about to be created; call before allocating it.
   *
   * @param weight the weight's name, e.g. {@code dense/kernel}
   * @param shape its shape
   * @throws IllegalArgumentException if its element count overflows a {@code long}, exceeds what a Java array
   *     holds, or would exceed the current limit
   */
  public static void reserve(String weight, Shape shape) {
    long n = 1;
    for (int i = 0; i < shape.rank(); i++) {
      int d = shape.dim(i);
      if (d < 0) {
        throw new IllegalArgumentException("weight '" + weight + "' has shape " + shape + " with an unknown or "
            + "negative size; expected known sizes");
      }
      try {
        n = Math.multiplyExact(n, (long) d);
      } catch (ArithmeticException e) {
        n = Long.MAX_VALUE;
        break;
      }
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("weight '" + weight + "' has shape " + shape + ": " + (n == Long.MAX_VALUE
          ? "more than 2^63" : String.valueOf(n)) + " values, more than one Java array holds (" + (Integer.MAX_VALUE
          - 8) + ")");
    }
    State s = CURRENT.get();
    if (s == null) {
      return;
    }
    if (n > s.limit - s.used) {
      throw new IllegalArgumentException("weight '" + weight + "' of shape " + shape + " needs " + n + " values ("
          + bytes(4 * n) + "); with the " + s.used + " values before it that exceeds the " + s.limit + " values ("
          + bytes(4 * s.limit) + ") allowed by " + s.source);
    }
    s.used += n;
  }

  private static String bytes(long b) {
    if (b < 1L << 20) {
      return b + " bytes";
    }
    return String.format(java.util.Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
  }
}
