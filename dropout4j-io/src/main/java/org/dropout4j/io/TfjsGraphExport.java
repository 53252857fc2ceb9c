package org.dropout4j.io;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Sequential export ({@link TfjsConfigs}); a nested model is refused naming it (dropout4j does not export nested
 * models to TF.js: export the model as {@code .keras}, or build it flat).
 */
final class TfjsGraphExport {
  private TfjsGraphExport() {
  }

  /**
   * The topology, weights and warnings of a built functional model.
   *
   * @throws IllegalArgumentException naming the layer if TF.js 4.22 cannot express it
   */
  static TfjsConfigs.Export export(Functional model) {
    Map<Operation, List<Node>> calls = new IdentityHashMap<>();
    for (Node n : model.nodes()) {
      calls.computeIfAbsent(n.operation(), k -> new ArrayList<>()).add(n);
    }
    List<TfjsConfigs.Weight> weights = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<Object> layers = new ArrayList<>();
    Map<KerasTensor, Boolean> masked = maskedTensors(model);
    for (Operation op : model.operations()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", op.name());
      Map<String, Object> tf;
      if (op instanceof Functional) {
        throw new IllegalArgumentException("cannot export layer \"" + op.name() + "\" (a nested functional model) to "
            + "TF.js: dropout4j does not export nested models to TF.js; export the model as .keras, or build it "
            + "without the nested model");
      } else if (op instanceof Input input) {
        tf = new LinkedHashMap<>();
        tf.put("class_name", "InputLayer");
        tf.put("config", TfjsConfigs.inputLayer(input.getConfig()));
      } else {
        Layer layer = (Layer) op;
        tf = TfjsConfigs.layerEntry(layer, layer.getConfig(), weights, warnings);
        for (Node node : calls.getOrDefault(op, List.of())) {
          TfjsConfigs.checkMask(layer, (String) tf.get("class_name"), anyMasked(node, masked));
        }
      }
      entry.put("class_name", tf.get("class_name"));
      entry.put("config", tf.get("config"));
      List<Object> inbound = new ArrayList<>();
      if (!(op instanceof Input)) {
        for (Node node : calls.getOrDefault(op, List.of())) {
          List<Object> refs = new ArrayList<>();
          Map<String, Object> kwargs = new LinkedHashMap<>();
          if (node.training() != null) {
            kwargs.put("training", node.training());
          }
          for (KerasTensor t : node.inputs()) {
            refs.add(List.of(t.operation().name(), nodeIndex(t, calls), t.index(), kwargs));
          }
          inbound.add(refs);
        }
      }
      entry.put("inbound_nodes", inbound);
      layers.add(entry);
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", model.name());
    config.put("layers", layers);
    config.put("input_layers", endpoints(model.inputs(), calls));
    config.put("output_layers", endpoints(model.outputs(), calls));
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("class_name", "Model");
    top.put("config", config);
    top.put("keras_version", "tfjs-layers 4.22.0");
    top.put("backend", "tensor_flow.js");
    return new TfjsConfigs.Export(top, weights, warnings);
  }

  /** Which tensors of the graph carry a mask, node by node in execution order. */
  private static Map<KerasTensor, Boolean> maskedTensors(Functional model) {
    Map<KerasTensor, Boolean> masked = new IdentityHashMap<>();
    for (Node node : model.nodes()) {
      boolean out = node.operation() instanceof Layer layer && !(node.operation() instanceof Input)
          && layer.outputMasked(anyMasked(node, masked));
      for (KerasTensor t : node.outputs()) {
        masked.put(t, out);
      }
    }
    return masked;
  }

  private static boolean anyMasked(Node node, Map<KerasTensor, Boolean> masked) {
    for (KerasTensor t : node.inputs()) {
      if (Boolean.TRUE.equals(masked.get(t))) {
        return true;
      }
    }
    return false;
  }

  private static List<Object> endpoints(List<KerasTensor> tensors, Map<Operation, List<Node>> calls) {
    List<Object> out = new ArrayList<>();
    for (KerasTensor t : tensors) {
      out.add(List.of(t.operation().name(), nodeIndex(t, calls), t.index()));
    }
    return out;
  }

  private static int nodeIndex(KerasTensor t, Map<Operation, List<Node>> calls) {
    if (t.operation() instanceof Input) {
      return 0;
    }
    List<Node> nodes = calls.get(t.operation());
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) == t.node()) {
        return i;
      }
    }
    throw new IllegalStateException("tensor " + t + " comes from a call outside the model");
  }
}
