package org.dropout4j.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.Functional;

/**
 * Builds a {@link Functional} from a Keras functional config: Keras 2 ({@code Model}, {@code inbound_nodes} as
 * nested lists {@code [layer, node, tensor, kwargs]}), tf.keras ({@code Functional}, the same lists) and Keras 3
 * ({@code inbound_nodes} of {@code {"args", "kwargs"}} whose tensors carry {@code keras_history}), with shared
 * layers (several inbound nodes), nested functional models, the {@code training} call argument and
 * {@code input_layers}/{@code output_layers} order. Layers are called in dependency order whatever the order of the
 * list; a node that can never be computed (a cycle, or a reference to a missing layer) is refused naming it.
 */
final class KerasGraphConfig {
  private static final Set<String> FUNCTIONAL = Set.of("Model", "Functional");
  /** Call arguments that carry tensors, in the order a multi-input layer takes them (attention's query/value/key). */
  private static final List<String> TENSOR_KWARGS = List.of("query", "value", "key");
  /**
   * The Keras 3 ops ({@code module keras.src.ops...}) that a functional config records when Keras computes a mask
   * symbolically (Embedding's {@code not_equal(ids, 0)}, a merge's {@code logical_or}, Masking's {@code any}...).
   */
  private static final Set<String> MASK_OPS = Set.of("NotEqual", "Equal", "LogicalOr", "LogicalAnd", "LogicalNot",
      "Any", "All", "ExpandDims", "Squeeze", "Cast", "OnesLike", "ZerosLike", "BroadcastTo", "Concatenate",
      "Reshape", "Transpose", "Flip", "ConvertToTensor");
  /** The most layers one functional model of a file may list (the largest Keras applications have about 1000). */
  static final int MAX_LAYERS = 100_000;
  private static final String INITIAL_STATE = "initial_state";
  /** Boolean call arguments of the attention layers. */
  private static final Set<String> ATTENTION_FLAGS = Set.of("use_causal_mask", "return_attention_scores");
  /** MultiHeadAttention's mask call arguments: null, or the masks dropout4j carries on the tensors itself. */
  private static final Set<String> ATTENTION_MASKS = Set.of("query_mask", "value_mask", "key_mask");

  private KerasGraphConfig() {
  }

  /** Whether an envelope is a functional model. */
  static boolean isFunctional(Map<String, Object> envelope) {
    return FUNCTIONAL.contains(envelope.get("class_name"));
  }

