package org.dropout4j.io;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.List;
import java.util.Map;

/** Where Keras 3's {@code model.weights.h5} keeps each layer's variables. */
final class KerasWeightLayout {
  private KerasWeightLayout() {
  }

  /**
   * The sub-objects whose variables Keras 3 saves under a layer's group, in the layer's weight order (RNN cells,
   * wrappers, MultiHeadAttention's EinsumDense projections).
   */
  static final List<String> SUB_OBJECTS = List.of("cell", "forward_layer", "backward_layer", "layer",
      "query_dense", "key_dense", "_gate_dense", "value_dense", "output_dense");

  /** The attribute under which Keras 3 saves each MultiHeadAttention sub-layer, by the sub-layer's name. */
  static final Map<String, String> MHA_SUB_OBJECTS = Map.of("query", "query_dense", "key", "key_dense", "gate",
      "_gate_dense", "value", "value_dense", "attention_output", "output_dense");

  /**
   * A layer group's variables in Keras 3's order: its own {@code vars/0..n}, then those of its sub-objects
   * ({@code cell} of an RNN, {@code forward_layer} / {@code backward_layer} of Bidirectional, {@code layer} of
   * TimeDistributed), depth first.
   */
  static void collectVars(Group group, String path, List<Dataset> out) {
    Node vars = group.getChildren().get("vars");
    if (vars instanceof Group) {
      Map<String, Node> children = ((Group) vars).getChildren();
      int n = 0;
      for (int i = 0; children.containsKey(String.valueOf(i)); i++) {
        Node d = children.get(String.valueOf(i));
        if (!(d instanceof Dataset)) {
          throw new IllegalArgumentException(path + "/vars/" + i + " is not a dataset");
        }
        out.add((Dataset) d);
        n++;
      }
      if (n != children.size()) {
        throw new IllegalArgumentException(path + "/vars holds " + children.keySet() + "; expected datasets 0.."
            + (n - 1));
      }
    }
    for (String sub : SUB_OBJECTS) {
      if (group.getChildren().get(sub) instanceof Group) {
        collectVars((Group) group.getChildren().get(sub), path + "/" + sub, out);
      }
    }
  }
}
