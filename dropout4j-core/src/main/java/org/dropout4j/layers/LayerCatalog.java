package org.dropout4j.layers;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The built-in layer types: every public class of {@code org.dropout4j.layers} and its sub-packages that declares
 * its config reader as {@code public static final LayerDescriptor<X> DESCRIPTOR}, next to the {@code getConfig()}
 * it inverts. A new layer type is its class with such a descriptor; there is no list to extend (a layer registry,
 * README's layer table and the conformance harness all follow from this catalogue).
 *
 * <p>The catalogue lists the package in this library's own jar (or classes directory) once, on first use, and
 * reads the descriptor field of each class found there. Class names never come from a model file: reading a file
 * goes through the descriptors by their Keras {@code class_name}, and an unknown name is refused.
 */
public final class LayerCatalog {
  private static final String ROOT = "org/dropout4j/layers/";
  private static final List<LayerDescriptor<?>> BUILT_IN = scan();

  private LayerCatalog() {
  }

  /**
   * The built-in descriptors, ordered by Keras {@code class_name}.
   *
   * @return an immutable list, one descriptor per class name
   */
  public static List<LayerDescriptor<?>> builtIn() {
    return BUILT_IN;
  }

  private static List<LayerDescriptor<?>> scan() {
    Map<String, LayerDescriptor<?>> byName = new LinkedHashMap<>();
    for (String className : classNames()) {
      LayerDescriptor<?> d = descriptorOf(className);
      if (d != null && byName.put(d.className(), d) != null) {
        throw new IllegalStateException("two built-in layer descriptors for class_name " + d.className() + ": "
            + byName.get(d.className()).type().getName() + " and " + d.type().getName());
      }
    }
    List<LayerDescriptor<?>> out = new ArrayList<>(byName.values());
    out.sort(Comparator.comparing(LayerDescriptor::className));
    return List.copyOf(out);
  }

  /** The binary names of the top-level classes under {@link #ROOT} in this class's jar or classes directory. */
  private static List<String> classNames() {
    CodeSource source = LayerCatalog.class.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    List<String> entries = new ArrayList<>();
    try {
      Path path = Path.of(location.toURI());
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.walk(path.resolve(ROOT))) {
          files.map(p -> path.relativize(p).toString().replace('\\', '/')).forEach(entries::add);
        }
      } else {
        try (JarFile jar = new JarFile(path.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            entries.add(e.nextElement().getName());
          }
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("cannot list the built-in layer classes in " + location + " (the catalogue "
          + "reads the dropout4j-core jar or classes directory): " + e, e);
    }
    List<String> names = new ArrayList<>();
    for (String entry : entries) {
      if (entry.startsWith(ROOT) && entry.endsWith(".class") && !entry.contains("$")
          && !entry.endsWith("package-info.class")) {
        names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
      }
    }
    return names;
  }

  /** The class's own {@code public static final LayerDescriptor DESCRIPTOR} for that class, or {@code null}. */
  private static LayerDescriptor<?> descriptorOf(String className) {
    try {
      Class<?> type = Class.forName(className, true, LayerCatalog.class.getClassLoader());
      if (!Modifier.isPublic(type.getModifiers()) || !Layer.class.isAssignableFrom(type)) {
        return null;
      }
      Field f = type.getDeclaredField("DESCRIPTOR");
      int m = f.getModifiers();
      if (!Modifier.isPublic(m) || !Modifier.isStatic(m) || !Modifier.isFinal(m)
          || !(f.get(null) instanceof LayerDescriptor<?> d)) {
        return null;
      }
      if (d.type() != type) {
        throw new IllegalStateException(className + ".DESCRIPTOR builds " + d.type().getName() + ", not "
            + className);
      }
      return d;
    } catch (NoSuchFieldException e) {
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the layer descriptor of " + className + ": " + e, e);
    }
  }
}