  /**
   * The model of a functional envelope (or of its {@code config}).
   *
   * @throws IllegalArgumentException naming the layer and node if the graph cannot be built
   */
  @SuppressWarnings("unchecked")
  static Functional build(Map<String, Object> envelope, LayerRegistry registry) {
    Map<String, Object> config = envelope.get("config") instanceof Map
        ? (Map<String, Object>) envelope.get("config") : envelope;
    String modelName = config.get("name") instanceof String ? (String) config.get("name") : Functional.DEFAULT_NAME;
    Object layersValue = config.get("layers");
    if (!(layersValue instanceof List)) {
      throw new IllegalArgumentException("functional model \"" + modelName + "\" has no `layers` list");
    }
    if (((List<Object>) layersValue).size() > MAX_LAYERS) {
      throw new IllegalArgumentException("functional model \"" + modelName + "\" lists "
          + ((List<Object>) layersValue).size() + " layers, more than the " + MAX_LAYERS + " a model file may declare");
    }
    Map<String, Object> ops = new LinkedHashMap<>();
    Map<String, List<Object>> inbound = new LinkedHashMap<>();
    Set<String> maskOps = maskOps((List<Object>) layersValue, config.get("output_layers"), registry);
    Set<String> unread = unreadMaskOps((List<Object>) layersValue, maskOps);
    for (Object entry : (List<Object>) layersValue) {
      Map<String, Object> layer = (Map<String, Object>) entry;
      if (unread.contains(entryName(layer))) {
        continue; // Keras' symbolic mask computation: dropout4j carries the same mask along the graph itself
      } // a mask op it can compute (NotEqual) is read: an explicit `mask=` may use it
      Map<String, Object> layerConfig = (Map<String, Object>) layer.get("config");
      String name = layer.get("name") instanceof String ? (String) layer.get("name")
          : (String) layerConfig.get("name");
      if (ops.containsKey(name)) {
        throw new IllegalArgumentException("functional model \"" + modelName + "\" lists layer \"" + name + "\" twice");
      }
      ops.put(name, isFunctional(layer) ? build(layer, registry) : "Sequential".equals(layer.get("class_name"))
          ? KerasGraphCalls.sequential(layer, registry) : KerasOpLayer.isOp(layer, registry)
          || maskOps.contains(name) ? KerasOpLayer.of(layer) : registry.fromEnvelope(layer));
      Object nodes = layer.get("inbound_nodes");
      inbound.put(name, nodes instanceof List ? (List<Object>) nodes : List.of());
    }
    Set<String> nested = new java.util.HashSet<>();
    for (Map.Entry<String, Object> e : ops.entrySet()) {
      if (e.getValue() instanceof Functional) {
        nested.add(e.getKey());
      }
    }
    Map<String, List<List<KerasTensor>>> outputs = new HashMap<>();
    // which tensors carry a mask when the model runs (Embedding(mask_zero), Masking, then each layer's rule): a
    // `mask` call argument on a tensor without one is an explicit mask, not the one Keras propagated
    Map<KerasTensor, Boolean> masked = new java.util.IdentityHashMap<>();
    for (Map.Entry<String, Object> e : ops.entrySet()) {
      outputs.put(e.getKey(), new ArrayList<>());
      if (e.getValue() instanceof Input) {
        outputs.get(e.getKey()).add(List.of(((Input) e.getValue()).output()));
      }
    }
    // every layer's calls in dependency order: a layer is tried again only when one it reads has made progress, so
    // the work is linear in the calls (a pass over every layer per call was quadratic: a 75 KB .keras listing an
    // 8000-layer chain backwards kept the import busy for minutes)
    Map<String, Set<String>> consumers = new HashMap<>();
    for (Map.Entry<String, List<Object>> e : inbound.entrySet()) {
      Set<String> producers = new java.util.HashSet<>();
      references(e.getValue(), producers);
      for (String producer : producers) {
        consumers.computeIfAbsent(producer, k -> new java.util.LinkedHashSet<>()).add(e.getKey());
      }
    }
    java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(ops.keySet());
    Set<String> queued = new java.util.HashSet<>(ops.keySet());
    while (!queue.isEmpty()) {
      String name = queue.poll();
      queued.remove(name);
      Object op = ops.get(name);
      List<List<KerasTensor>> made = outputs.get(name);
      List<Object> nodes = inbound.get(name);
      boolean progress = false;
      while (!(op instanceof Input) && made.size() < nodes.size()) {
        Call call = resolve(name, op, nodes.get(made.size()), outputs, nested, maskOps, masked);
        if (call == null) {
          break;
        }
        made.add(apply(name, op, call));
        KerasGraphCalls.trackMasks(op, call.tensors(), made.get(made.size() - 1), masked);
        progress = true;
      }
      if (progress) {
        for (String c : consumers.getOrDefault(name, Set.of())) {
          if (queued.add(c)) {
            queue.add(c);
          }
        }
      }
    }
    for (Map.Entry<String, Object> e : ops.entrySet()) {
      int want = inbound.get(e.getKey()).size();
      if (!(e.getValue() instanceof Input) && outputs.get(e.getKey()).size() < want) {
        throw new IllegalArgumentException("functional model \"" + modelName + "\": node "
            + outputs.get(e.getKey()).size() + " of layer \"" + e.getKey() + "\" can never be computed: its inputs "
            + inbound.get(e.getKey()).get(outputs.get(e.getKey()).size()) + " refer to a missing layer or node, or "
            + "the graph has a cycle");
      }
    }
    List<KerasTensor> in = endpoints(config.get("input_layers"), outputs, nested, modelName, "input_layers");
    List<KerasTensor> out = endpoints(config.get("output_layers"), outputs, nested, modelName, "output_layers");
    Functional model = new Functional(in, out, modelName);
    if (Boolean.FALSE.equals(config.get("trainable"))) {
      KerasGraphCalls.freeze(model); // Keras' model.trainable = False
    }
    return model;
  }

