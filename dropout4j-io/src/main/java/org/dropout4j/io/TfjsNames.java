package org.dropout4j.io;

import java.util.regex.Pattern;

/**
 * Layer names as TF.js 4.22 accepts them: tfjs-layers refuses to load a model with a layer named outside
 * {@code [A-Za-z0-9][-A-Za-z0-9._/]*} ("Not a valid tensor name"), while Keras on JAX or PyTorch accepts any name
 * (spaces, colons, brackets, non-ASCII letters). The exporters write such a layer under a stand-in name (each other
 * character replaced by {@code _}) and return a warning naming both.
 */
final class TfjsNames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9._/]*");

  private TfjsNames() {
  }

  /** Whether TF.js 4.22 accepts {@code name} as a layer name. */
  static boolean valid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** A name TF.js accepts, close to {@code name}: other characters (and {@code /}) become {@code _}. */
  static String sanitized(String name) {
    String s = name == null ? "" : name.replaceAll("[^-A-Za-z0-9._]", "_");
    return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) || s.charAt(0) > 'z' ? "layer_" + s : s;
  }

  /** The warning for a layer written under a stand-in name. */
  static String warning(String from, String to) {
    return "layer \"" + from + "\" is exported to TF.js as \"" + to + "\": TF.js 4.22 accepts layer names matching "
        + "[A-Za-z0-9][-A-Za-z0-9._/]* only";
  }
}
