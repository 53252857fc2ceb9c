package org.dropout4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dropout4j.data.AtomicWrite;
import org.dropout4j.layers.Configs;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.MultiHeadAttention;
import org.dropout4j.layers.activations.Softmax;
import org.dropout4j.layers.Node;
import org.dropout4j.layers.Operation;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;

/**
 * Writes a built model as a Keras 3 {@code .keras} file, which Keras 3.15's {@code keras.saving.load_model} reads:
 * a zip of {@code metadata.json} ({@code keras_version}, {@code date_saved}), {@code config.json} (the
 * {@code Sequential} or {@code Functional} config, with {@code compile_config} when the model is compiled) and
 * {@code model.weights.h5} in Keras 3's layout ({@code layers/<key>/vars/0..n}, the key the snake_case class name
 * numbered per class in layer order, a nested model's layers under its own key's {@code layers}, recurrent cells
 * and wrapped layers as sub-groups).
 *
 * <p>Layers Keras 3 does not have are written as their inference-time equivalent with a warning (see
 * {@link KerasLayerExport}); a layer with no equivalent is refused by name before anything is written. The optimizer
 * state is not written (Keras warns that it skipped the optimizer's variables and starts a fresh optimizer); the
 * compiled optimizer's config, the losses, loss weights and metrics are. The file is written atomically.
 *
 * <pre>{@code
 * List<String> warnings = KerasExport.save(model, Path.of("model.keras"));
 * // Python: keras.saving.load_model("model.keras").predict(x)
 * }</pre>
 */
public final class KerasExport {
  /** The Keras version whose {@code .keras} format is written (recorded in {@code metadata.json}). */
  public static final String KERAS_VERSION = "3.15.1";
  /** Layers Keras calls on a list of tensors, even a list of one. */
  private static final java.util.Set<String> MERGES = java.util.Set.of("Add", "Subtract", "Multiply", "Average",
      "Maximum", "Minimum", "Concatenate", "Dot");

  private KerasExport() {
  }

