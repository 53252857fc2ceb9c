package org.dropout4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.LayerCatalog;
import org.dropout4j.layers.LayerDescriptor;

/**
 * Keras {@code class_name} to a {@link LayerFactory}: how saved configs become layers. No class is looked up by a
 * name from a file and no code from a file runs: a name that is not registered is refused with the list of the
 * known ones, and layers that wrap user code ({@code Lambda}, custom registered classes) are refused outright.
 *
 * <p>The built-in layers are the {@link LayerDescriptor}s each layer class declares next to its {@code getConfig()}
 * ({@code Dropout.DESCRIPTOR}, ...), gathered by {@link LayerCatalog} from the providers each class registers for
 * {@link java.util.ServiceLoader}: a new layer type is its class alone. {@link #classNames()} is the list of what can
 * be read (README's layer table is tested against it). Wrappers read their nested layers with the registry that reads them. Extend a registry for your own
 * layer types with {@link #with}:
 *
 * <pre>{@code
 * LayerRegistry registry = LayerRegistry.standard().with("MyNoise", config -> new MyNoise(...));
 * Sequential model = ModelJson.fromJson(json, registry);
 * }</pre>
 *
 * <p>Accepted forms: Keras 3 ({@code batch_shape}, dtype policies) and Keras 2 / TF.js ({@code batch_input_shape},
 * {@code VarianceScaling} initializers, {@code activity_regularizer: null}). Immutable and thread-safe.
 */
public final class LayerRegistry {
  /** Layers whose config carries (Python) code; refused whatever the registry holds. */
  private static final Set<String> CODE_LAYERS = Set.of("Lambda", "TFOpLambda", "SlicingOpLambda");

  private static final LayerRegistry STANDARD = standardRegistry();

  /** How a registered class is read: a descriptor reads nested layers with the registry that reads it. */
  private interface Entry {
    Layer read(Map<String, Object> config, LayerRegistry registry);
  }

  private final Map<String, Entry> factories;

  private LayerRegistry(Map<String, Entry> factories) {
    this.factories = Collections.unmodifiableMap(factories);
  }

  private static LayerRegistry standardRegistry() {
    Map<String, Entry> m = new LinkedHashMap<>();
    for (LayerDescriptor<?> d : LayerCatalog.builtIn()) {
      if (m.put(d.className(), (config, registry) -> d.fromConfig(config, registry::fromEnvelope)) != null) {
        throw new IllegalStateException("two layer descriptors for class_name " + d.className());
      }
    }
    return new LayerRegistry(m);
  }

  /** The registry of the built-in layers. */
  public static LayerRegistry standard() {
    return STANDARD;
  }

  /**
   * A copy of this registry with one more (or a replaced) layer type.
   *
   * @param className the Keras {@code class_name}
   * @param factory builds the layer from its config
   * @throws IllegalArgumentException if {@code className} is empty or names a code-carrying layer such as Lambda
   */
  public LayerRegistry with(String className, LayerFactory factory) {
    if (className == null || className.isEmpty() || factory == null) {
      throw new IllegalArgumentException("Invalid layer registration: expected a class name and a factory, received "
          + "className=" + className + ", factory=" + factory);
    }
    if (CODE_LAYERS.contains(className)) {
      throw new IllegalArgumentException("Invalid layer registration: " + className + " layers carry code and "
          + "cannot be registered");
    }
    Map<String, Entry> m = new LinkedHashMap<>(factories);
    m.put(className, (config, registry) -> factory.fromConfig(config));
    return new LayerRegistry(m);
  }

  /** The registered class names: the built-in ones in alphabetical order, then those added by {@link #with}. */
  public List<String> classNames() {
    return List.copyOf(factories.keySet());
  }

  /** Whether a class name is registered. */
  public boolean contains(String className) {
    return factories.containsKey(className);
  }

  /**
   * The layer for a Keras envelope {@code {"class_name": ..., "config": {...}}} (Keras 3's {@code module},
   * {@code registered_name} and {@code build_config} are accepted for built-in layers).
   *
   * @throws IllegalArgumentException for an unknown class name (listing the known ones), a code-carrying or custom
   *     layer, or an invalid config
   */
  @SuppressWarnings("unchecked")
  public Layer fromEnvelope(Map<String, Object> envelope) {
    Object cls = envelope == null ? null : envelope.get("class_name");
    if (!(cls instanceof String)) {
      throw new IllegalArgumentException("Invalid layer entry: expected {\"class_name\": ..., \"config\": {...}}, "
          + "received " + Json.write(envelope));
    }
    String className = (String) cls;
    Object registered = envelope.get("registered_name");
    Object module = envelope.get("module");
    boolean custom = (registered != null && !registered.equals(className))
        || (module != null && !(module instanceof String && ((String) module).startsWith("keras")));
    if (custom && !CODE_LAYERS.contains(className)) {
      throw new IllegalArgumentException("Refused layer class_name '" + className + "' (module " + module
          + ", registered_name " + registered + "): it is a custom layer defined by user code, and dropout4j never "
          + "runs code from a model file. Known layers: " + classNames());
    }
    Object config = envelope.get("config");
    if (config != null && !(config instanceof Map)) {
      throw new IllegalArgumentException("Invalid layer entry for class_name '" + className + "': expected `config` "
          + "to be an object, received " + Json.write(config));
    }
    return fromConfig(className, (Map<String, Object>) config);
  }

  /**
   * The layer for a class name and its config.
   *
   * @throws IllegalArgumentException for an unknown class name (listing the known ones), a code-carrying layer, or
   *     an invalid config
   */
  public Layer fromConfig(String className, Map<String, Object> config) {
    if (CODE_LAYERS.contains(className)) {
      Object name = config == null ? null : config.get("name");
      throw new IllegalArgumentException("Refused layer " + (name == null ? "" : "\"" + name + "\" ") + "("
          + className + "): it wraps Python code, and dropout4j never runs code from a model file. Rebuild the "
          + "model from built-in layers. Known layers: " + classNames());
    }
    Entry f = factories.get(className);
    if (f == null) {
      throw new IllegalArgumentException("Unknown layer class_name '" + className + "'; known layers: "
          + classNames());
    }
    return f.read(config == null ? new LinkedHashMap<>() : config, this);
  }
}
