package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * How a layer call on symbolic tensors is recorded ({@link Layer#applyAll(List, Map)}): the call arguments split into
 * tensors ({@code initial_state}, {@code mask}) and values ({@code training}, ...), each checked by the layer, the
 * shapes checked against the first call of a shared layer, the output shapes computed, and the {@link Node} written.
 */
final class LayerCalls {
  private LayerCalls() {
  }

  /** Records a call of {@code layer} on symbolic tensors; see {@link Layer#applyAll(List, Map)}. */
  static List<KerasTensor> record(Layer layer, List<KerasTensor> inputs, Map<String, Object> arguments) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("Layer \"" + layer.callLabel() + "\" must be called on at least one tensor");
    }
    Map<String, List<KerasTensor>> tensorArguments = new LinkedHashMap<>();
    Map<String, Object> plain = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : arguments.entrySet()) {
      List<KerasTensor> tensors = tensors(e.getValue());
      if (tensors != null) {
        tensorArguments.put(e.getKey(), tensors);
      } else {
        plain.put(e.getKey(), e.getValue());
      }
    }
    Map<String, Object> checked = new LinkedHashMap<>(plain);
    checked.putAll(tensorArguments);
    checkArguments(layer, checked);
    List<Shape> shapes = new ArrayList<>();
    for (KerasTensor t : inputs) {
      shapes.add(t.shape());
    }
    List<Shape> expected = layer.built() && inputs.size() == 1 ? List.of(layer.inputShape()) : layer.calledShapes();
    if (expected != null) {
      boolean same = expected.size() == shapes.size();
      for (int i = 0; same && i < shapes.size(); i++) {
        same = expected.get(i).compatibleWith(shapes.get(i));
      }
      if (!same) {
        throw new IllegalArgumentException(label(layer) + " was built for inputs of shape " + join(expected)
            + " and cannot be called on shape " + join(shapes) + ": a layer called twice shares its weights, so every "
            + "call needs the same shape");
      }
    }
    Map<String, List<Shape>> argumentShapes = new LinkedHashMap<>();
    for (Map.Entry<String, List<KerasTensor>> e : tensorArguments.entrySet()) {
      List<Shape> s = new ArrayList<>();
      for (KerasTensor t : e.getValue()) {
        s.add(t.shape());
      }
      argumentShapes.put(e.getKey(), s);
    }
    List<Shape> out;
    try {
      out = layer.computeOutputShapes(shapes, argumentShapes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(label(layer) + " cannot be called on " + describe(inputs)
          + (argumentShapes.isEmpty() ? "" : " with " + argumentShapes) + ": " + e.getMessage(), e);
    }
    layer.calledShapes(shapes);
    List<String> dtypes = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      dtypes.add(layer.outputDtype(inputs));
    }
    return Node.record(layer, inputs, tensorArguments, plain, out, dtypes);
  }

  /** The tensors of an argument value (a tensor or a non-empty list of tensors), or null for any other value. */
  private static List<KerasTensor> tensors(Object value) {
    if (value instanceof KerasTensor t) {
      return List.of(t);
    }
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      return null;
    }
    List<KerasTensor> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof KerasTensor t)) {
        return null;
      }
      out.add(t);
    }
    return out;
  }

  private static void checkArguments(Layer layer, Map<String, Object> arguments) {
    Map<String, Object> others = new LinkedHashMap<>(arguments);
    Object training = others.remove("training");
    if (arguments.containsKey("training") && !(training instanceof Boolean)) {
      throw new IllegalArgumentException(label(layer) + ": invalid value for call argument `training`, expected "
          + "true or false, received training=" + training);
    }
    layer.checkCallArguments(others);
  }

  private static String join(List<Shape> shapes) {
    return shapes.size() == 1 ? shapes.get(0).toString() : shapes.toString();
  }

  private static String describe(List<KerasTensor> inputs) {
    List<String> parts = new ArrayList<>();
    for (KerasTensor t : inputs) {
      String from = t.operation().name() != null ? t.operation().name() : t.operation().className();
      parts.add(t.shape() + " from \"" + from + "\"");
    }
    return String.join(" and ", parts);
  }

  private static String label(Layer layer) {
    return "Layer \"" + layer.callLabel() + "\" (" + layer.className() + ")";
  }

  /** The one output of a call recorded by {@link Layer#apply(List, Map)}. */
  static KerasTensor single(Layer layer, List<KerasTensor> out) {
    if (out.size() != 1) {
      throw new IllegalArgumentException(label(layer) + " returns " + out.size() + " tensors " + out
          + " (e.g. return_state=true): call applyAll(...) to receive them all");
    }
    return out.get(0);
  }

  /** {@link Layer#checkCallArguments}' default: only {@code mask}, for a layer that takes it. */
  static void checkDefaultArguments(Layer layer, Map<String, Object> arguments) {
    Map<String, Object> others = new LinkedHashMap<>(arguments);
    if (layer.takesMaskArgument() && others.get(MaskArgument.NAME) != null) {
      MaskArgument.check(layer, others.remove(MaskArgument.NAME));
    }
    if (!others.isEmpty()) {
      throw new IllegalArgumentException(label(layer) + " does not take the call argument(s) " + others.keySet()
          + "; its call arguments are `training`" + (layer.takesMaskArgument() ? " and `mask`" : ""));
    }
  }

  /**
   * {@link Layer#callAll}'s default inputs: the first one carrying the call's {@code mask} if the layer takes it.
   *
   * @throws IllegalArgumentException naming the layer for any other tensor argument
   */
  static List<Tensor> withMaskArgument(Layer layer, List<Tensor> inputs, Map<String, List<Tensor>> tensorArguments) {
    if (layer.takesMaskArgument() && tensorArguments.containsKey(MaskArgument.NAME) && !inputs.isEmpty()
        && tensorArguments.size() == 1) {
      List<Tensor> in = new ArrayList<>(inputs);
      in.set(0, MaskArgument.applied(inputs.get(0), tensorArguments));
      return in;
    }
    if (!tensorArguments.isEmpty()) {
      throw new IllegalArgumentException(label(layer) + " does not take the tensor call argument(s) "
          + tensorArguments.keySet());
    }
    return inputs;
  }
}
