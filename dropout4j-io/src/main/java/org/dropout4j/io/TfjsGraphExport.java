package org.dropout4j.io;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.Node;
import org.dropout4j.layers.Operation;
import org.dropout4j.models.Functional;

/**
 * A functional model's TF.js Layers topology, as tfjs-layers 4.22 deserializes it: {@code class_name "Model"}, every
 * layer with its {@code inbound_nodes} as nested lists ({@code [[[layer, node, tensor, kwargs], ...], ...]}, one
 * list per call, so a shared layer has several), {@code input_layers} and {@code output_layers} as
 * {@code [layer, node, tensor]} triples. Each layer goes through the same translation and substitutions as in a
 * Sequential export ({@link TfjsConfigs}).
 *
 * <p><b>Nested models are inlined.</b> A model called as a layer is written as its layers, each named
 * {@code <nested model>_<layer>} (with a numeric suffix if that name is taken), called on the tensors the nested
 * model was called on; a nested model called twice (a siamese encoder) becomes layers with two calls each, so its
 * weights stay shared. The predictions are the same; reading the export back gives a flat graph. A {@code training}
 * argument of the nested call applies to the layers inside that set none themselves.
 */
final class TfjsGraphExport {
  private TfjsGraphExport() {
  }

  /** Where a tensor comes from in the flat graph: layer name, call index, output index, and whether it is masked. */
  private record Ref(String layer, int node, int tensor, boolean masked) {
    List<Object> triple() {
      return List.of(layer, node, tensor);
    }
  }

  /** One exported layer: its operation, its unique name, and its calls (input refs and training argument). */
  private static final class Entry {
    final Operation op;
    final String name;
    final List<List<Ref>> calls = new ArrayList<>();
    final List<Boolean> training = new ArrayList<>();

    Entry(Operation op, String name) {
      this.op = op;
      this.name = name;
    }
  }

  /** The flat graph of a model: every layer once (nested models' layers in place), the calls in execution order. */
  private static final class Flat {
    final Map<Operation, Entry> entries = new IdentityHashMap<>();
    final List<Entry> order = new ArrayList<>();
    final Map<KerasTensor, Ref> refs = new IdentityHashMap<>();
    final Set<String> names = new HashSet<>();
    /** The layers written under a stand-in name TF.js accepts: original name to exported name. */
    final Map<String, String> renamed = new java.util.LinkedHashMap<>();

    Flat(Functional model) {
      for (Operation op : model.operations()) {
        if (!(op instanceof Functional) && TfjsNames.valid(op.name())) {
          names.add(op.name()); // the outer model's own layers keep their names where TF.js accepts them
        }
      }
      for (KerasTensor t : model.inputs()) {
        Entry e = new Entry(t.operation(), exportedName(t.operation().name(), ""));
        entries.put(t.operation(), e);
        order.add(e);
        refs.put(t, new Ref(e.name, 0, 0, false));
      }
      inline(model, "", null);
    }

    private void inline(Functional model, String prefix, Boolean training) {
      for (Node node : model.nodes()) {
        Operation op = node.operation();
        if (op instanceof Input) {
          continue; // the model's inputs: already mapped by the caller (or above, for the outer model)
        }
        if (!node.tensorArguments().isEmpty() && op instanceof Layer layer) {
          throw new IllegalArgumentException("cannot export layer \"" + layer.name() + "\" (" + layer.className()
              + ") to TF.js: it is called with the tensor argument(s) " + node.tensorArguments().keySet()
              + ", which dropout4j's TF.js export does not write (TF.js' layers format would read them as inputs)");
        }
        List<Ref> in = new ArrayList<>();
        for (KerasTensor t : node.inputs()) {
          in.add(refs.get(t));
        }
        Boolean callTraining = node.training() != null ? node.training() : training;
        if (op instanceof Functional nested) {
          for (int i = 0; i < in.size(); i++) {
            refs.put(nested.inputs().get(i), in.get(i));
          }
          inline(nested, prefix + nested.name() + "_", callTraining);
          for (int j = 0; j < node.outputs().size(); j++) {
            refs.put(node.outputs().get(j), refs.get(nested.outputs().get(j)));
          }
          continue;
        }
        Entry e = entries.computeIfAbsent(op, k -> {
          Entry created = new Entry(k, exportedName(k.name(), prefix));
          order.add(created);
          return created;
        });
        boolean anyMasked = in.stream().anyMatch(Ref::masked);
        boolean outMasked = ((Layer) op).outputMasked(anyMasked);
        int index = e.calls.size();
        e.calls.add(in);
        e.training.add(callTraining);
        for (int j = 0; j < node.outputs().size(); j++) {
          refs.put(node.outputs().get(j), new Ref(e.name, index, j, outMasked));
        }
      }
    }