  @SuppressWarnings("unchecked")
  private static String entryName(Map<String, Object> layer) {
    return layer.get("name") instanceof String ? (String) layer.get("name")
        : layer.get("config") instanceof Map ? (String) ((Map<String, Object>) layer.get("config")).get("name") : null;
  }

  /**
   * The Keras 3 op entries that only compute masks: ops of {@link #MASK_OPS} (module {@code keras.src.ops...})
   * whose results are used only as a layer's {@code mask} call argument or by other such ops. Keras writes them when
   * a mask travels through a functional model; dropout4j derives the same mask along the graph (Embedding
   * {@code mask_zero}, Masking, then each layer's mask rule), so they and the {@code mask} arguments are dropped.
   */
  @SuppressWarnings("unchecked")
  private static Set<String> maskOps(List<Object> layers, Object outputLayers, LayerRegistry registry) {
    Set<String> candidates = new java.util.HashSet<>();
    for (Object entry : layers) {
      Map<String, Object> layer = (Map<String, Object>) entry;
      Object module = layer.get("module");
      Object cls = layer.get("class_name");
      // a legacy .h5 config has no module: then op names that are not layers, or a layer name (Concatenate) whose
      // config lacks what every layer config holds (trainable, dtype), as Keras 3 writes an op's
      boolean op = module instanceof String m ? m.startsWith("keras.src.ops") && MASK_OPS.contains(cls)
          : module == null && MASK_OPS.contains(cls) && (!registry.contains(String.valueOf(cls))
              || layer.get("config") instanceof Map<?, ?> c && !c.containsKey("trainable") && !c.containsKey("dtype"));
      if (op) {
        candidates.add(entryName(layer));
      }
    }
    if (outputLayers instanceof List<?> outs) { // [[name, node, tensor], ...]: a model output is no mask op
      for (Object o : outs) {
        if (o instanceof List<?> triple && !triple.isEmpty()) {
          candidates.remove(String.valueOf(triple.get(0)));
        }
      }
    }
    // a candidate used (other than as a mask) by an entry that is no mask op is no mask op either: propagate that
    // backwards from every such entry with a worklist, linear in the references (a pass over every layer per change
    // was quadratic in a chain of ops)
    Map<String, List<String>> usedBy = new HashMap<>(); // entry name -> the names its non-mask arguments read
    for (Object entry : layers) {
      Map<String, Object> layer = (Map<String, Object>) entry;
      List<String> used = new ArrayList<>();
      if (layer.get("inbound_nodes") instanceof List<?> nodes) {
        for (Object node : nodes) {
          if (!(node instanceof Map)) {
            continue;
          }
          Map<String, Object> n = (Map<String, Object>) node;
          histories(n.get("args"), used);
          if (n.get("kwargs") instanceof Map<?, ?> kw) {
            for (Map.Entry<?, ?> e : kw.entrySet()) {
              if (!"mask".equals(e.getKey())) {
                histories(e.getValue(), used);
              }
            }
          }
        }
      }
      usedBy.merge(String.valueOf(entryName(layer)), used, (a, b) -> {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
      });
    }
    java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>();
    for (String name : usedBy.keySet()) {
      if (!candidates.contains(name)) {
        work.add(name);
      }
    }
    while (!work.isEmpty() && !candidates.isEmpty()) {
      for (String u : usedBy.getOrDefault(work.poll(), List.of())) {
        if (candidates.remove(u)) {
          work.add(u);
        }
      }
    }
    return candidates;
  }

