package org.dropout4j.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.dropout4j.layers.CallContext;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.activations.Activations;
import org.dropout4j.tensor.MergeOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * A Keras 3 operation node of a functional config ({@code module keras.src.ops.numpy} / {@code .nn}): what Keras
 * records when model code applies {@code keras.ops} (or an operator such as {@code x + y}, {@code x * 2.0}) to
 * symbolic tensors. Read only the ones whose semantics are exactly these:
 *
 * <ul>
 *   <li>{@code Add}, {@code Subtract}, {@code Multiply}, {@code Divide}/{@code TrueDivide}: two operands, each a
 *       tensor or a number, with NumPy broadcasting (the lower rank padded on the left); {@code Equal},
 *       {@code NotEqual} likewise, giving 1/0 (Keras' booleans, e.g. a mask {@code not_equal(ids, 0)} passed as
 *       {@code mask=});</li>
 *   <li>{@code Negative}, {@code Square}, {@code Sqrt}, {@code Abs}, {@code Exp}, {@code Log} and the activations
 *       {@code Relu}, {@code Sigmoid}, {@code Tanh}, {@code Softplus}, {@code Silu}, {@code Softsign};</li>
 *   <li>{@code Mean}, {@code Sum}: over non-batch {@code axis} (an integer or a list), {@code keepdims};</li>
 *   <li>{@code Concatenate}: a list of tensors along a non-batch {@code axis};</li>
 *
 *   <li>{@code GetItem}: slicing with integers and {@code start:stop:step} that keeps the batch axis whole
 *       ({@link KerasSlices}).</li>
 * </ul>
 *
 * <p>As in Keras, an op's output carries no mask. Any other op ({@code Reshape}, {@code Matmul}, ...) is refused
 * naming it. The Keras export and dropout4j's own format write an op back as Keras wrote it; TF.js, which has no op
 * nodes, takes {@code Add}/{@code Multiply} of two same-shape tensors as its merge layers and refuses the others.
 */
final class KerasOpLayer extends Layer {
  private static final Map<String, BinaryOperator<Tensor>> BINARY = Map.of("Add", Ops::add, "Subtract", Ops::sub,
      "Multiply", Ops::mul, "Divide", Ops::div, "TrueDivide", Ops::div, "NotEqual", (a, b) -> compare(a, b, false),
      "Equal", (a, b) -> compare(a, b, true));
  private static final Map<String, UnaryOperator<Tensor>> UNARY = Map.ofEntries(Map.entry("Negative", Ops::neg),
      Map.entry("Square", Ops::square), Map.entry("Sqrt", Ops::sqrt), Map.entry("Abs", Ops::abs),
      Map.entry("Exp", Ops::exp), Map.entry("Log", Ops::log), Map.entry("Relu", act("relu")),
      Map.entry("Sigmoid", act("sigmoid")), Map.entry("Tanh", act("tanh")), Map.entry("Softplus", act("softplus")),
      Map.entry("Silu", act("silu")), Map.entry("Softsign", act("softsign")));
  private static final Set<String> REDUCTIONS = Set.of("Mean", "Sum");

  private final String op;
  private final Map<String, Object> config;
  private final int[] axes;
  private final boolean keepdims;
  /** A binary op's number operand and whether it comes first ({@code 2.0 - x}); {@code null} for two tensors. */
  private final Float number;
  private final boolean numberFirst;
  /** GetItem's key: per axis {start, stop, step} (null entries as in Python) or {index} for an integer. */
  private final List<Integer[]> key;
  /** The Keras module and the call's args as the file wrote them, for writing the op back. */
  private final String module;
  private final List<Object> args;
  /** The shapes of the tensors the op was called on (an op node is called once). */
  private List<Shape> calledOn;

  private KerasOpLayer(String op, String name, Map<String, Object> config, int[] axes, boolean keepdims,
      List<Object> args, String module) {
    super(name, true);
    this.op = op;
    this.module = module;
    this.args = args;
    this.config = config;
    this.axes = axes;
    this.keepdims = keepdims;
    Float n = null;
    boolean first = false;
    if (BINARY.containsKey(op)) {
      if (args.size() != 2) {
        throw new IllegalArgumentException(label() + ": expected two operands, received " + args);
      }
      first = args.get(0) instanceof Number;
      Object num = first ? args.get(0) : args.get(1);
      n = num instanceof Number v ? v.floatValue() : null;
      if (first && args.get(1) instanceof Number) {
        throw new IllegalArgumentException(label() + ": both operands are numbers " + args);
      }
    }
    this.number = n;
    this.numberFirst = first;
    this.key = op.equals("GetItem") ? KerasSlices.read(label(), args) : null;
  }

