package org.dropout4j.models;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.Node;
import org.dropout4j.layers.Operation;

/**
 * The analysis of a functional graph at model construction, as Keras' {@code map_graph}: every node the outputs
 * depend on, their depths (outputs at 0, a node one deeper than its deepest consumer), the nodes in execution order
 * (deepest first) and the operations in Keras' layer order (by depth, then by first visit from the outputs). It
 * refuses graphs that cannot run: an output that depends on an input not given to the model, a model input no
 * output depends on, a model input that is not an {@link Input}'s tensor, an input listed twice.
 */
final class FunctionalGraph {
  final List<Node> nodes;
  final List<Operation> operations;

  private FunctionalGraph(List<Node> nodes, List<Operation> operations) {
    this.nodes = nodes;
    this.operations = operations;
  }

  static FunctionalGraph map(String model, List<KerasTensor> inputs, List<KerasTensor> outputs) {
    if (inputs.isEmpty() || outputs.isEmpty()) {
      throw new IllegalArgumentException("model \"" + model + "\" needs at least one input and one output, received "
          + inputs.size() + " inputs and " + outputs.size() + " outputs");
    }
    Set<KerasTensor> inputSet = Collections.newSetFromMap(new IdentityHashMap<>());
    for (KerasTensor t : inputs) {
      if (!(t.operation() instanceof Input)) {
        throw new IllegalArgumentException("model \"" + model + "\": every input must be the tensor of an Input "
            + "(Input.shape(...).output()), received " + t);
      }
      if (!inputSet.add(t)) {
        throw new IllegalArgumentException("model \"" + model + "\": input " + t + " is listed twice; every model "
            + "input must be a distinct Input");
      }
    }
    Map<Node, Boolean> finished = new IdentityHashMap<>();
    Map<Node, Boolean> inProgress = new IdentityHashMap<>();
    List<Node> postorder = new ArrayList<>();
    Map<Operation, Integer> firstVisit = new IdentityHashMap<>();
    for (KerasTensor out : outputs) {
      visit(out, finished, inProgress, postorder, firstVisit);
    }
    // depths: walk from the outputs (end of the postorder) back to the inputs
    Map<Node, Integer> nodeDepth = new IdentityHashMap<>();
    Map<Operation, Integer> opDepth = new IdentityHashMap<>();
    for (int i = postorder.size() - 1; i >= 0; i--) {
      Node node = postorder.get(i);
      int depth = Math.max(nodeDepth.getOrDefault(node, 0), opDepth.getOrDefault(node.operation(), 0));
      opDepth.put(node.operation(), depth);
      nodeDepth.put(node, depth);
      for (KerasTensor in : node.inputs()) {
        nodeDepth.merge(in.node(), depth + 1, Math::max);
      }
    }
    Map<Node, Integer> postIndex = new IdentityHashMap<>();
    for (int i = 0; i < postorder.size(); i++) {
      postIndex.put(postorder.get(i), i);
    }
    List<Node> order = new ArrayList<>(postorder);
    order.sort(Comparator.comparing((Node n) -> -nodeDepth.get(n)).thenComparing(postIndex::get));
    List<Operation> ops = new ArrayList<>(firstVisit.keySet());
    ops.sort(Comparator.comparing((Operation o) -> -opDepth.get(o)).thenComparing(firstVisit::get));
    return new FunctionalGraph(List.copyOf(order), List.copyOf(ops));
  }

  /**
   * Checks that the outputs need only the model's inputs and that every input is used; call after naming.
   *
   * @throws IllegalArgumentException naming the input and the layers involved
   */
  void checkConnected(String model, List<KerasTensor> inputs, List<KerasTensor> outputs) {
    Set<KerasTensor> inputSet = Collections.newSetFromMap(new IdentityHashMap<>());
    inputSet.addAll(inputs);
    checkConnected(model, inputs, inputSet, nodes, outputs);
  }

