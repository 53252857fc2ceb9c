package org.dropout4j.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.Operation;
import org.dropout4j.layers.activations.Softmax;
import org.dropout4j.layers.RecurrentLayer;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Sequential;

/**
 * The parts of a Keras functional config beside plain layer calls, for {@link KerasGraphConfig}: a
 * {@code Sequential} model used as a layer, the calls of Keras 3 op nodes ({@link KerasOpLayer}), Keras 3's
 * {@code input_layers}/{@code output_layers} given as a dict, an explicit {@code mask} call argument, and Keras 2's
 * {@code initial_state} given as extra inputs.
 */
final class KerasGraphCalls {
  private KerasGraphCalls() {
  }

  /**
   * A {@code Sequential} config as a graph of its layers (its first entry an {@code InputLayer}, or a first layer
   * declaring {@code batch_input_shape} as Keras 2 writes), used as a layer of a functional model or read as a model
   * whose steps are themselves models: a nested {@code Sequential} or functional model (a pretrained base model in
   * {@code Sequential([base, GlobalAveragePooling2D(), Dense(...)])}) is one step. {@code trainable: false} on the
   * model freezes every layer in it, as Keras' {@code model.trainable = False} does.
   *
   * @throws IllegalArgumentException naming the model if it declares no input shape
   */
  @SuppressWarnings("unchecked")
  static Functional sequential(Map<String, Object> envelope, LayerRegistry registry) {
    Map<String, Object> config = envelope.get("config") instanceof Map ? (Map<String, Object>) envelope.get("config")
        : Map.of();
    List<Object> entries = config.get("layers") instanceof List ? (List<Object>) config.get("layers") : List.of();
    if (!hasNestedModel(envelope)) {
      Sequential chain = ModelJson.fromConfig(envelope, registry);
      if (chain.input() == null) {
        throw new IllegalArgumentException("nested Sequential model \"" + chain.name() + "\" declares no input "
            + "shape (no InputLayer and no batch_input_shape on its first layer); dropout4j needs one to read it");
      }
      return Functional.sequential(chain.input(), chain.layers(), chain.name());
    }
    String name = config.get("name") instanceof String ? (String) config.get("name") : "sequential";
    Input input = null;
    List<Operation> steps = new ArrayList<>();
    for (Object entry : entries) {
      if (!(entry instanceof Map)) {
        throw new IllegalArgumentException("Invalid Sequential config \"" + name + "\": expected each layer to be "
            + "{\"class_name\": ..., \"config\": {...}}, received " + Json.write(entry));
      }
      Map<String, Object> env = (Map<String, Object>) entry;
      Operation op = KerasGraphConfig.isFunctional(env) ? KerasGraphConfig.build(env, registry)
          : "Sequential".equals(env.get("class_name")) ? sequential(env, registry) : registry.fromEnvelope(env);
      if (input == null) {
        if (op instanceof Input in) {
          input = in;
          continue;
        }
        input = op instanceof Functional f ? Input.of(f.inputs().get(0).shape(), null).dtype(f.inputs().get(0).dtype())
            : ModelJson.impliedInput(env);
        if (input == null) {
          throw new IllegalArgumentException("Sequential model \"" + name + "\" declares no input shape (no "
              + "InputLayer and no batch_input_shape on its first layer); dropout4j needs one to read it");
        }
      }
      steps.add(op);
    }
    Functional model = Functional.sequential(input, steps, name);
    if (Boolean.FALSE.equals(config.get("trainable"))) {
      freeze(model);
    }
    return model;
  }

