package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The call arguments of {@link RecurrentLayer} and {@link Bidirectional} in a functional graph, as Keras' RNN takes
 * them: {@code initial_state} (the states to start from instead of zeros: {@code [h]} for SimpleRNN and GRU,
 * {@code [h, c]} for LSTM, each {@code (batch, units)}; Bidirectional takes the forward layer's states then the
 * backward layer's) and {@code mask} ({@link MaskArgument}). Shapes are checked when the call is recorded, so a wrong state fails at model construction.
 */
final class RecurrentCalls {
  /** Keras' name of the states argument. */
  static final String INITIAL_STATE = "initial_state";

  private RecurrentCalls() {
  }

  /**
   * Checks the arguments other than {@code training}.
   *
   * @param states the number of state tensors {@code initial_state} must hold
   * @throws IllegalArgumentException naming the layer and the argument
   */
  static void checkArguments(Layer layer, Map<String, Object> arguments, int states) {
    for (Map.Entry<String, Object> e : arguments.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      if (key.equals(INITIAL_STATE) && v != null) {
        int given = v instanceof List<?> l ? l.size() : 1;
        if (!(v instanceof List<?> l) || !l.stream().allMatch(KerasTensor.class::isInstance) || given != states) {
          throw new IllegalArgumentException(label(layer) + ": `initial_state` takes " + states + " tensor(s) "
              + stateNames(layer, states) + ", received " + (v instanceof List ? given + ": " : "") + v);
        }
      } else if (key.equals(MaskArgument.NAME) && v != null) {
        MaskArgument.check(layer, v);
      } else if (v != null) {
        throw new IllegalArgumentException(label(layer) + " does not take the call argument `" + key + "`; its call "
            + "arguments are training, initial_state and mask");
      }
    }
  }

  /**
   * Checks the shapes of {@code initial_state} and {@code mask} against the input {@code (batch, timesteps, features)}.
   *
   * @param state the shape of each state, {@code (batch, units)} with the batch unknown
   * @throws IllegalArgumentException with the expected and the received shapes
   */
  static void checkShapes(Layer layer, Shape input, Map<String, List<Shape>> argumentShapes, Shape state) {
    List<Shape> states = argumentShapes.getOrDefault(INITIAL_STATE, List.of());
    for (int i = 0; i < states.size(); i++) {
      Shape s = states.get(i);
      if (!state.compatibleWith(s) || !batchFits(input, s)) {
        throw new IllegalArgumentException("`initial_state` " + i + " must have shape " + state + " (batch, units), "
            + "received shape " + s + "; all initial states: " + states);
      }
    }
    MaskArgument.checkShape(input, argumentShapes);
  }

  private static boolean batchFits(Shape input, Shape state) {
    return input.dim(0) == Shape.UNKNOWN || state.dim(0) == Shape.UNKNOWN || input.dim(0) == state.dim(0);
  }

  /**
   * The input the layer computes on: carrying the explicit {@code mask} if the call has one; else, in a call with
   * {@code initial_state}, carrying none, as in Keras 3 (its {@code Layer.__call__} fills in the input's mask only
   * for a call with one tensor argument, so an RNN called with states ignores its input's mask unless {@code mask=}
   * is given; the output still carries the input's mask). Otherwise the input as it is.
   */
  static Tensor computedInput(Tensor input, Map<String, List<Tensor>> tensorArguments) {
    if (tensorArguments.containsKey(MaskArgument.NAME)) {
      return MaskArgument.applied(input, tensorArguments);
    }
    return states(tensorArguments) != null ? input.withMask(null) : input;
  }

  /** The call's {@code initial_state}, or null. */
  static List<Tensor> states(Map<String, List<Tensor>> tensorArguments) {
    List<Tensor> s = tensorArguments.get(INITIAL_STATE);
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * The given states after a check of their run-time shapes, or null.
   *
   * @throws IllegalArgumentException naming the layer if a state is not {@code (batch, units)}
   */
  static List<Tensor> checkedStates(Layer layer, List<Tensor> states, int batch, int units) {
    if (states == null) {
      return null;
    }
    List<Tensor> out = new ArrayList<>();
    for (Tensor s : states) {
      if (!s.shape().equals(Shape.of(batch, units))) {
        throw new IllegalArgumentException(label(layer) + ": `initial_state` must have shape (" + batch + ", "
            + units + ") (batch, units), received shape " + s.shape());
      }
      out.add(s);
    }
    return out;
  }

  private static String stateNames(Layer layer, int states) {
    return switch (states) {
      case 1 -> "[h]";
      case 2 -> layer instanceof Bidirectional ? "[forward h, backward h]" : "[h, c]";
      default -> "[forward h, forward c, backward h, backward c]";
    };
  }

  static String label(Layer layer) {
    return "Layer \"" + layer.callLabel() + "\" (" + layer.className() + ")";
  }
}
