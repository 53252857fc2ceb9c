package org.dropout4j.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a layer type declares about its Keras config: its {@code class_name}, its Java type and how its config is
 * read back ({@link Layer#getConfig()} writes it). A Keras class read as another layer type (Keras' {@code ReLU} layer
 * read as an {@link Activation}) has a descriptor whose type writes its own class name back. A registry of layers is a list of descriptors; a layer type
 * declares its own as {@code public static final LayerDescriptor<X> DESCRIPTOR}, next to the {@code getConfig()} it
 * inverts, so the two stay in one file.
 *
 * <pre>{@code
 * public static final LayerDescriptor<Dropout> DESCRIPTOR = LayerDescriptor.of("Dropout", Dropout.class,
 *     r -> new Dropout(r.requiredNumber("rate"), r.dims("noise_shape"), r.optionalLong("seed"),
 *         r.weightlessName("Dropout")));
 * }</pre>
 *
 * @param <L> the layer type built
 */
public final class LayerDescriptor<L extends Layer> {
  private final String className;
  private final Class<? extends Layer> type;
  private final Function<ConfigReader, ? extends L> reader;

  private LayerDescriptor(String className, Class<? extends Layer> type, Function<ConfigReader, ? extends L> reader) {
    if (className == null || className.isEmpty() || type == null || reader == null) {
      throw new IllegalArgumentException("Invalid layer descriptor: expected a class name, a type and a reader, "
          + "received className=" + className + ", type=" + type + ", reader=" + reader);
    }
    this.className = className;
    this.type = type;
    this.reader = reader;
  }

  /**
   * A descriptor.
   *
   * @param className the Keras {@code class_name} ({@link Layer#className()} of the layers it builds)
   * @param type the Java class of the layers it builds
   * @param reader reads every key the config may carry from a {@link ConfigReader} and builds the layer; keys it
   *     does not read are refused afterwards
   * @throws IllegalArgumentException if an argument is null or the class name empty
   */
  public static <L extends Layer> LayerDescriptor<L> of(String className, Class<L> type,
      Function<ConfigReader, ? extends L> reader) {
    return new LayerDescriptor<>(className, type, reader);
  }

  /** The Keras {@code class_name}. */
  public String className() {
    return className;
  }

  /** The Java type of the layers built. */
  public Class<? extends Layer> type() {
    return type;
  }

  /**
   * The layer for a config (the {@code config} part of a Keras envelope).
   *
   * @throws IllegalArgumentException for a missing, mistyped, out-of-range or unknown key, naming the layer
   */
  public L fromConfig(Map<String, Object> config) {
    return fromConfig(config, null);
  }

  /**
   * The layer for a config whose nested layers (a wrapper's {@code layer}) are read by {@code layers}.
   *
   * @param layers reads a nested {@code {"class_name": ..., "config": ...}} envelope (a layer registry's
   *     {@code fromEnvelope}), or {@code null}; a config with {@code trainable: false} gives a frozen layer
   *     ({@link Layer#setTrainable(boolean)})
   * @throws IllegalArgumentException for a missing, mistyped, out-of-range or unknown key, naming the layer
   */
  public L fromConfig(Map<String, Object> config, Function<Map<String, Object>, Layer> layers) {
    ConfigReader r = ConfigReader.forLayer(config == null ? new LinkedHashMap<>() : config, className, layers);
    L layer;
    try {
      layer = reader.apply(r);
    } catch (IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      throw m.startsWith(r.owner()) || m.startsWith("layer ") ? e
          : new IllegalArgumentException(r.owner() + ": " + m, e);
    }
    r.finish();
    if (config != null && Boolean.FALSE.equals(config.get("trainable")) && layer.trainable()) {
      layer.setTrainable(false); // Keras writes trainable=false on every layer of a frozen model, weightless or not
    }
    return layer;
  }

  @Override
  public String toString() {
    return "LayerDescriptor(" + className + " -> " + type.getSimpleName() + ")";
  }
}
