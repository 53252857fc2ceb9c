package org.dropout4j.layers;

import static org.dropout4j.tensor.GradientCheck.leaf;
import static org.dropout4j.tensor.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.GradientCheck;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * MultiHeadAttention's autodiff against finite differences ({@link GradientCheck}) with respect to query, value,
 * key and every weight, with {@code use_gate} and an {@code attention_mask} (the fourth input) that leaves one
 * query row nothing to attend to, in a training call with a fixed key: the attention-probability dropout draws the
 * same mask in every evaluation, so the finite differences see the function autodiff differentiates.
 */
class MultiHeadAttentionGradientTest {
  private static final CallContext TRAINING = CallContext.training(RngKey.of(5), 0);

  /** (2, 4, 4): sample 0's query 2 may attend to nothing; otherwise a fixed pattern with every row non-empty. */
  private static Tensor attentionMask() {
    float[] m = new float[2 * 4 * 4];
    for (int i = 0; i < m.length; i++) {
      m[i] = (i * 5 + i / 7) % 3 == 0 ? 0f : 1f;
    }
    Arrays.fill(m, 2 * 4, 3 * 4, 0f);
    return Tensor.of(Shape.of(2, 4, 4), m);
  }

  private static void check(String label, MultiHeadAttention mha, Map<String, Object> arguments) {
    Tensor q = Tensor.variable(Shape.of(2, 4, 3), uniform(41, -1f, 1f, 2, 4, 3).toArray());
    Tensor v = Tensor.variable(Shape.of(2, 4, 5), uniform(42, -1f, 1f, 2, 4, 5).toArray());
    Tensor k = Tensor.variable(Shape.of(2, 4, 2), uniform(43, -1f, 1f, 2, 4, 2).toArray());
    List<Tensor> inputs = List.of(q, v, k, attentionMask());
    mha.call(inputs, arguments, TRAINING); // builds
    List<GradientCheck.Leaf> leaves = new ArrayList<>(List.of(leaf("query", q), leaf("value", v), leaf("key", k)));
    for (Parameter p : mha.weights()) {
      leaves.add(leaf(p));
    }
    GradientCheck.check(label, GradientCheck.H, () -> mha.call(inputs, arguments, TRAINING), leaves);
  }

  @Test
  void gated_attention_with_an_attention_mask_gradient_matches_finite_differences() {
    MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).valueDim(2).useGate(true).outputShape(4).build();
    check("MultiHeadAttention(use_gate, attention_mask)", mha, Map.of());
    assertEquals(10, mha.weights().size(), "query, key, gate, value, attention_output: kernel and bias each");
  }

  @Test
  void masked_attention_with_dropout_and_the_causal_mask_gradient_matches_finite_differences() {
    MultiHeadAttention mha = MultiHeadAttention.builder(2, 2).dropout(0.3f).useGate(true).useBias(false).build();
    check("MultiHeadAttention(dropout, use_gate, attention_mask, causal)", mha, Map.of("use_causal_mask", true));
  }

  @Test
  void the_attention_mask_changes_the_output_and_a_row_with_nothing_allowed_attends_uniformly() {
    MultiHeadAttention mha = MultiHeadAttention.builder(1, 2).useBias(false).build();
    Tensor x = uniform(44, -1f, 1f, 2, 4, 3);
    Tensor plain = mha.call(List.of(x, x), CallContext.inference());
    Tensor masked = mha.call(List.of(x, x, x, attentionMask()), Map.of(), CallContext.inference());
    assertFalse(Arrays.equals(plain.toArray(), masked.toArray()), "the attention mask hides keys");
    // Keras' fused path (rank 3, dropout 0): a row with nothing allowed attends uniformly, as if unmasked over a
    // constant score; compare with the same row under an all-true mask and equal scores (a zero query kernel)
    mha.weights().get(0).assign(Tensor.of(mha.weights().get(0).shape(), new float[mha.weights().get(0).size()]));
    Tensor uniform = mha.call(List.of(x, x), CallContext.inference());
    Tensor empty = mha.call(List.of(x, x, x, attentionMask()), Map.of(), CallContext.inference());
    for (int j = 0; j < 3; j++) {
      assertEquals(uniform.get(2 * 3 + j), empty.get(2 * 3 + j), 1e-6, "sample 0, query 2, feature " + j);
    }
  }
}