  /**
   * The mask ops dropout4j leaves out: those {@link KerasOpLayer} does not compute ({@code Any}, {@code LogicalOr},
   * ...) and those that read one of them, found forward from each with a worklist (linear in the references). The
   * others ({@code NotEqual} on the token ids) are read, so that an explicit {@code mask=} can use them.
   */
  @SuppressWarnings("unchecked")
  private static Set<String> unreadMaskOps(List<Object> layers, Set<String> maskOps) {
    Map<String, List<String>> readers = new HashMap<>(); // mask op -> the mask ops that read it
    java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>();
    Set<String> unread = new java.util.HashSet<>();
    for (Object entry : layers) {
      Map<String, Object> layer = (Map<String, Object>) entry;
      String name = entryName(layer);
      if (!maskOps.contains(name)) {
        continue;
      }
      if (!KerasOpLayer.supported().contains(String.valueOf(layer.get("class_name"))) && unread.add(name)) {
        work.add(name);
      }
      Set<String> read = new java.util.HashSet<>();
      references(layer.get("inbound_nodes"), read);
      for (String producer : read) {
        readers.computeIfAbsent(producer, k -> new ArrayList<>()).add(name);
      }
    }
    while (!work.isEmpty()) {
      for (String reader : readers.getOrDefault(work.poll(), List.of())) {
        if (unread.add(reader)) {
          work.add(reader);
        }
      }
    }
    return unread;
  }

  /** The layer names of the {@code __keras_tensor__} references in an argument. */
  @SuppressWarnings("unchecked")
  static void histories(Object arg, List<String> out) {
    if (arg instanceof List) {
      for (Object a : (List<Object>) arg) {
        histories(a, out);
      }
    } else if (arg instanceof Map && "__keras_tensor__".equals(((Map<String, Object>) arg).get("class_name"))
        && ((Map<String, Object>) arg).get("config") instanceof Map<?, ?> c && c.get("keras_history") instanceof List<?> h
        && !h.isEmpty()) {
      out.add(String.valueOf(h.get(0)));
    }
  }

  /**
   * Adds every layer name an inbound-node structure may refer to: the first element of any {@code [name, node,
   * tensor, ...]} list, which is both Keras 2's reference and Keras 3's {@code keras_history}. Extra names only cost
   * a retry; the JSON reader bounds the nesting.
   */
  @SuppressWarnings("unchecked")
  private static void references(Object value, Set<String> out) {
    if (value instanceof List) {
      List<Object> list = (List<Object>) value;
      if (list.size() >= 3 && list.get(0) instanceof String && list.get(1) instanceof Number) {
        out.add((String) list.get(0));
      }
      for (Object v : list) {
        references(v, out);
      }
    } else if (value instanceof Map) {
      for (Object v : ((Map<String, Object>) value).values()) {
        references(v, out);
      }
    }
  }

  /** A call's tensors in order and its non-tensor arguments. */
  record Call(List<KerasTensor> tensors, Map<String, Object> arguments) {
  }

  private static List<KerasTensor> apply(String name, Object op, Call call) {
    if (op instanceof Functional) {
      if (!call.arguments().isEmpty() && !call.arguments().keySet().equals(Set.of("training"))) {
        throw new IllegalArgumentException("nested model \"" + name + "\" is called with unsupported arguments "
            + call.arguments().keySet());
      }
      return ((Functional) op).apply(call.tensors().toArray(new KerasTensor[0]));
    }
    return ((Layer) op).applyAll(call.tensors(), call.arguments());
  }

