package org.dropout4j.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keras' naming rule, in one place: layer names ({@code dense_1}), optimizer names and the keys of Keras' weight
 * files all come from a class name through {@link #snakeCase}.
 */
public final class Names {
  private static final Pattern WORD = Pattern.compile("(.)([A-Z][a-z]+)");
  private static final Pattern LOWER_UPPER = Pattern.compile("([a-z])([A-Z])");

  private Names() {
  }

  /**
   * Keras' {@code to_snake_case} of a class name: {@code Dense} gives {@code dense}, {@code AlphaDropout} gives
   * {@code alpha_dropout}, {@code Conv2D} gives {@code conv2d}, {@code RMSprop} gives {@code rm_sprop} and
   * {@code PReLU} gives {@code p_re_lu}, as Keras names them.
   *
   * @param className a class name such as {@code SpatialDropout2D}
   * @return the snake-case form, e.g. {@code spatial_dropout2d}
   */
  public static String snakeCase(String className) {
    String s = WORD.matcher(className).replaceAll("$1_$2");
    return LOWER_UPPER.matcher(s).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
  }
}
