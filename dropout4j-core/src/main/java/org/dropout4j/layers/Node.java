package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Shape;

/**
 * One call of an {@link Operation} on symbolic tensors in a functional graph (Keras' {@code Node}): the operation,
 * its input tensors in call order, the tensors given as call arguments (a recurrent layer's {@code initial_state},
 * an explicit {@code mask}), the non-tensor call arguments (e.g. {@code training}) and the output tensors.
 * Nodes are immutable and only created by calls, so a node's inputs always exist before it: a graph built through
 * calls cannot contain a cycle.
 */
public final class Node {
  private final Operation operation;
  private final List<KerasTensor> inputs;
  private final int positional;
  private final Map<String, List<KerasTensor>> tensorArguments;
  private final Map<String, Object> arguments;
  private final List<KerasTensor> outputs;

  private Node(Operation operation, List<KerasTensor> inputs, Map<String, List<KerasTensor>> tensorArguments,
      Map<String, Object> arguments, List<Shape> shapes, List<String> dtypes) {
    this.operation = operation;
    List<KerasTensor> all = new ArrayList<>(inputs);
    Map<String, List<KerasTensor>> byName = new LinkedHashMap<>();
    for (Map.Entry<String, List<KerasTensor>> e : tensorArguments.entrySet()) {
      byName.put(e.getKey(), List.copyOf(e.getValue()));
      all.addAll(e.getValue());
    }
    this.inputs = List.copyOf(all);
    this.positional = inputs.size();
    this.tensorArguments = Collections.unmodifiableMap(byName);
    this.arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    List<KerasTensor> outs = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      outs.add(new KerasTensor(shapes.get(i), dtypes.get(i), this, i));
    }
    this.outputs = List.copyOf(outs);
  }

  /**
   * Records a call and returns its output tensors.
   *
   * @param operation the called layer or model
   * @param inputs the input tensors in call order (empty for an {@link Input})
   * @param arguments non-tensor call arguments by Keras name, e.g. {@code training}
   * @param shapes the output shapes, already checked by the operation
   * @param dtypes the output dtypes, one per shape
   * @return the new node's outputs
   */
  public static List<KerasTensor> record(Operation operation, List<KerasTensor> inputs, Map<String, Object> arguments,
      List<Shape> shapes, List<String> dtypes) {
    return record(operation, inputs, Map.of(), arguments, shapes, dtypes);
  }

  /**
   * Records a call with tensors among its arguments and returns its output tensors.
   *
   * @param tensorArguments the tensors given by argument name, e.g. {@code initial_state} (in call order)
   * @see #record(Operation, List, Map, List, List)
   */
  public static List<KerasTensor> record(Operation operation, List<KerasTensor> inputs,
      Map<String, List<KerasTensor>> tensorArguments, Map<String, Object> arguments, List<Shape> shapes,
      List<String> dtypes) {
    if (shapes.size() != dtypes.size()) {
      throw new IllegalArgumentException("a node needs one dtype per output shape, received " + shapes.size()
          + " shapes and " + dtypes.size() + " dtypes");
    }
    return new Node(operation, inputs, tensorArguments, arguments, shapes, dtypes).outputs;
  }

  /** The called layer or model. */
  public Operation operation() {
    return operation;
  }

  /**
   * Every tensor the call reads: the {@linkplain #positionalInputs() positional inputs}, then the tensors of the
   * {@linkplain #tensorArguments() tensor arguments} in argument order. The graph's dependencies.
   */
  public List<KerasTensor> inputs() {
    return inputs;
  }

  /** The input tensors passed as the call's positional argument, in call order. */
  public List<KerasTensor> positionalInputs() {
    return inputs.subList(0, positional);
  }

  /**
   * The tensors passed by argument name ({@code initial_state}, {@code mask}), in call order; empty for most calls.
   */
  public Map<String, List<KerasTensor>> tensorArguments() {
    return tensorArguments;
  }

  /** The non-tensor call arguments by Keras name (e.g. {@code training}); empty for most calls. */
  public Map<String, Object> arguments() {
    return arguments;
  }

  /** The output tensors. */
  public List<KerasTensor> outputs() {
    return outputs;
  }

  /** The {@code training} call argument, or {@code null} if the call did not set it. */
  public Boolean training() {
    Object t = arguments.get("training");
    return t instanceof Boolean ? (Boolean) t : null;
  }
}