  /** The tensors of one inbound node, or {@code null} if a producer has not been called yet. */
  @SuppressWarnings("unchecked")
  private static Call resolve(String name, Object op, Object node, Map<String, List<List<KerasTensor>>> outputs,
      Set<String> nested, Set<String> maskOps, Map<KerasTensor, Boolean> masked) {
    List<KerasTensor> tensors = new ArrayList<>();
    Map<String, Object> arguments = new LinkedHashMap<>();
    if (node instanceof Map) { // Keras 3: {"args": [...], "kwargs": {...}}
      Map<String, Object> m = (Map<String, Object>) node;
      Object args = m.get("args");
      if (op instanceof KerasOpLayer) {
        return KerasGraphCalls.opCall((KerasOpLayer) op, args, m.get("kwargs"), outputs);
      }
      if (!collect(args, tensors, outputs)) {
        return null;
      }
      Map<String, Object> kwargs = m.get("kwargs") instanceof Map ? (Map<String, Object>) m.get("kwargs") : Map.of();
      if (!kwargs(kwargs, tensors, arguments, outputs, maskOps)) {
        return null;
      }
      kwargs = KerasGraphCalls.softmaxMask(op, kwargs, tensors, outputs, maskOps);
      if (kwargs == null || !KerasGraphCalls.explicitMask(name, op, kwargs, tensors, arguments, outputs, masked,
          maskOps)) {
        return null;
      }
    } else if (node instanceof List) { // Keras 2 / tf.keras: [[layer, node, tensor, kwargs], ...]
      for (Object ref : (List<Object>) node) {
        List<Object> r = (List<Object>) ref;
        KerasTensor t = lookup((String) r.get(0), callIndex(r, nested), toInt(r.get(2)), outputs);
        if (t == null) {
          return null;
        }
        tensors.add(t);
        if (r.size() > 3 && r.get(3) instanceof Map && !kwargs((Map<String, Object>) r.get(3), tensors, arguments,
            outputs, maskOps)) {
          return null;
        }
      }
      KerasGraphCalls.statesFromInputs(name, op, tensors, arguments, masked);
    } else {
      throw new IllegalArgumentException("unreadable inbound node " + node);
    }
    return new Call(tensors, arguments);
  }

  @SuppressWarnings("unchecked")
  private static boolean kwargs(Map<String, Object> kwargs, List<KerasTensor> tensors, Map<String, Object> arguments,
      Map<String, List<List<KerasTensor>>> outputs, Set<String> maskOps) {
    for (Map.Entry<String, Object> e : kwargs.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      if (key.equals("training") && (v == null || v instanceof Boolean)) {
        if (v != null) {
          arguments.put("training", v);
        }
      } else if (key.equals("mask") && v == null) {
        continue;
      } else if (key.equals("mask") && derivedMask(v, maskOps)) {
        continue; // the mask Keras propagated: dropout4j carries the same one itself
      } else if (ATTENTION_FLAGS.contains(key) && v instanceof Boolean) {
        arguments.put(key, v); // the attention layers check them when called
      } else if (ATTENTION_MASKS.contains(key) && (v == null || derivedMask(v, maskOps))
          || key.equals("attention_mask") && v == null) {
        continue;
      } else if (key.equals("attention_mask")) {
        continue; // a tensor: MultiHeadAttention's fourth input, collected below
      } else if (key.equals("mask") && (v instanceof Map || v instanceof List)) {
        continue; // an explicit mask: KerasGraphCalls.explicitMask reads it
      } else if (!TENSOR_KWARGS.contains(key) && !key.equals("initial_state")) {
        throw new IllegalArgumentException("unsupported call argument `" + key + "`=" + v + " (supported: "
            + "training, query/value/key tensors, use_causal_mask)");
      }
    }
    for (String key : TENSOR_KWARGS) {
      if (kwargs.containsKey(key) && !collect(kwargs.get(key), tensors, outputs)) {
        return false;
      }
    }
    if (kwargs.get(INITIAL_STATE) != null) { // a recurrent layer's states: tensors the layer reads by name
      List<KerasTensor> states = new ArrayList<>();
      if (!collect(kwargs.get(INITIAL_STATE), states, outputs)) {
        return false;
      }
      arguments.put(INITIAL_STATE, states);
    }
    return KerasGraphCalls.attentionMask(kwargs, tensors, outputs);
  }

