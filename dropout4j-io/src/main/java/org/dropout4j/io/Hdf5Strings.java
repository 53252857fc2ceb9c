package org.dropout4j.io;

import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * String attributes of Keras HDF5 files ({@code model_config}, {@code keras_version}, {@code layer_names},
 * {@code weight_names}, ...), as text.
 *
 * <p>Keras writes them as UTF-8 bytes, but h5py declares variable-length byte strings ASCII, so the HDF5 reader
 * decodes every byte of a non-ASCII name (a layer named {@code "ünïcödé_层"}) as U+FFFD. The JSON attributes escape
 * such characters and are unaffected; a name list ({@link #names}) is resolved against the group's own link names,
 * which HDF5 stores as UTF-8: the name whose UTF-8 bytes give the same text when every byte above 0x7F is read as
 * U+FFFD. Text that still holds U+FFFD after that is refused as not UTF-8 (Keras never writes that character).
 */
final class Hdf5Strings {
  private Hdf5Strings() {
  }

  /** A scalar (or one-element) string attribute, {@code null} if absent or not a string. */
  static String stringAttr(Node node, String name) {
    Attribute a = node.getAttribute(name);
    if (a == null) {
      return null;
    }
    Object v = a.getData();
    if (v instanceof String[] && ((String[]) v).length == 1) {
      return decoded(node, name, ((String[]) v)[0]);
    }
    return v instanceof String ? decoded(node, name, (String) v) : null;
  }

  /**
   * A string attribute as the HDF5 reader decoded it, refused if that decoding met invalid bytes: it puts U+FFFD
   * in their place (Keras writes UTF-8, and never that character), so the byte offset is that of the text before.
   */
  private static String decoded(Node node, String name, String text) {
    int bad = text.indexOf('\uFFFD');
    if (bad >= 0) {
      throw new IllegalArgumentException("attribute `" + name + "` of " + node.getPath() + " is not valid UTF-8: "
          + "invalid bytes at byte offset " + text.substring(0, bad).getBytes(StandardCharsets.UTF_8).length
          + " of its text; expected UTF-8 text");
    }
    return text;
  }

  /** A list-of-strings attribute, {@code null} if absent; each element must be valid text. */
  static String[] stringsAttr(Node node, String name) {
    String[] raw = rawStrings(node, name);
    if (raw != null) {
      for (String s : raw) {
        decoded(node, name, s);
      }
    }
    return raw;
  }

  private static String[] rawStrings(Node node, String name) {
    Attribute a = node.getAttribute(name);
    if (a == null) {
      return null;
    }
    Object v = a.getData();
    if (v == null) {
      return new String[0];
    }
    if (v instanceof String) {
      return new String[] {(String) v};
    }
    if (!(v instanceof String[])) {
      throw new IllegalArgumentException("attribute `" + name + "` of " + node.getPath() + " is not a list of "
          + "strings");
    }
    return (String[]) v;
  }

  /**
   * A list of names of nodes below {@code group} ({@code layer_names}: its children; {@code weight_names}: paths of
   * datasets below it), each name that the reader decoded with U+FFFD replaced by the one node path below
   * {@code group} that it stands for (see the class comment); {@code null} if absent.
   *
   * @throws IllegalArgumentException if such a name matches no node path, or several, naming the attribute
   */
  static String[] names(Group group, String name) {
    String[] raw = rawStrings(group, name);
    if (raw == null) {
      return null;
    }
    String[] out = raw.clone();
    List<String> paths = null;
    for (int i = 0; i < out.length; i++) {
      if (out[i].indexOf('\uFFFD') < 0) {
        continue;
      }
      if (paths == null) {
        paths = new ArrayList<>();
        collectPaths(group, "", paths, 0);
      }
      String match = null;
      int matches = 0;
      for (String p : paths) {
        if (asDecodedAscii(p).equals(out[i])) {
          match = p;
          matches++;
        }
      }
      if (matches != 1) {
        decoded(group, name, out[i]); // throws: not valid UTF-8
      }
      out[i] = match;
    }
    return out;
  }

  /** The paths (relative to the start) of the nodes below {@code group}, three levels deep at most. */
  private static void collectPaths(Group group, String prefix, List<String> out, int depth) {
    for (Node child : group.getChildren().values()) {
      String path = prefix + child.getName();
      out.add(path);
      if (child instanceof Group && depth < 3) {
        collectPaths((Group) child, path + "/", out, depth + 1);
      }
    }
  }

  /** The text a reader gets from {@code s}'s UTF-8 bytes when it decodes them as ASCII: U+FFFD per byte >= 0x80. */
  static String asDecodedAscii(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(bytes.length);
    for (byte x : bytes) {
      b.append(x >= 0 ? (char) x : '\uFFFD');
    }
    return b.toString();
  }
}
