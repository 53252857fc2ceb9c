package org.dropout4j.models;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.internal.Names;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.Node;
import org.dropout4j.layers.Operation;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * A functional model, Keras' {@code Model(inputs, outputs)} (class {@code Functional}): a graph of layers called on
 * symbolic tensors, with any number of inputs and outputs, shared layers (one layer called twice uses the same
 * weights), merges, and models nested as layers. Everything {@link Model} offers (compile, fit, evaluate, predict,
 * Monte Carlo dropout, weights) works on it; with several outputs, compile takes one loss per output.
 *
 * <pre>{@code
 * KerasTensor a = Input.shape(8).output();
 * KerasTensor b = Input.shape(3).output();
 * KerasTensor h = new Dense(16, "relu").apply(a);
 * KerasTensor kind = new Dense(2, "softmax", "kind").apply(new Concatenate().apply(h, b));
 * KerasTensor value = new Dense(1, "linear", "value").apply(h);
 * Functional model = new Functional(List.of(a, b), List.of(kind, value));
 * }</pre>
 *
 * <p>Shapes are checked when a layer is called, so a graph that cannot run fails at construction: an output that
 * needs an input not given to the model ("graph disconnected"), an input no output uses, a layer or merge called on
 * shapes it cannot take. The weights are created when the model is built (first fit/predict/summary, or
 * {@link #build()}), from the model's seed, in Keras' layer order. Layers run in depth order; the layer at position
 * {@code i} of that order draws its noise from {@code context.forLayer(i)}, so each call of a shared dropout layer
 * draws its own mask, as in Keras.
 */
public final class Functional extends Model implements Operation {
  /** Keras 3's default name of a functional model. */
  public static final String DEFAULT_NAME = "functional";

  private final List<KerasTensor> inputs;
  private final List<KerasTensor> outputs;
  private final FunctionalGraph graph;
  private final String className;
  private boolean built;

  /** A model of one input and one output. */
  public Functional(KerasTensor input, KerasTensor output) {
    this(List.of(input), List.of(output), DEFAULT_NAME);
  }

  /** A model of several inputs and outputs, in the order {@code fit}/{@code predict} take and return them. */
  public Functional(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    this(inputs, outputs, DEFAULT_NAME);
  }

  /**
   * @param inputs the model's inputs, each the {@link Input#output()} of a distinct Input
   * @param outputs the model's outputs, tensors computed from the inputs
   * @param name the model's name
   * @throws IllegalArgumentException if the graph cannot run (see the class description) or layer names repeat
   */
  public Functional(List<KerasTensor> inputs, List<KerasTensor> outputs, String name) {
    this(inputs, outputs, name, "Functional");
  }

  /**
   * Keras' {@code Sequential} as a graph, to be used as a layer of another model (Keras 3's Sequential is a
   * functional model over its layers): the layers called one after the other on {@code input}; its
   * {@link #className()} is {@code Sequential}, as the Keras files that nest one name it.
   *
   * @param input the input, a new {@link Input}
   * @param layers the layers in order, at least one; a step may itself be a model (a {@link Functional}, e.g. a
   *     nested Sequential or a pretrained base model) with one input and one output
   * @param name the model's name
   * @throws IllegalArgumentException if there is no layer, a nested model has several inputs or outputs, or a step
   *     cannot take the previous one's output
   */
  public static Functional sequential(Input input, List<? extends Operation> layers, String name) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("Sequential model \"" + name + "\" has no layers");
    }
    KerasTensor x = input.output();
    for (Operation step : layers) {
      if (step instanceof Functional f) {
        if (f.inputs.size() != 1 || f.outputs.size() != 1) {
          throw new IllegalArgumentException("Sequential model \"" + name + "\": nested model \"" + f.name()
              + "\" has " + f.inputs.size() + " inputs and " + f.outputs.size() + " outputs; a Sequential step "
              + "takes one input and gives one output");
        }
        x = f.apply(x).get(0);
      } else {
        x = ((Layer) step).apply(x);
      }
    }
    return new Functional(List.of(input.output()), List.of(x), name, "Sequential");
  }

  private Functional(List<KerasTensor> inputs, List<KerasTensor> outputs, String name, String className) {
    super(name);
    this.className = className;
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.graph = FunctionalGraph.map(name, this.inputs, this.outputs);
    nameOperations();
    graph.checkConnected(name, this.inputs, this.outputs);
  }

  private void nameOperations() {
    Set<String> taken = new HashSet<>();
    for (Operation op : graph.operations) {
      if (op.name() != null && !taken.add(op.name())) {
        throw new IllegalArgumentException("model \"" + name() + "\": the name \"" + op.name() + "\" is used by two "
            + "layers; all layer names should be unique");
      }
    }
    Map<String, Integer> counts = new java.util.HashMap<>();
    for (Operation op : graph.operations) {
      if (op.name() == null) {
        String base = Names.snakeCase(op.className());
        String candidate = base;
        while (taken.contains(candidate)) {
          int n = counts.merge(base, 1, Integer::sum);
          candidate = base + "_" + n;
        }
        taken.add(candidate);
        ((Layer) op).assignName(candidate);
      }
    }
  }

  @Override
  public String className() {
    return className;
  }

  /** The model's input tensors, in order. */
  public List<KerasTensor> inputs() {
    return inputs;
  }

  /** The model's output tensors, in order. */
  public List<KerasTensor> outputs() {
    return outputs;
  }

  /** The {@link Input} layers of the model's inputs, in input order. */
  public List<Input> inputLayers() {
    List<Input> layers = new ArrayList<>();
    for (KerasTensor t : inputs) {
      layers.add((Input) t.operation());
    }
    return layers;
  }

  /** The names of the outputs: the names of the layers that produce them (Keras' {@code output_names}). */
  public List<String> outputNames() {
    return FunctionalGraph.names(outputs);
  }

  /** The operations in Keras' layer order ({@code model.layers}): inputs, layers and nested models, each once. */
  public List<Operation> operations() {
    return graph.operations;
  }

  /** The calls of the graph in execution order (deepest first). */
  public List<Node> nodes() {
    return graph.nodes;
  }

  /**
   * Every layer with weights or behaviour, nested models' layers in place, without the inputs: the order of
   * {@link #weights()}.
   */
  @Override
  public List<Layer> layers() {
    List<Layer> all = new ArrayList<>();
    for (Operation op : graph.operations) {
      if (op instanceof Functional) {
        all.addAll(((Functional) op).layers());
      } else if (!(op instanceof Input)) {
        all.add((Layer) op);
      }
    }
    return all;
  }

  @Override
  public boolean built() {
    return built;
  }

  /** Creates every layer's weights from the model's seed (nothing if already built). */
  public void build() {
    buildWith(root().fold(STREAM_INIT));
  }

  private void buildWith(RngKey init) {
    if (built) {
      return;
    }
    Map<Operation, List<Node>> calls = graph.nodesByOperation();
    for (int i = 0; i < graph.operations.size(); i++) {
      Operation op = graph.operations.get(i);
      if (op instanceof Functional) {
        ((Functional) op).buildWith(init.fold(i));
      } else if (!(op instanceof Input) && !((Layer) op).built()) {
        List<Shape> shapes = new ArrayList<>();
        for (KerasTensor t : calls.get(op).get(0).positionalInputs()) {
          shapes.add(t.shape());
        }
        ((Layer) op).build(shapes, init.fold(i));
      }
    }
    built = true;
  }

  @Override
  protected void buildFor(List<Shape> inputShapes) {
    checkInputShapes(inputShapes);
    build();
  }

  private void checkInputShapes(List<Shape> shapes) {
    if (shapes.size() != inputs.size()) {
      throw new IllegalArgumentException("model \"" + name() + "\" takes " + inputs.size() + " inputs "
          + describeInputs() + ", received " + shapes.size());
    }
    for (int i = 0; i < shapes.size(); i++) {
      Shape expected = inputs.get(i).shape();
      if (!expected.compatibleWith(shapes.get(i))) {
        throw new IllegalArgumentException("Input " + i + " of model \"" + name() + "\" (\""
            + inputs.get(i).operation().name() + "\") is incompatible: expected shape " + expected
            + ", received input with shape " + shapes.get(i));
      }
    }
  }

  /** The inputs as {@code [name (None, 8), ...]}, for messages. */
  public String describeInputs() {
    List<String> parts = new ArrayList<>();
    for (KerasTensor t : inputs) {
      parts.add(t.operation().name() + " " + t.shape() + (t.dtype().equals("float32") ? "" : " " + t.dtype()));
    }
    return parts.toString();
  }

  /**
   * Runs the graph on one tensor per input: every node in execution order, node {@code i} under
   * {@code context.forLayer(i)} (with its {@code training} argument, if the call fixed one).
   *
   * @return one tensor per output
   * @throws IllegalArgumentException if the number or shapes of the inputs do not fit
   */
  @Override
  public List<Tensor> call(List<Tensor> data, CallContext context) {
    List<Shape> shapes = new ArrayList<>();
    for (Tensor t : data) {
      shapes.add(t.shape());
    }
    buildFor(shapes);
    Map<KerasTensor, Tensor> values = new IdentityHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      values.put(inputs.get(i), data.get(i));
    }
    List<Node> nodes = graph.nodes;
    for (int n = 0; n < nodes.size(); n++) {
      Node node = nodes.get(n);
      Operation op = node.operation();
      if (op instanceof Input) {
        continue;
      }
      List<Tensor> args = new ArrayList<>(node.inputs().size());
      for (KerasTensor t : node.positionalInputs()) {
        args.add(values.get(t));
      }
      CallContext ctx = context.forLayer(n);
      if (node.training() != null) {
        ctx = ctx.withTraining(node.training());
      }
      List<Tensor> results;
      if (op instanceof Functional) {
        results = ((Functional) op).call(args, ctx);
      } else {
        Map<String, List<Tensor>> tensorArgs = new LinkedHashMap<>();
        for (Map.Entry<String, List<KerasTensor>> e : node.tensorArguments().entrySet()) {
          List<Tensor> ts = new ArrayList<>();
          for (KerasTensor t : e.getValue()) {
            ts.add(values.get(t));
          }
          tensorArgs.put(e.getKey(), ts);
        }
        results = ((Layer) op).callAll(args, tensorArgs, node.arguments(), ctx);
      }
      for (int k = 0; k < results.size(); k++) {
        values.put(node.outputs().get(k), results.get(k));
      }
    }
    List<Tensor> out = new ArrayList<>(outputs.size());
    for (KerasTensor t : outputs) {
      out.add(values.get(t));
    }
    return out;
  }

  /**
   * Calls this model as a layer of another functional model (a nested model): its weights are shared with every
   * other call.
   *
   * @return one symbolic tensor per output of this model
   * @throws IllegalArgumentException if the number or shapes of the inputs do not fit this model's inputs
   */
  public List<KerasTensor> apply(KerasTensor... args) {
    List<Shape> shapes = new ArrayList<>();
    for (KerasTensor t : args) {
      shapes.add(t.shape());
    }
    checkInputShapes(shapes);
    List<Shape> outShapes = new ArrayList<>();
    List<String> dtypes = new ArrayList<>();
    for (KerasTensor t : outputs) {
      outShapes.add(t.shape());
      dtypes.add(t.dtype());
    }
    return Node.record(this, List.of(args), Map.of(), outShapes, dtypes);
  }

  @Override
  long widestActivation(List<Shape> inputShapes, List<Shape> outputShapes) {
    long widest = 1;
    for (Node node : graph.nodes) {
      for (KerasTensor t : node.outputs()) {
        long size = 1;
        for (int d = 1; d < t.shape().rank(); d++) {
          size *= Math.max(1, t.shape().dim(d)); // an unknown size (None) counts as 1: a lower bound
        }
        widest = Math.max(widest, size);
      }
    }
    for (KerasTensor t : outputs) {
      outputShapes.add(t.shape());
    }
    return widest;
  }

  @Override
  protected int outputCount() {
    return outputs.size();
  }

  @Override
  protected String outputName(int index) {
    return outputNames().get(index);
  }

  /** For the summary: the calls of each operation in execution order. */
  Map<Operation, List<Node>> nodesByOperationForSummary() {
    return graph.nodesByOperation();
  }

  /** Keras 3's summary: layer, output shape, parameter count and the "Connected to" column. */
  public String summary() {
    build();
    return FunctionalSummary.render(this);
  }
}
