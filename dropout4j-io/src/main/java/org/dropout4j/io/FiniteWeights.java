package org.dropout4j.io;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Parameter;

/**
 * The check every model reader makes on the weight values it read, before it hands them to the model: each value
 * finite. A weight holding NaN or infinity (a model saved after its training diverged, or a damaged file) would give
 * a model that predicts NaN for every input; Keras and TF.js load such files silently, dropout4j refuses them naming
 * the file, the weight, its layer and the first bad value.
 */
final class FiniteWeights {
  private FiniteWeights() {}

  /**
   * Refuses {@code values} (one array per weight of {@code model}, in {@link Model#weights()} order) if any holds a
   * NaN or infinite value.
   *
   * @param where the file or folder read, first in the message
   * @throws IllegalArgumentException naming {@code where}, the weight, its layer and class, how many values are bad
   *     and the first one with its flat index
   */
  static void require(Model model, List<float[]> values, String where) {
    List<Parameter> params = model.weights();
    Map<Parameter, Layer> owners = null;
    for (int i = 0; i < values.size(); i++) {
      float[] v = values.get(i);
      if (firstNonFinite(v) < 0) {
        continue;
      }
      if (owners == null) {
        owners = owners(model);
      }
      Parameter p = i < params.size() ? params.get(i) : null;
      Layer layer = p == null ? null : owners.get(p);
      String name = p == null ? "#" + i : p.name();
      require(v, where, "weight " + name + (layer == null ? ""
          : " of layer '" + layer.name() + "' (" + layer.className() + ")"));
    }
  }

  /**
   * Refuses one weight's {@code values} if any is NaN or infinite.
   *
   * @param where the file or folder read, first in the message
   * @param weight the weight as the message names it, e.g. {@code weight dense/kernel of layer 'dense' (Dense)}
   */
  static void require(float[] values, String where, String weight) {
    int first = firstNonFinite(values);
    if (first < 0) {
      return;
    }
    int bad = 0;
    for (int k = first; k < values.length; k++) {
      bad += Float.isFinite(values[k]) ? 0 : 1;
    }
    throw new IllegalArgumentException(where + ": " + weight + " holds " + bad + " NaN or infinite value(s) of "
        + values.length + ", the first " + values[first] + " at flat index " + first + "; expected finite weights "
        + "(was the model saved after its training diverged?)");
  }

  private static int firstNonFinite(float[] values) {
    for (int k = 0; k < values.length; k++) {
      if (!Float.isFinite(values[k])) {
        return k;
      }
    }
    return -1;
  }

  /** Each weight's owning layer, nested layers (wrappers, nested models) included. */
  private static Map<Parameter, Layer> owners(Model model) {
    Map<Parameter, Layer> owners = new IdentityHashMap<>();
    Deque<Layer> todo = new ArrayDeque<>(model.layers());
    while (!todo.isEmpty()) {
      Layer layer = todo.pop();
      for (Parameter p : layer.weights()) {
        owners.putIfAbsent(p, layer);
      }
      todo.addAll(layer.sublayers());
    }
    return owners;
  }
}