    /** An outer layer's own name where TF.js accepts it, else a unique stand-in; an inlined layer's prefixed name. */
    private String exportedName(String name, String prefix) {
      if (prefix.isEmpty() && TfjsNames.valid(name)) {
        return name;
      }
      String out = unique(TfjsNames.sanitized(prefix + name));
      if (prefix.isEmpty()) {
        renamed.put(name, out);
      }
      return out;
    }

    private String unique(String candidate) {
      String name = candidate;
      for (int n = 1; !names.add(name); n++) {
        name = candidate + "_" + n;
      }
      return name;
    }
  }

  /**
   * The topology, weights and warnings of a built functional model.
   *
   * @throws IllegalArgumentException naming the layer if TF.js 4.22 cannot express it
   */
  static TfjsConfigs.Export export(Functional model) {
    Flat flat = new Flat(model);
    List<TfjsConfigs.Weight> weights = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<Object> layers = new ArrayList<>();
    for (Entry e : flat.order) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", e.name);
      Map<String, Object> tf;
      if (e.op instanceof Input input) {
        tf = new LinkedHashMap<>();
        tf.put("class_name", "InputLayer");
        Map<String, Object> inputConfig = new LinkedHashMap<>(TfjsConfigs.inputLayer(input.getConfig()));
        inputConfig.put("name", e.name);
        tf.put("config", inputConfig);
      } else {
        Layer layer = (Layer) e.op;
        List<TfjsConfigs.Weight> own = new ArrayList<>();
        tf = TfjsConfigs.layerEntry(layer, layer.getConfig(), own, warnings);
        for (List<Ref> call : e.calls) {
          TfjsConfigs.checkMask(layer, (String) tf.get("class_name"), call.stream().anyMatch(Ref::masked));
        }
        if (!e.name.equals(layer.name())) {
          tf = renamed(tf, own, layer.name(), e.name);
        }
        weights.addAll(own);
      }
      entry.put("class_name", tf.get("class_name"));
      entry.put("config", tf.get("config"));
      List<Object> inbound = new ArrayList<>();
      if (!(e.op instanceof Input)) {
        for (int c = 0; c < e.calls.size(); c++) {
          Map<String, Object> kwargs = new LinkedHashMap<>();
          if (e.training.get(c) != null) {
            kwargs.put("training", e.training.get(c));
          }
          List<Object> refs = new ArrayList<>();
          for (Ref r : e.calls.get(c)) {
            refs.add(List.of(r.layer(), r.node(), r.tensor(), kwargs));
          }
          inbound.add(refs);
        }
      }
      entry.put("inbound_nodes", inbound);
      layers.add(entry);
    }
    flat.renamed.forEach((from, to) -> warnings.add(TfjsNames.warning(from, to)));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", TfjsNames.valid(model.name()) ? model.name() : TfjsNames.sanitized(model.name()));
    config.put("layers", layers);
    config.put("input_layers", endpoints(model.inputs(), flat));
    config.put("output_layers", endpoints(model.outputs(), flat));
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("class_name", "Model");
    top.put("config", config);
    top.put("keras_version", "tfjs-layers 4.22.0");
    top.put("backend", "tensor_flow.js");
    return new TfjsConfigs.Export(top, weights, warnings);
  }

  /** A layer entry and its weights under another layer name (an inlined nested model's layer). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> renamed(Map<String, Object> tf, List<TfjsConfigs.Weight> weights, String from,
      String to) {
    Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) tf.get("config"));
    config.put("name", to);
    Map<String, Object> out = new LinkedHashMap<>(tf);
    out.put("config", config);
    for (int i = 0; i < weights.size(); i++) {
      TfjsConfigs.Weight w = weights.get(i);
      if (!w.name().startsWith(from + "/")) {
        throw new IllegalStateException("weight " + w.name() + " of layer \"" + from + "\" is not named after it");
      }
      weights.set(i, new TfjsConfigs.Weight(to + w.name().substring(from.length()), w.shape(), w.values()));
    }
    return out;
  }

  private static List<Object> endpoints(List<KerasTensor> tensors, Flat flat) {
    List<Object> out = new ArrayList<>();
    for (KerasTensor t : tensors) {
      out.add(flat.refs.get(t).triple());
    }
    return out;
  }
}
