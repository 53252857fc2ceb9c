package org.dropout4j.internal;

/**
 * The two guards of the project's error style: an argument guard that throws {@link IllegalArgumentException}
 * with a Keras-like message naming the argument and echoing the value, and a state guard that throws
 * {@link IllegalStateException} for lifecycle mistakes (fit before compile, a seed set after building). Core's own
 * code uses these; they are in the internal package because they are not part of the user-facing API.
 *
 * <pre>{@code
 * Guards.argument(rate >= 0f && rate < 1f, "Dropout", "rate", "a float between 0 and 1", rate);
 * // Invalid value for argument `rate` of Dropout: expected a float between 0 and 1, received rate=1.5
 * }</pre>
 */
public final class Guards {
  private Guards() {
  }

  /**
   * Checks an argument.
   *
   * @param ok whether the value is valid
   * @param owner the layer, class or method the argument belongs to, or {@code null}
   * @param argument the argument's Keras name, e.g. {@code rate}
   * @param expected what a valid value is, e.g. {@code a float between 0 and 1}
   * @param received the value received
   * @throws IllegalArgumentException if {@code ok} is false
   */
  public static void argument(boolean ok, String owner, String argument, String expected, Object received) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid value for argument `" + argument + "`"
          + (owner == null ? "" : " of " + owner) + ": expected " + expected + ", received " + argument + "="
          + received);
    }
  }

  /**
   * Checks that an object is in a state that allows the call.
   *
   * @param ok whether the call is allowed now
   * @param message what is wrong and what to do instead, e.g. {@code call compile() before fit()}
   * @throws IllegalStateException if {@code ok} is false
   */
  public static void state(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }

  /**
   * Checks that an integer argument is positive.
   *
   * @return {@code value}
   * @throws IllegalArgumentException naming the owner and the argument, with the value received
   */
  public static int positive(int value, String owner, String argument) {
    argument(value > 0, owner, argument, "a positive integer", value);
    return value;
  }
}
