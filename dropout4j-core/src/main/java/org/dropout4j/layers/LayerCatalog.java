package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The registered layer types: the {@code public static final LayerDescriptor<X> DESCRIPTOR} that each layer class
 * declares next to the {@code getConfig()} it inverts, found through {@link ServiceLoader} by the
 * {@link LayerProvider}s listed in {@code META-INF/services}. A layer registry, README's layer table and the
 * conformance harness all follow from it.
 *
 * <p>A new layer type is its class with a {@code DESCRIPTOR}, nothing else: the layer-provider processor
 * (dropout4j-processor, run by the compiler) writes the providers and the services file when the class is compiled.
 * Nothing is kept by hand, nothing is scanned at run time, and no class is looked up by a name read from a model file
 * (reading a file goes through the descriptors by their Keras {@code class_name}, and an unknown name is refused).
 * {@code ServiceLoader} reads the services files from a classes directory, from a jar and from each jar of a class
 * path, so a library that registers its own layer types the same way has them listed here too. The order is that of
 * the class names, whatever order the class path gives. {@code LayerCatalogTest} names any layer class whose
 * {@code DESCRIPTOR} is not registered.
 *
 * <pre>{@code
 * for (LayerDescriptor<?> d : LayerCatalog.builtIn()) {
 *   System.out.println(d.className());   // Activation, Add, AdditiveAttention, ...
 * }
 * }</pre>
 */
public final class LayerCatalog {
  private static final List<LayerDescriptor<?>> BUILT_IN = sortedByClassName(loaded());

  private LayerCatalog() {
  }

  /**
   * The registered descriptors, ordered by Keras {@code class_name}: dropout4j's own and those other jars on the same
   * class path register with a {@link LayerProvider}.
   *
   * @return an immutable list, one descriptor per class name
   * @throws java.util.ServiceConfigurationError (on first use) if a listed provider cannot be loaded
   * @throws IllegalStateException (on first use, as the cause of an {@code ExceptionInInitializerError}) if two
   *     providers register the same {@code class_name}, naming both classes
   */
  public static List<LayerDescriptor<?>> builtIn() {
    return BUILT_IN;
  }

  /** Every descriptor of every provider listed for the class loader that loaded dropout4j's layers. */
  private static List<LayerDescriptor<?>> loaded() {
    List<LayerDescriptor<?>> out = new ArrayList<>();
    for (LayerProvider p : ServiceLoader.load(LayerProvider.class, LayerProvider.class.getClassLoader())) {
      for (LayerDescriptor<?> d : p.descriptors()) {
        if (d == null) {
          throw new IllegalStateException("layer provider " + p.getClass().getName() + " returned a null descriptor");
        }
        out.add(d);
      }
    }
    return out;
  }

  /**
   * The descriptors ordered by Keras {@code class_name}.
   *
   * @param descriptors the descriptors to order
   * @return an immutable list in {@code class_name} order
   * @throws IllegalStateException if two descriptors share a {@code class_name}; the message names both classes
   */
  static List<LayerDescriptor<?>> sortedByClassName(List<LayerDescriptor<?>> descriptors) {
    Map<String, LayerDescriptor<?>> byName = new LinkedHashMap<>();
    for (LayerDescriptor<?> d : descriptors) {
      LayerDescriptor<?> previous = byName.put(d.className(), d);
      if (previous != null) {
        throw new IllegalStateException("two layer descriptors for class_name " + d.className() + ": "
            + previous.type().getName() + " and " + d.type().getName());
      }
    }
    List<LayerDescriptor<?>> out = new ArrayList<>(byName.values());
    out.sort(Comparator.comparing(LayerDescriptor::className));
    return List.copyOf(out);
  }
}
