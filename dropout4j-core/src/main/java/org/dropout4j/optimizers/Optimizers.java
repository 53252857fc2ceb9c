package org.dropout4j.optimizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Optimizers by Keras name ({@code adam}, {@code adamw}, {@code sgd}, {@code rmsprop}, {@code nadam},
 * {@code adamax}, {@code adagrad}, {@code adadelta}, {@code lion}, {@code ftrl}) with Keras' default settings.
 */
public final class Optimizers {
  private static final Map<String, Supplier<Optimizer>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("adam", Adam::new);
    BY_NAME.put("adamw", AdamW::new);
    BY_NAME.put("sgd", SGD::new);
    BY_NAME.put("rmsprop", RMSprop::new);
    BY_NAME.put("nadam", Nadam::new);
    BY_NAME.put("adamax", Adamax::new);
    BY_NAME.put("adagrad", Adagrad::new);
    BY_NAME.put("adadelta", Adadelta::new);
    BY_NAME.put("lion", Lion::new);
    BY_NAME.put("ftrl", Ftrl::new);
  }

  private Optimizers() {
  }

  /**
   * A new optimizer with Keras' defaults for a name (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known ones
   */
  public static Optimizer get(String name) {
    Supplier<Optimizer> s = BY_NAME.get(name == null ? null : name.toLowerCase());
    if (s == null) {
      throw new IllegalArgumentException("Unknown optimizer '" + name + "'; known optimizers: " + names());
    }
    return s.get();
  }

  /** The known names. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }
}