  private String label() {
    return "Keras op \"" + name() + "\" (" + op + ")";
  }

  private static UnaryOperator<Tensor> act(String name) {
    return x -> Activations.get(name).apply(x);
  }

  /** Whether an entry of a functional config's {@code layers} is a Keras 3 op node rather than a layer. */
  @SuppressWarnings("unchecked")
  static boolean isOp(Map<String, Object> entry, LayerRegistry registry) {
    if (entry.get("module") instanceof String m) {
      return m.startsWith("keras.src.ops");
    }
    // a Keras 3 legacy .h5 config has no module: an op's config holds neither `trainable` nor `dtype` (a layer's
    // does, InputLayer's has a dtype), its inbound node is Keras 3's {args, kwargs}, and its class is no layer or
    // it is called on several positional operands (a merge layer takes one list)
    if (!(entry.get("config") instanceof Map<?, ?> c) || c.containsKey("trainable") || c.containsKey("dtype")
        || !(entry.get("inbound_nodes") instanceof List<?> nodes) || nodes.size() != 1
        || !(nodes.get(0) instanceof Map<?, ?> node)) {
      return false;
    }
    return !registry.contains(String.valueOf(entry.get("class_name")))
        || node.get("args") instanceof List<?> args && args.size() > 1;
  }

  /** The op names this class reads, sorted. */
  static Set<String> supported() {
    Set<String> all = new TreeSet<>(BINARY.keySet());
    all.addAll(UNARY.keySet());
    all.addAll(REDUCTIONS);
    all.add("Concatenate");
    all.add("GetItem");
    return all;
  }

  /**
   * The layer of one op entry.
   *
   * @throws IllegalArgumentException naming the op if dropout4j does not read it or its config
   */
  @SuppressWarnings("unchecked")
  static KerasOpLayer of(Map<String, Object> entry) {
    List<Object> nodes = entry.get("inbound_nodes") instanceof List ? (List<Object>) entry.get("inbound_nodes")
        : List.of();
    if (nodes.size() != 1 || !(nodes.get(0) instanceof Map)) {
      throw new IllegalArgumentException("Keras op \"" + entry.get("name") + "\" (" + entry.get("class_name")
          + "): expected one inbound node {args, kwargs} (Keras 3 records one op per call), received " + nodes);
    }
    Object args = ((Map<String, Object>) nodes.get(0)).get("args");
    String op = String.valueOf(entry.get("class_name"));
    Map<String, Object> config = entry.get("config") instanceof Map ? (Map<String, Object>) entry.get("config")
        : Map.of();
    String name = config.get("name") instanceof String n ? n : String.valueOf(entry.get("name"));
    if (!supported().contains(op)) {
      throw new IllegalArgumentException("Keras op \"" + name + "\" (" + op + ", module " + entry.get("module")
          + ") is not read by dropout4j: it reads the ops " + supported() + " on symbolic tensors; write that step "
          + "with a layer instead (e.g. keras.layers.Reshape, Permute, Dot)");
    }
    for (String key : config.keySet()) {
      if (!Set.of("name", "axis", "keepdims").contains(key)) {
        throw new IllegalArgumentException("Keras op \"" + name + "\" (" + op + "): unsupported config key `" + key
            + "`=" + config.get(key));
      }
    }
    int[] axes = null;
    if (REDUCTIONS.contains(op) || op.equals("Concatenate")) {
      Object axis = config.get("axis");
      List<Object> list = axis instanceof List ? (List<Object>) axis : axis == null ? null : List.of(axis);
      if (list == null || list.isEmpty() || !list.stream().allMatch(a -> a instanceof Integer)) {
        throw new IllegalArgumentException("Keras op \"" + name + "\" (" + op + "): expected `axis` to be an integer "
            + "or a list of integers (a reduction over the batch axis is not read), received axis=" + axis);
      }
      axes = list.stream().mapToInt(a -> (Integer) a).toArray();
    }
    return new KerasOpLayer(op, name, config, axes, Boolean.TRUE.equals(config.get("keepdims")),
        args instanceof List ? (List<Object>) args : List.of(),
        entry.get("module") instanceof String m ? m : op.equals("Relu") || op.equals("Sigmoid") || op.equals("Silu")
            || op.equals("Softplus") || op.equals("Softsign") ? "keras.src.ops.nn" : "keras.src.ops.numpy");
  }

