package org.dropout4j.models;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.Tensor;

/** What a model's layers add to training besides their outputs: weight penalties and weight constraints. */
final class WeightPenalties {
  private WeightPenalties() {
  }

  /** The weight penalties of every layer (regularizers), in layer order, as differentiable scalars. */
  static List<Tensor> losses(Model model, CallContext context) {
    List<Tensor> all = new ArrayList<>();
    for (Layer l : model.layers()) {
      all.addAll(l.regularizationLosses(context));
    }
    return all;
  }

  /** Applies every layer's weight constraints, after an optimizer step. */
  static void applyConstraints(Model model) {
    for (Layer l : model.layers()) {
      l.applyConstraints();
    }
  }
}