  /** Whether a Sequential envelope lists a model (Sequential or functional) among its layers. */
  @SuppressWarnings("unchecked")
  static boolean hasNestedModel(Map<String, Object> envelope) {
    Object config = envelope.get("config");
    Object layers = config instanceof Map ? ((Map<String, Object>) config).get("layers") : null;
    if (layers instanceof List) {
      for (Object e : (List<Object>) layers) {
        if (e instanceof Map && (KerasGraphConfig.isFunctional((Map<String, Object>) e)
            || "Sequential".equals(((Map<String, Object>) e).get("class_name")))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Keras' {@code model.trainable = False}: every layer of the model, nested models' included, frozen. */
  static void freeze(Functional model) {
    for (Layer layer : model.layers()) {
      layer.setTrainable(false);
    }
  }

  /**
   * The tensors of a Keras 3 op node's call in order (the numbers and the slicing key its {@link KerasOpLayer}
   * read from the same node); {@code null} if a tensor is not computed yet.
   *
   * @throws IllegalArgumentException if the op is called with keyword arguments
   */
  @SuppressWarnings("unchecked")
  static KerasGraphConfig.Call opCall(KerasOpLayer op, Object args, Object kwargs,
      Map<String, List<List<KerasTensor>>> outputs) {
    if (kwargs instanceof Map<?, ?> kw && !kw.isEmpty()) {
      throw new IllegalArgumentException("Keras op \"" + op.name() + "\" (" + op.className() + ") is called with "
          + "keyword arguments " + kw.keySet() + ", which dropout4j does not read");
    }
    List<Object> list = args instanceof List ? (List<Object>) args : List.of();
    List<KerasTensor> tensors = new ArrayList<>();
    for (Object a : op.className().equals("GetItem") ? list.subList(0, Math.min(1, list.size())) : list) {
      if (!(a instanceof Number) && !KerasGraphConfig.collect(a, tensors, outputs)) {
        return null;
      }
    }
    return new KerasGraphConfig.Call(tensors, Map.of());
  }

  /**
   * Reads a {@code mask} call argument that is not the mask Keras propagated (given on an input that carries none or
   * another one, e.g. {@code keras.ops.not_equal(ids, 0)} computed apart): the mask tensor becomes the call's
   * {@code mask} argument, which the layer reads or refuses by name. The propagated mask itself (from Keras' mask ops,
   * on an input that carries one) is left out: dropout4j carries it along the graph.
   *
   * @return false if the mask's producer has not been called yet
   * @throws IllegalArgumentException naming the layer if the mask is computed by an op dropout4j does not read, or is
   *     a list of masks (attention's explicit [query_mask, value_mask])
   */
  static boolean explicitMask(String name, Object op, Map<String, Object> kwargs, List<KerasTensor> tensors,
      Map<String, Object> arguments, Map<String, List<List<KerasTensor>>> outputs, Map<KerasTensor, Boolean> masked,
      java.util.Set<String> maskOps) {
    String label = "layer \"" + name + "\" (" + (op instanceof Layer l ? l.className() : "model") + ")";
    Object mask = kwargs.get("mask");
    if (mask == null || mask instanceof List<?> l && l.stream().allMatch(x -> x == null)) {
      return true;
    }
    boolean carried = tensors.stream().anyMatch(t -> masked.getOrDefault(t, false));
    if (carried && KerasGraphConfig.derivedMask(mask, maskOps)) {
      return true;
    }
    List<String> producers = new ArrayList<>();
    KerasGraphConfig.histories(mask, producers);
    if (mask instanceof List) {
      throw new IllegalArgumentException(label + " is called with an explicit list of masks `mask` (" + sources(mask)
          + ", e.g. attention's [query_mask, value_mask]) on inputs that carry " + (carried ? "other" : "no")
          + " masks: dropout4j reads a layer's several masks only as the masks its inputs carry (Embedding("
          + "mask_zero=True), Masking); one explicit mask is read by the recurrent layers and GlobalAveragePooling1D");
    }
    if (producers.isEmpty() || !outputs.keySet().containsAll(producers)) {
      throw new IllegalArgumentException(label + " is called with an explicit `mask` (" + sources(mask) + ") on an "
          + "input that carries " + (carried ? "another" : "no") + " mask, computed by a Keras op dropout4j does not "
          + "read (it reads " + KerasOpLayer.supported() + "); use mask_zero=True on the Embedding, or compute the "
          + "mask with keras.ops.not_equal");
    }
    List<KerasTensor> maskTensor = new ArrayList<>();
    if (!KerasGraphConfig.collect(mask, maskTensor, outputs)) {
      return false;
    }
    arguments.put("mask", maskTensor);
    return true;
  }

  /**
   * Keras' {@code Softmax(axis)(x, mask=m)} with a mask that is not the one Keras propagated: {@code m} becomes
   * Softmax's second input, and the kwargs are returned without it; other calls' kwargs as they are; {@code null}
   * if {@code m} is not computed yet.
   */
  static Map<String, Object> softmaxMask(Object op, Map<String, Object> kwargs, List<KerasTensor> tensors,
      Map<String, List<List<KerasTensor>>> outputs, java.util.Set<String> maskOps) {
    Object mask = kwargs.get("mask");
    if (!(op instanceof Softmax) || !(mask instanceof Map) || KerasGraphConfig.derivedMask(mask, maskOps)) {
      return kwargs;
    }
    if (!KerasGraphConfig.collect(mask, tensors, outputs)) {
      return null;
    }
    Map<String, Object> rest = new java.util.LinkedHashMap<>(kwargs);
    rest.remove("mask");
    return rest;
  }

  /**
   * Adds MultiHeadAttention's {@code attention_mask} kwarg tensor as its fourth input ({@code [query, value, key,
   * attention_mask]}, the key defaulting to the value); false if it is not computed yet.
   */
  static boolean attentionMask(Map<String, Object> kwargs, List<KerasTensor> tensors,
      Map<String, List<List<KerasTensor>>> outputs) {
    if (kwargs.get("attention_mask") == null) {
      return true;
    }
    if (tensors.size() == 2) {
      tensors.add(tensors.get(1));
    }
    return KerasGraphConfig.collect(kwargs.get("attention_mask"), tensors, outputs);
  }

  private static String sources(Object mask) {
    List<String> names = new ArrayList<>();
    histories(mask, names);
    return names.isEmpty() ? String.valueOf(mask) : "computed by " + String.join(", ", names);
  }

  @SuppressWarnings("unchecked")
  private static void histories(Object arg, List<String> out) {
    if (arg instanceof List) {
      for (Object a : (List<Object>) arg) {
        histories(a, out);
      }
    } else if (arg instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c
        && c.get("keras_history") instanceof List<?> h && !h.isEmpty()) {
      out.add("\"" + h.get(0) + "\"");
    }
  }

  /**
   * Keras 2 / tf.keras (and TF.js) record a recurrent layer called with {@code initial_state} as a call on the list
   * {@code [inputs, *initial_state]}: the tensors after the first become the call's {@code initial_state}.
   */
  static void statesFromInputs(String name, Object op, List<KerasTensor> tensors, Map<String, Object> arguments,
      Map<KerasTensor, Boolean> masked) {
    if ((op instanceof RecurrentLayer || op instanceof Bidirectional) && tensors.size() > 1
        && !arguments.containsKey("initial_state")) {
      if (masked.getOrDefault(tensors.get(0), false)) {
        throw new IllegalArgumentException("layer \"" + name + "\" (" + ((Layer) op).className() + ") is called "
            + "with initial_state on a masked input in a Keras 2 / tf.keras config: tf.keras applies that mask, "
            + "Keras 3 (whose semantics dropout4j follows) does not, so dropout4j refuses rather than guess");
      }
      arguments.put("initial_state", new ArrayList<>(tensors.subList(1, tensors.size())));
      tensors.subList(1, tensors.size()).clear();
    }
  }

  /**
   * Records whether a call's outputs carry a mask when the model runs: an op node's never (as in Keras), a layer's
   * as its {@link Layer#outputMasked} rule says for its inputs, a nested model's as its own graph says.
   */
  static void trackMasks(Object op, List<KerasTensor> inputs, List<KerasTensor> outputs,
      Map<KerasTensor, Boolean> masked) {
    boolean in = inputs.stream().anyMatch(t -> masked.getOrDefault(t, false));
    // a recurrent layer's states (after its output, or Bidirectional(merge_mode=None)'s two outputs) carry none
    int sequences = op instanceof Bidirectional b && b.mergeMode() == null ? 2 : 1;
    for (int i = 0; i < outputs.size(); i++) {
      boolean state = i >= sequences && (op instanceof RecurrentLayer || op instanceof Bidirectional);
      masked.put(outputs.get(i), !state && !(op instanceof KerasOpLayer) && op instanceof Layer l
          && l.outputMasked(in));
    }
  }

  /**
   * The endpoints of {@code input_layers}/{@code output_layers}: one {@code [name, node, tensor]}, a list of them,
   * or Keras 3's dict by name for a model built on dicts, in Keras' flattening order (sorted by key).
   */
  @SuppressWarnings("unchecked")
  static List<Object> endpointList(Object value) {
    if (value instanceof Map) {
      return new ArrayList<>(new TreeMap<>((Map<String, Object>) value).values());
    }
    List<Object> list = (List<Object>) value;
    return list.get(0) instanceof String ? List.of(list) : list;
  }
}