  @Override
  public String className() {
    return op;
  }

  /** Keras 3's entry of this op: {@code module}, {@code class_name}, {@code config}, {@code registered_name}. */
  Map<String, Object> envelope() {
    Map<String, Object> env = new java.util.LinkedHashMap<>();
    env.put("module", module);
    env.put("class_name", op);
    env.put("config", new java.util.LinkedHashMap<>(config));
    env.put("registered_name", op);
    return env;
  }

  /** The call's {@code args} as Keras writes them, its tensor references replaced in order by {@code tensors}. */
  Object args(List<Object> tensors) {
    java.util.Iterator<Object> next = tensors.iterator();
    return replaceTensors(args, next);
  }

  @SuppressWarnings("unchecked")
  private static Object replaceTensors(Object value, java.util.Iterator<Object> next) {
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object v : list) {
        out.add(replaceTensors(v, next));
      }
      return out;
    }
    if (value instanceof Map<?, ?> m && "__keras_tensor__".equals(m.get("class_name"))) {
      return next.next();
    }
    return value;
  }

  /**
   * Whether the op is {@code Add} or {@code Multiply} of two tensors of one shape: what the merge layer of that name
   * computes (TF.js has no op nodes, but has these layers).
   */
  boolean sameShapeMerge() {
    return (op.equals("Add") || op.equals("Multiply")) && number == null && calledOn != null
        && calledOn.size() == 2 && calledOn.get(0).equals(calledOn.get(1));
  }

  /** The Keras op config as read (name, axis, keepdims). */
  Map<String, Object> opConfig() {
    return config;
  }

  @Override
  protected void checkCallArguments(Map<String, Object> arguments) {
    if (!arguments.isEmpty()) {
      throw new IllegalArgumentException(label() + " does not take the call arguments " + arguments.keySet());
    }
  }

  @Override
  protected void validateInputs(List<Shape> shapes) {
    int want = BINARY.containsKey(op) ? (number == null ? 2 : 1) : 1;
    if (!op.equals("Concatenate") && shapes.size() != want) {
      throw new IllegalArgumentException(label() + " takes " + want + " tensor(s), received " + shapes.size());
    }
  }

  @Override
  protected void validateInput(Shape shape) {
    validateInputs(List.of(shape));
  }

  @Override
  public Shape computeOutputShape(List<Shape> shapes) {
    validateInputs(shapes);
    calledOn = List.copyOf(shapes);
    if (op.equals("Concatenate")) {
      return concatShape(shapes);
    }
    if (BINARY.containsKey(op)) {
      return shapes.size() == 1 ? shapes.get(0) : broadcast(shapes.get(0), shapes.get(1));
    }
    Shape s = shapes.get(0);
    if (key != null) {
      return KerasSlices.shape(label(), key, s);
    }
    if (REDUCTIONS.contains(op)) {
      boolean[] reduced = reducedAxes(s);
      List<Integer> dims = new ArrayList<>();
      for (int i = 0; i < s.rank(); i++) {
        if (!reduced[i]) {
          dims.add(s.dim(i));
        } else if (keepdims) {
          dims.add(1);
        }
      }
      return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    }
    return s;
  }

  @Override
  public Shape computeOutputShape(Shape shape) {
    return computeOutputShape(List.of(shape));
  }

  private int axis(int a, int rank) {
    int axis = a < 0 ? a + rank : a;
    if (axis <= 0 || axis >= rank) {
      throw new IllegalArgumentException("Keras op \"" + name() + "\" (" + op + "): axis " + a + " is the batch axis "
          + "or outside rank " + rank + " (only non-batch axes are read)");
    }
    return axis;
  }

  private boolean[] reducedAxes(Shape s) {
    boolean[] reduced = new boolean[s.rank()];
    for (int a : axes) {
      reduced[axis(a, s.rank())] = true;
    }
    return reduced;
  }

  private Shape concatShape(List<Shape> shapes) {
    int rank = shapes.get(0).rank();
    int axis = axis(axes[0], rank);
    int[] out = shapes.get(0).toArray();
    for (int k = 1; k < shapes.size(); k++) {
      Shape s = shapes.get(k);
      if (s.rank() != rank) {
        throw new IllegalArgumentException("Keras op \"" + name() + "\" (Concatenate): inputs of different ranks "
            + shapes);
      }
      for (int i = 1; i < rank; i++) {
        if (i == axis) {
          out[i] = out[i] == Shape.UNKNOWN || s.dim(i) == Shape.UNKNOWN ? Shape.UNKNOWN : out[i] + s.dim(i);
        } else if (out[i] != s.dim(i) && out[i] != Shape.UNKNOWN && s.dim(i) != Shape.UNKNOWN) {
          throw new IllegalArgumentException("Keras op \"" + name() + "\" (Concatenate): shapes " + shapes
              + " differ on axis " + i);
        }
      }
    }
    return Shape.of(out);
  }

  /** NumPy broadcasting: the lower rank padded with 1 on the left, then equal sizes or one of them 1. */
  private Shape broadcast(Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    int[] x = leftPadded(a, rank).toArray();
    int[] y = leftPadded(b, rank).toArray();
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      if (x[i] == y[i] || y[i] == 1) {
        out[i] = x[i];
      } else if (x[i] == 1) {
        out[i] = y[i];
      } else if (x[i] == Shape.UNKNOWN || y[i] == Shape.UNKNOWN) {
        out[i] = x[i] == Shape.UNKNOWN ? y[i] : x[i];
      } else {
        throw new IllegalArgumentException("Keras op \"" + name() + "\" (" + op + "): operands of shapes " + a + " and "
            + b + " do not broadcast (dimension " + i + ": " + x[i] + " vs " + y[i] + ")");
      }
    }
    return Shape.of(out);
  }

  private static Shape leftPadded(Shape s, int rank) {
    int[] d = new int[rank];
    int extra = rank - s.rank();
    for (int i = 0; i < rank; i++) {
      d[i] = i < extra ? 1 : s.dim(i - extra);
    }
    return Shape.of(d);
  }

  @Override
  public Tensor call(List<Tensor> inputs, Map<String, Object> arguments, CallContext context) {
    return compute(inputs).withMask(null); // Keras' ops carry no mask
  }

  @Override
  public Tensor call(List<Tensor> inputs, CallContext context) {
    return call(inputs, Map.of(), context);
  }

  @Override
  protected Tensor forward(Tensor input, CallContext context) {
    return compute(List.of(input));
  }

  private Tensor compute(List<Tensor> inputs) {
    if (op.equals("Concatenate")) {
      return MergeOps.concat(inputs, axis(axes[0], inputs.get(0).rank()));
    }
    if (BINARY.containsKey(op)) {
      Tensor a = inputs.get(0);
      Tensor b = inputs.size() == 2 ? inputs.get(1) : constant(number, a.rank());
      if (numberFirst) {
        Tensor t = a;
        a = b;
        b = t;
      }
      int rank = Math.max(a.rank(), b.rank());
      return BINARY.get(op).apply(Ops.reshape(a, leftPadded(a.shape(), rank).toArray()),
          Ops.reshape(b, leftPadded(b.shape(), rank).toArray()));
    }
    Tensor x = inputs.get(0);
    if (key != null) {
      return KerasSlices.apply(key, x);
    }
    if (REDUCTIONS.contains(op)) {
      boolean[] reduced = reducedAxes(x.shape());
      for (int i = x.rank() - 1; i > 0; i--) { // from the last axis, so that the indices of the others stay put
        if (reduced[i]) {
          x = op.equals("Mean") ? Ops.mean(x, i, keepdims) : Ops.sum(x, i, keepdims);
        }
      }
      return x;
    }
    return UNARY.get(op).apply(x);
  }

  /**
   * Keras' {@code equal}/{@code not_equal}: 1 where the (broadcast) operands are equal (or differ), else 0; a boolean
   * result, constant (no gradient), as Keras' masks such as {@code not_equal(ids, 0)} are.
   */
  private static Tensor compare(Tensor a, Tensor b, boolean equal) {
    Tensor d = Ops.sub(a.detach(), b.detach());
    float[] v = d.toArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = (v[i] == 0f) == equal ? 1f : 0f;
    }
    return Tensor.of(d.shape(), v);
  }

  /** A number as a tensor of {@code rank} axes of size 1, broadcast against the other operand. */
  private static Tensor constant(float n, int rank) {
    int[] ones = new int[rank];
    java.util.Arrays.fill(ones, 1);
    return Tensor.of(Shape.of(ones), n);
  }

  @Override
  protected void addConfig(Map<String, Object> out) {
    for (Map.Entry<String, Object> e : config.entrySet()) {
      if (!e.getKey().equals("name")) {
        out.put(e.getKey(), e.getValue());
      }
    }
  }
}
