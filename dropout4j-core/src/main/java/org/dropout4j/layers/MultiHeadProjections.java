package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.layers.initializers.Initializer;
import org.dropout4j.tensor.AttentionOps;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The EinsumDense projections of {@link MultiHeadAttention}, as Keras 3.15 builds them: {@code query} and
 * {@code key} (kernels {@code (d, num_heads, key_dim)}), with {@code use_gate} a {@code gate} of the query
 * (kernel {@code (dq, num_heads, value_dim)}, sigmoid), {@code value} (kernel {@code (dv, num_heads, value_dim)}),
 * each with a bias {@code (num_heads, width)} when {@code use_bias}, and {@code attention_output} (kernel
 * {@code (num_heads, value_dim, *output_shape)}, bias {@code output_shape}). The weights are in Keras' order:
 * query, key, gate, value, attention_output, kernel before bias.
 */
final class MultiHeadProjections {
  /** Keras' sub-layer names, which prefix the weight names. */
  static final String QUERY = "query";
  static final String KEY = "key";
  static final String GATE = "gate";
  static final String VALUE = "value";
  static final String OUTPUT = "attention_output";

  private final int numHeads;
  private final int keyDim;
  private final int valueDim;
  private final boolean useBias;
  private final boolean useGate;
  private final int[] outputShape;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private final WeightRules rules;

  /**
   * @param outputShape the output's trailing shape, or {@code null} for the query's last axis
   */
  MultiHeadProjections(int numHeads, int keyDim, int valueDim, boolean useBias, boolean useGate, int[] outputShape,
      Initializer kernelInitializer, Initializer biasInitializer, WeightRules rules) {
    this.rules = rules;
    this.numHeads = numHeads;
    this.keyDim = keyDim;
    this.valueDim = valueDim;
    this.useBias = useBias;
    this.useGate = useGate;
    this.outputShape = outputShape;
    this.kernelInitializer = kernelInitializer;
    this.biasInitializer = biasInitializer;
  }

  /** The sub-layers in Keras' weight order (with {@code use_gate}, {@code gate} after {@code key}). */
  List<String> names() {
    return useGate ? List.of(QUERY, KEY, GATE, VALUE, OUTPUT) : List.of(QUERY, KEY, VALUE, OUTPUT);
  }

  /** The output's trailing shape for a query with last axis {@code queryDim}. */
  int[] outputShape(int queryDim) {
    return outputShape == null ? new int[] {queryDim} : outputShape.clone();
  }

  /** The weights for query, value and key of these shapes, in Keras' order. */
  List<Parameter> create(Shape query, Shape value, Shape key, WeightFactory factory) {
    List<Parameter> w = new ArrayList<>();
    projection(w, factory, QUERY, query.dim(-1), keyDim);
    projection(w, factory, KEY, key.dim(-1), keyDim);
    if (useGate) {
      projection(w, factory, GATE, query.dim(-1), valueDim);
    }
    projection(w, factory, VALUE, value.dim(-1), valueDim);
    int[] out = outputShape(query.dim(-1));
    int[] kernel = new int[2 + out.length];
    kernel[0] = numHeads;
    kernel[1] = valueDim;
    System.arraycopy(out, 0, kernel, 2, out.length);
    w.add(factory.create(OUTPUT + "/kernel", Shape.of(kernel), kernelInitializer, true));
    if (useBias) {
      w.add(factory.create(OUTPUT + "/bias", Shape.of(out), biasInitializer, true));
    }
    return w;
  }

  private void projection(List<Parameter> w, WeightFactory factory, String name, int in, int width) {
    w.add(factory.create(name + "/kernel", Shape.of(in, numHeads, width), kernelInitializer, true));
    if (useBias) {
      w.add(factory.create(name + "/bias", Shape.of(numHeads, width), biasInitializer, true));
    }
  }

  /**
   * One projection split into heads: {@code x} of {@code groups * t} rows of its last axis to
   * {@code (groups * heads, t, width)}.
   */
  Tensor heads(String name, List<Parameter> weights, Tensor x, int groups, int t, CallContext context) {
    int width = name.equals(KEY) || name.equals(QUERY) ? keyDim : valueDim;
    Tensor projected = project(name, weights, x, groups * t, Ops.FusedActivation.LINEAR, context);
    rules.addActivityLosses(projected, x.shape().dim(0), context);
    Tensor split = AttentionOps.swapMiddleAxes(Ops.reshape(projected, groups, t, numHeads, width));
    return Ops.reshape(split, groups * numHeads, t, width);
  }

  /**
   * The heads' attended values {@code (groups * heads, tq, value_dim)} merged per query position, gated by
   * {@code sigmoid(query · Wg + bg)} with {@code use_gate}, through the output projection: {@code (groups * tq,
   * prod(output_shape))}.
   */
  Tensor output(List<Parameter> weights, Tensor attended, Tensor query, int groups, int tq, CallContext context) {
    Tensor merged = AttentionOps.swapMiddleAxes(Ops.reshape(attended, groups, numHeads, tq, valueDim));
    Tensor flat = Ops.reshape(merged, groups * tq, numHeads * valueDim);
    int batch = query.shape().dim(0);
    if (useGate) {
      Tensor gate = project(GATE, weights, query, groups * tq, Ops.FusedActivation.SIGMOID, context);
      rules.addActivityLosses(gate, batch, context);
      flat = Ops.mul(flat, gate);
    }
    Tensor out = project(OUTPUT, weights, flat, groups * tq, Ops.FusedActivation.LINEAR, context);
    rules.addActivityLosses(out, batch, context);
    return out;
  }

  /** {@code rows} rows of {@code x}'s trailing features through one sub-layer's kernel and bias. */
  private Tensor project(String name, List<Parameter> weights, Tensor x, int rows, Ops.FusedActivation activation,
      CallContext context) {
    int at = names().indexOf(name) * (useBias ? 2 : 1);
    Tensor kernel = context.read(weights.get(at));
    int in = x.size() / rows;
    int out = kernel.size() / in;
    Tensor bias = useBias ? Ops.reshape(context.read(weights.get(at + 1)), out) : null;
    return Ops.dense(Ops.reshape(x, rows, in), Ops.reshape(kernel, in, out), bias, activation);
  }
}