  /** Whether a {@code mask} argument comes only from Keras' own mask ops (or is a list of such or nulls). */
  static boolean derivedMask(Object v, Set<String> maskOps) {
    List<String> sources = new ArrayList<>();
    histories(v, sources);
    return !sources.isEmpty() && maskOps.containsAll(sources);
  }

  /** Adds the tensors of an argument (a tensor, or lists of them); false if one is not computed yet. */
  @SuppressWarnings("unchecked")
  static boolean collect(Object arg, List<KerasTensor> tensors, Map<String, List<List<KerasTensor>>> out) {
    if (arg instanceof List) {
      for (Object a : (List<Object>) arg) {
        if (!collect(a, tensors, out)) {
          return false;
        }
      }
      return true;
    }
    if (arg instanceof Map && "__keras_tensor__".equals(((Map<String, Object>) arg).get("class_name"))) {
      Map<String, Object> c = (Map<String, Object>) ((Map<String, Object>) arg).get("config");
      List<Object> h = (List<Object>) c.get("keras_history");
      KerasTensor t = lookup((String) h.get(0), toInt(h.get(1)), toInt(h.get(2)), out);
      if (t == null) {
        return false;
      }
      tensors.add(t);
      return true;
    }
    throw new IllegalArgumentException("unsupported non-tensor positional call argument " + arg);
  }

  private static KerasTensor lookup(String layer, int node, int tensor, Map<String, List<List<KerasTensor>>> out) {
    List<List<KerasTensor>> made = out.get(layer);
    if (made == null) {
      throw new IllegalArgumentException("an inbound node refers to layer \"" + layer + "\", which the model does not "
          + "list; its layers are " + out.keySet());
    }
    if (node >= made.size()) {
      return null;
    }
    List<KerasTensor> ts = made.get(node);
    if (tensor >= ts.size()) {
      throw new IllegalArgumentException("layer \"" + layer + "\" node " + node + " has " + ts.size() + " outputs, "
          + "an inbound node asks for output " + tensor);
    }
    return ts.get(tensor);
  }

  @SuppressWarnings("unchecked")
  private static List<KerasTensor> endpoints(Object value, Map<String, List<List<KerasTensor>>> outputs,
      Set<String> nested, String model,
      String key) {
    if (!(value instanceof List || value instanceof Map) || value instanceof List<?> l && l.isEmpty()) {
      throw new IllegalArgumentException("functional model \"" + model + "\" has no `" + key + "`");
    }
    List<Object> refs = KerasGraphCalls.endpointList(value); // one endpoint, a list or (Keras 3) a dict by name
    List<KerasTensor> result = new ArrayList<>();
    for (Object ref : refs) {
      List<Object> r = (List<Object>) ref;
      KerasTensor t = lookup((String) r.get(0), callIndex(r, nested), toInt(r.get(2)), outputs);
      if (t == null) {
        throw new IllegalArgumentException("`" + key + "` of model \"" + model + "\" refers to node " + r.get(1)
            + " of layer \"" + r.get(0) + "\", which does not exist");
      }
      result.add(t);
    }
    return result;
  }

  /**
   * The call of a layer a {@code [layer, node, tensor]} reference means. Keras counts a nested model's own
   * construction as its node 0 in {@code input_layers}/{@code output_layers} (Keras 2 and 3) and in Keras 2's
   * list-form inbound nodes, so the first call of a nested model is node 1 there (Keras 3's {@code keras_history}
   * in inbound nodes counts from 0).
   */
  private static int callIndex(List<Object> ref, Set<String> nested) {
    int node = toInt(ref.get(1));
    return nested.contains(String.valueOf(ref.get(0))) ? node - 1 : node;
  }

  private static int toInt(Object v) {
    if (v instanceof Number) {
      return ((Number) v).intValue();
    }
    throw new IllegalArgumentException("expected an integer node or tensor index, received " + v);
  }
}
