package org.dropout4j.layers;

import static org.dropout4j.tensor.GradientCheck.leaf;
import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused backward through time of SimpleRNN, GRU and LSTM against finite differences ({@link GradientCheck}),
 * with respect to the input and every weight, on batch 2, 3 steps, 4 features, 3 units; weights are random (biases
 * included) so every term of the backward is exercised. With dropout the context's key is fixed, so the masks are
 * fixed and the layer is a smooth function.
 */
class RecurrentGradientTest {
  private static final CallContext TRAINING = CallContext.training(RngKey.of(7), 3);

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    String[] kinds = {"SimpleRNN", "GRU", "GRU(reset_after=False)", "LSTM"};
    for (String kind : kinds) {
      out.add(Arguments.of(kind, false, false, 0f, 0f));
      out.add(Arguments.of(kind, true, false, 0f, 0f));
      out.add(Arguments.of(kind, true, true, 0f, 0f));
      out.add(Arguments.of(kind, false, true, 0f, 0f));
      out.add(Arguments.of(kind, false, false, 0.4f, 0f)); // one input mask
      out.add(Arguments.of(kind, true, false, 0.4f, 0.4f)); // per-gate masks (GRU, LSTM)
      out.add(Arguments.of(kind, true, true, 0f, 0.5f));
    }
    return out.stream();
  }

  static RecurrentLayer layer(String kind, boolean sequences, boolean backwards, float dropout, float recurrent) {
    RecurrentLayer.Builder<?> b;
    switch (kind) {
      case "SimpleRNN":
        b = SimpleRNN.builder(3);
        break;
      case "GRU":
        b = GRU.builder(3);
        break;
      case "GRU(reset_after=False)":
        b = GRU.builder(3).resetAfter(false);
        break;
      default:
        b = LSTM.builder(3);
    }
    return b.returnSequences(sequences).goBackwards(backwards).dropout(dropout).recurrentDropout(recurrent)
        .build();
  }

  /** Builds the layer and gives every weight random values in [-0.8, 0.8). */
  static void randomWeights(Layer layer, Tensor input) {
    layer.build(input.shape(), RngKey.of(1));
    long seed = 100;
    for (Parameter p : layer.weights()) {
      p.assign(uniform(seed++, -0.8f, 0.8f, p.shape().toArray()));
    }
  }

  private static void check(String label, Layer layer, Tensor x, Supplier<Tensor> forward) {
    List<GradientCheck.Leaf> leaves = new ArrayList<>();
    leaves.add(leaf("x", x));
    for (Parameter p : layer.weights()) {
      leaves.add(leaf(p));
    }
    GradientCheck.check(label, GradientCheck.H, forward, leaves);
  }

  @ParameterizedTest(name = "{0} return_sequences={1} go_backwards={2} dropout={3} recurrent_dropout={4}")
  @MethodSource("cases")
  void gradient_matchesFiniteDifferences(String kind, boolean sequences, boolean backwards, float dropout,
      float recurrent) {
    RecurrentLayer layer = layer(kind, sequences, backwards, dropout, recurrent);
    Tensor input = uniform(11, -1f, 1f, 2, 3, 4);
    randomWeights(layer, input);
    Tensor x = Tensor.variable(input.shape(), input.toArray());
    check(kind, layer, x, () -> layer.call(x, TRAINING));
  }

  @Test
  void lstmStates_gradientMatchesFiniteDifferences() {
    RecurrentLayer layer = LSTM.builder(3).returnSequences(true).returnState(true).dropout(0.3f)
        .recurrentDropout(0.3f).build();
    Tensor input = uniform(12, -1f, 1f, 2, 3, 4);
    randomWeights(layer, input);
    Tensor x = Tensor.variable(input.shape(), input.toArray());
    check("LSTM states", layer, x, () -> weightedStates(layer.callWithStates(x, TRAINING)));
  }

  @Test
  void gruStates_gradientMatchesFiniteDifferences() {
    RecurrentLayer layer = GRU.builder(3).goBackwards(true).build();
    Tensor input = uniform(13, -1f, 1f, 2, 3, 4);
    randomWeights(layer, input);
    Tensor x = Tensor.variable(input.shape(), input.toArray());
    List<Tensor> states = layer.callWithStates(x, TRAINING);
    assertEquals(2, states.size(), "GRU returns output and h");
    check("GRU states", layer, x, () -> weightedStates(layer.callWithStates(x, TRAINING)));
  }

  /** A scalar mixing every returned tensor with different weights, so each one's gradient path counts. */
  private static Tensor weightedStates(List<Tensor> outs) {
    Tensor total = null;
    for (int i = 0; i < outs.size(); i++) {
      Tensor o = outs.get(i);
      Tensor w = uniform(200 + i, -1.5f, 1.5f, o.shape().toArray());
      Tensor term = Ops.sum(Ops.mul(o, w));
      total = total == null ? term : Ops.add(total, term);
    }
    return Ops.reshape(total, 1);
  }

  @Test
  void embedding_gradientScatterAddsIntoUsedRows() {
    Embedding emb = new Embedding(5, 3);
    Tensor ids = Tensor.of(org.dropout4j.tensor.Shape.of(2, 3), 1, 4, 1, 0, 4, 4);
    emb.build(ids.shape(), RngKey.of(2));
    List<GradientCheck.Leaf> leaves = List.of(leaf(emb.weights().get(0)));
    GradientCheck.check("Embedding", GradientCheck.H, () -> emb.call(ids, TRAINING), leaves);
    // and row 2 and 3, never looked up, get no gradient
    Parameter table = emb.weights().get(0);
    table.zeroGrad();
    Ops.sum(emb.call(ids, TRAINING)).backward();
    float[] g = table.gradData();
    assertEquals(0f, g[2 * 3] + g[3 * 3], "unused rows");
    assertEquals(3f, g[4 * 3], "id 4 used three times");
  }
}