  /**
   * Writes {@code model} to {@code file}.
   *
   * @param model a built {@link Sequential} or {@link Functional} model
   * @param file the {@code .keras} file, replaced atomically if it exists
   * @return one warning per layer exported as an equivalent Keras layer (empty if every layer is Keras' own)
   * @throws IllegalStateException if the model is not built
   * @throws IllegalArgumentException naming the layer if a layer has no Keras equivalent, or if the model is of
   *     another kind
   * @throws IOException if writing fails (the target is then left as it was)
   */
  public static List<String> save(Model model, Path file) throws IOException {
    if (!model.built()) {
      throw new IllegalStateException("cannot export model \"" + model.name() + "\" to Keras: it is not built yet "
          + "(no weights); call build(), fit() or predict() first");
    }
    List<String> warnings = new ArrayList<>();
    Hdf5Writer h5 = new Hdf5Writer();
    Map<String, Object> envelope;
    if (model instanceof Functional f) {
      envelope = functional(f, h5.root(), warnings);
      envelope.put("build_config", mapOf("input_shape", null));
    } else if (model instanceof Sequential s) {
      envelope = sequential(s, h5.root(), warnings);
    } else {
      throw new IllegalArgumentException("cannot export model \"" + model.name() + "\" to Keras: only Sequential and "
          + "Functional models are supported, received " + model.getClass().getSimpleName());
    }
    h5.root().group("vars").attribute("name", model.name());
    if (model.optimizer() != null) {
      envelope.put("compile_config", KerasCompileExport.compileConfig(model));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("keras_version", KERAS_VERSION);
    metadata.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
    byte[] meta = Json.write(metadata).getBytes(StandardCharsets.UTF_8);
    byte[] config = Json.write(envelope).getBytes(StandardCharsets.UTF_8);
    byte[] weights = h5.toBytes();
    AtomicWrite.file(file, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      stored(zip, "metadata.json", meta);
      stored(zip, "config.json", config);
      stored(zip, "model.weights.h5", weights);
      zip.finish();
    });
    return warnings;
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    e.setTime(0L);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  // ------------------------------------------------------------------ Sequential

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sequential(Sequential model, Hdf5Writer.Group root, List<String> warnings) {
    Map<String, Object> base = ModelJson.toConfig(model);
    List<Object> layers = new ArrayList<>();
    List<Object> given = (List<Object>) ((Map<String, Object>) base.get("config")).get("layers");
    if (given.size() > model.layers().size()) {
      Map<String, Object> in = (Map<String, Object>) given.get(0);
      layers.add(layerEnvelope("InputLayer", (Map<String, Object>) in.get("config")));
    }
    Hdf5Writer.Group groups = root.group("layers");
    Map<String, Integer> keys = new HashMap<>();
    for (Layer layer : model.layers()) {
      KerasLayerExport.Exported e = KerasLayerExport.export(layer);
      if (e.warning() != null) {
        warnings.add(e.warning());
      }
      layers.add(layerEnvelope(e.className(), e.config()));
      writeVars(groups.group(key(e.className(), keys)), e.vars());
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", model.name());
    config.put("trainable", true);
    config.put("layers", layers);
    Shape in = model.inputShape();
    if (in != null) {
      config.put("build_input_shape", dims(in));
    }
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("module", "keras");
    env.put("class_name", "Sequential");
    env.put("config", config);
    env.put("registered_name", null);
    if (in != null) {
      env.put("build_config", mapOf("input_shape", dims(in)));
    }
    return env;
  }

  // ------------------------------------------------------------------ Functional

  /**
   * A functional model's config in Keras 3's form, its weights written under {@code group}: every operation in
   * Keras' layer order with its {@code inbound_nodes} ({@code args}/{@code kwargs}, tensors as
   * {@code __keras_tensor__} with {@code keras_history}), then {@code input_layers} / {@code output_layers}.
   */
  private static Map<String, Object> functional(Functional model, Hdf5Writer.Group group, List<String> warnings) {
    Map<Operation, List<Node>> calls = new java.util.IdentityHashMap<>();
    for (Node n : model.nodes()) {
      calls.computeIfAbsent(n.operation(), k -> new ArrayList<>()).add(n);
    }
    Map<String, Integer> keys = new HashMap<>();
    Hdf5Writer.Group groups = group == null ? null : group.group("layers");
    List<Object> layers = new ArrayList<>();
    for (Operation op : model.operations()) {
      Map<String, Object> env;
      if (op instanceof Functional inner) {
        Hdf5Writer.Group g = groups == null ? null : groups.group(key("Functional", keys));
        env = functional(inner, g, warnings);
        if (g != null) {
          g.group("vars").attribute("name", inner.name());
        }
      } else if (op instanceof KerasOpLayer o) {
        env = o.envelope(); // no state: Keras writes no weights group for an op node
      } else if (op instanceof Input input) {
        env = layerEnvelope("InputLayer", input.getConfig());
        if (groups != null) {
          groups.group(key("InputLayer", keys)).group("vars").attribute("name", input.name());
        }
      } else if (groups == null) {
        env = Configs.envelope(op.className(), ((Layer) op).getConfig());
      } else {
        KerasLayerExport.Exported e = KerasLayerExport.export((Layer) op);
        if (e.warning() != null) {
          warnings.add(e.warning());
        }
        env = layerEnvelope(e.className(), e.config());
        writeVars(groups.group(key(e.className(), keys)), e.vars());
      }
      env.put("name", op.name());
      List<Object> inbound = new ArrayList<>();
      for (Node node : calls.getOrDefault(op, List.of())) {
        if (!(op instanceof Input)) {
          inbound.add(inboundNode(node, calls));
        }
      }
      env.put("inbound_nodes", inbound);
      layers.add(env);
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", model.name());
    config.put("trainable", true);
    config.put("layers", layers);
    config.put("input_layers", endpoints(model.inputs(), calls));
    config.put("output_layers", endpoints(model.outputs(), calls));
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("module", "keras.src.models.functional");
    env.put("class_name", "Functional");
    env.put("config", config);
    env.put("registered_name", "Functional");
    return env;
  }

  /**
   * A functional model's config in the same Keras 3 graph form, with every layer's own dropout4j config (no Keras
   * substitutes, nothing written): what a {@code .d4j} file keeps.
   */
  static Map<String, Object> nativeConfig(Functional model) {
    Map<String, Object> env = functional(model, null, null);
    return env;
  }

  private static Map<String, Object> inboundNode(Node node, Map<Operation, List<Node>> calls) {
    List<Object> tensors = new ArrayList<>();
    for (KerasTensor t : node.positionalInputs()) {
      tensors.add(kerasTensor(t, calls));
    }
    Operation op = node.operation();
    // merges and Attention take one list; MultiHeadAttention takes query, value, key as separate arguments
    boolean list = !(op instanceof MultiHeadAttention) && (MERGES.contains(op.className()) || tensors.size() > 1);
    Map<String, Object> kwargs = new LinkedHashMap<>(node.arguments()); // training, use_causal_mask
    for (Map.Entry<String, List<KerasTensor>> e : node.tensorArguments().entrySet()) { // initial_state, mask
      List<Object> refs = new ArrayList<>();
      for (KerasTensor t : e.getValue()) {
        refs.add(kerasTensor(t, calls));
      }
      kwargs.put(e.getKey(), e.getKey().equals("mask") ? refs.get(0) : refs);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (op instanceof KerasOpLayer o) {
      out.put("args", o.args(tensors));
      out.put("kwargs", kwargs);
      return out;
    }
    if (op instanceof Softmax && tensors.size() == 2) { // Keras' Softmax()(x, mask=m)
      kwargs.put("mask", tensors.remove(1));
      list = false;
    }
    if (op instanceof MultiHeadAttention && tensors.size() == 4) { // Keras' attention_mask is a keyword argument
      kwargs.put("attention_mask", tensors.remove(3));
      if (node.inputs().get(2) == node.inputs().get(1)) {
        tensors.remove(2); // the key defaulted to the value
      }
    }
    out.put("args", list ? List.of(tensors) : tensors);
    out.put("kwargs", kwargs);
    return out;
  }

  private static Map<String, Object> kerasTensor(KerasTensor t, Map<Operation, List<Node>> calls) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("shape", dims(t.shape()));
    c.put("dtype", t.dtype());
    c.put("keras_history", List.of(t.operation().name(), nodeIndex(t, calls), t.index()));
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("class_name", "__keras_tensor__");
    env.put("config", c);
    return env;
  }

  private static int nodeIndex(KerasTensor t, Map<Operation, List<Node>> calls) {
    List<Node> nodes = calls.get(t.operation());
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) == t.node()) {
        return i;
      }
    }
    throw new IllegalStateException("tensor " + t + " comes from a call outside the model");
  }

