package org.dropout4j.layers;

/**
 * A layer type made known to {@link LayerCatalog} through {@link java.util.ServiceLoader}. Each layer class declares
 * one next to its {@code DESCRIPTOR}, as a nested class the annotation processor of Google's AutoService lists in
 * {@code META-INF/services/org.dropout4j.layers.LayerProvider} when the class is compiled:
 *
 * <pre>{@code
 * public final class MyNoise extends BaseDropout {
 *   public static final LayerDescriptor<MyNoise> DESCRIPTOR = LayerDescriptor.of("MyNoise", MyNoise.class,
 *       r -> new MyNoise(r.requiredNumber("rate"), r.optionalLong("seed"), r.weightlessName("MyNoise")));
 *   ...
 *   @AutoService(LayerProvider.class)
 *   public static final class Provider implements LayerProvider {
 *     @Override
 *     public LayerDescriptor<?> descriptor() {
 *       return DESCRIPTOR;
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>No list is kept by hand and nothing is found by scanning the class path at run time: the services file is
 * written at compile time, and {@code ServiceLoader} reads it from a classes directory, a jar, or several jars (each
 * keeps its own file; a library adding layer types ships its own). An implementation is public, has a public
 * no-argument constructor (the {@code ServiceLoader} contract) and returns the same descriptor on every call.
 */
public interface LayerProvider {
  /**
   * The descriptor of the layer type registered: its Keras {@code class_name}, Java type and config reader.
   *
   * @return the declaring class's {@code DESCRIPTOR}, never {@code null}
   */
  LayerDescriptor<?> descriptor();
}
