package org.dropout4j.layers;

import java.util.List;

/**
 * Layer types made known to {@link LayerCatalog} through {@link java.util.ServiceLoader}. dropout4j's own are
 * generated: the layer-provider processor ({@code org.dropout4j.processor.LayerProviderProcessor}, module
 * dropout4j-processor) writes one {@code GeneratedLayerProvider} per package for the classes that declare
 * {@code public static final LayerDescriptor<X> DESCRIPTOR}, and lists them in
 * {@code META-INF/services/org.dropout4j.layers.LayerProvider}, when the classes are compiled. A library registers its
 * own layer types the same way (the processor on its compiler's processor path) or by writing a provider and that
 * services file itself:
 *
 * <pre>{@code
 * public final class MyLayers implements LayerProvider {
 *   public List<LayerDescriptor<?>> descriptors() {
 *     return List.of(MyNoise.DESCRIPTOR);
 *   }
 * }
 * // src/main/resources/META-INF/services/org.dropout4j.layers.LayerProvider: com.example.MyLayers
 * }</pre>
 *
 * <p>No list of layer types is kept by hand and nothing is found by scanning the class path at run time:
 * {@code ServiceLoader} reads the services files from a classes directory, a jar, or several jars (each keeps its
 * own). An implementation is public, has a public no-argument constructor (the {@code ServiceLoader} contract) and
 * returns the same descriptors on every call.
 */
public interface LayerProvider {
  /**
   * The descriptors of the layer types registered: each one's Keras {@code class_name}, Java type and config reader.
   *
   * @return the declaring classes' {@code DESCRIPTOR}s, none {@code null}
   */
  List<LayerDescriptor<?>> descriptors();
}