  /** {@code input_layers} / {@code output_layers}: a nested model's node index counts its own first node. */
  private static Object endpoints(List<KerasTensor> tensors, Map<Operation, List<Node>> calls) {
    List<Object> refs = new ArrayList<>();
    for (KerasTensor t : tensors) {
      int node = t.operation() instanceof Input ? 0 : nodeIndex(t, calls);
      refs.add(List.of(t.operation().name(), t.operation() instanceof Functional ? node + 1 : node, t.index()));
    }
    return refs.size() == 1 ? refs.get(0) : refs;
  }

  // ------------------------------------------------------------------ shared

  /** Keras' envelope of a layer; the layers a wrapper's config holds get their {@code module} too. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> layerEnvelope(String className, Map<String, Object> config) {
    Map<String, Object> c = new LinkedHashMap<>(config);
    for (String key : List.of("layer", "forward_layer", "backward_layer")) {
      if (c.get(key) instanceof Map<?, ?> inner && inner.get("class_name") instanceof String cls
          && inner.get("config") instanceof Map<?, ?> innerConfig) {
        c.put(key, layerEnvelope(cls, (Map<String, Object>) innerConfig));
      }
    }
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("module", "keras.layers");
    env.put("class_name", className);
    env.put("config", c);
    env.put("registered_name", null);
    return env;
  }

  /** Keras' key for the next layer of a class: {@code dense}, {@code dense_1}, ... */
  private static String key(String className, Map<String, Integer> keys) {
    String base = org.dropout4j.internal.Names.snakeCase(className);
    int n = keys.merge(base, 1, Integer::sum) - 1;
    return n == 0 ? base : base + "_" + n;
  }

  private static void writeVars(Hdf5Writer.Group group, KerasLayerExport.Vars vars) {
    Hdf5Writer.Group v = group.group("vars");
    v.attribute("name", ascii(vars.name()));
    for (int i = 0; i < vars.own().size(); i++) {
      KerasLayerExport.Weight w = vars.own().get(i);
      v.floats(String.valueOf(i), w.shape(), w.values());
    }
    for (Map.Entry<String, KerasLayerExport.Vars> e : vars.sub().entrySet()) {
      writeVars(group.group(e.getKey()), e.getValue());
    }
  }

  private static String ascii(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 128 ? c : '_');
    }
    return b.toString();
  }

  private static List<Integer> dims(Shape shape) {
    List<Integer> d = new ArrayList<>();
    for (int i = 0; i < shape.rank(); i++) {
      d.add(shape.dim(i) == Shape.UNKNOWN ? null : shape.dim(i));
    }
    return d;
  }

  private static Map<String, Object> mapOf(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, value);
    return m;
  }

  static Map<String, Object> envelope(String module, String className, Map<String, Object> config) {
    Map<String, Object> env = Configs.envelope(className, config);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("module", module);
    out.putAll(env);
    out.put("registered_name", null);
    return out;
  }
}