  /**
   * Depth-first from {@code tensor}, appending each node after the nodes it reads (postorder). Iterative, with an
   * explicit stack: a graph thousands of layers deep (a model file is untrusted input) would overflow the thread's
   * stack as a recursion (an 8000-layer chain of a 75 KB {@code .keras} did).
   */
  private static void visit(KerasTensor tensor, Map<Node, Boolean> finished, Map<Node, Boolean> inProgress,
      List<Node> postorder, Map<Operation, Integer> firstVisit) {
    if (finished.containsKey(tensor.node())) {
      return;
    }
    ArrayDeque<Node> stack = new ArrayDeque<>();
    ArrayDeque<int[]> next = new ArrayDeque<>();
    enter(tensor, inProgress, firstVisit, stack, next);
    while (!stack.isEmpty()) {
      Node node = stack.peek();
      int[] i = next.peek();
      if (i[0] < node.inputs().size()) {
        KerasTensor in = node.inputs().get(i[0]++);
        if (!finished.containsKey(in.node())) {
          enter(in, inProgress, firstVisit, stack, next);
        }
        continue;
      }
      stack.pop();
      next.pop();
      finished.put(node, Boolean.TRUE);
      inProgress.remove(node);
      postorder.add(node);
    }
  }

  private static void enter(KerasTensor tensor, Map<Node, Boolean> inProgress, Map<Operation, Integer> firstVisit,
      ArrayDeque<Node> stack, ArrayDeque<int[]> next) {
    Node node = tensor.node();
    if (inProgress.containsKey(node)) { // unreachable through calls; kept as Keras' guard for hand-made nodes
      throw new IllegalArgumentException("tensor " + tensor + " from operation \"" + node.operation().name()
          + "\" is part of a cycle");
    }
    firstVisit.putIfAbsent(node.operation(), firstVisit.size());
    inProgress.put(node, Boolean.TRUE);
    stack.push(node);
    next.push(new int[1]);
  }

  private static void checkConnected(String model, List<KerasTensor> inputs, Set<KerasTensor> inputSet,
      List<Node> order, List<KerasTensor> outputs) {
    Set<Node> used = Collections.newSetFromMap(new IdentityHashMap<>());
    List<String> accessed = new ArrayList<>();
    for (Node node : order) {
      if (node.operation() instanceof Input) {
        if (!inputSet.contains(node.outputs().get(0))) {
          throw new IllegalArgumentException("Graph disconnected in model \"" + model + "\": the outputs depend on "
              + "Input \"" + node.operation().name() + "\" " + node.outputs().get(0).shape() + ", which is not "
              + "among the model's inputs " + names(inputs) + " (needed by " + consumers(node, order) + ")");
        }
        used.add(node);
      } else {
        accessed.add(node.operation().name());
      }
    }
    for (KerasTensor in : inputs) {
      if (!used.contains(in.node())) {
        throw new IllegalArgumentException("model \"" + model + "\": input \"" + in.operation().name() + "\" "
            + in.shape() + " is not connected to any output " + names(outputs) + "; remove it from the inputs or use "
            + "it (the layers reached from the outputs: " + accessed + ")");
      }
    }
  }

  private static List<String> consumers(Node input, List<Node> order) {
    List<String> names = new ArrayList<>();
    for (Node n : order) {
      for (KerasTensor t : n.inputs()) {
        if (t.node() == input && !names.contains(n.operation().name())) {
          names.add(String.valueOf(n.operation().name()));
        }
      }
    }
    return names;
  }

  static List<String> names(List<KerasTensor> tensors) {
    List<String> names = new ArrayList<>();
    for (KerasTensor t : tensors) {
      names.add(t.operation().name() + (t.node().outputs().size() > 1 ? "[" + t.index() + "]" : ""));
    }
    return names;
  }

  /** For each operation (by identity), the nodes that call it in this graph, in execution order. */
  Map<Operation, List<Node>> nodesByOperation() {
    Map<Operation, List<Node>> m = new IdentityHashMap<>();
    for (Node n : nodes) {
      m.computeIfAbsent(n.operation(), k -> new ArrayList<>()).add(n);
    }
    return m;
  }
}
