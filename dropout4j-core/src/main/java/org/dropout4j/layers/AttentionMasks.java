package org.dropout4j.layers;

import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * The shared pieces of the attention layers: the {@code use_causal_mask} call argument and the position masks
 * (which key position each query position may attend to), as {@code (Tq, Tv)} row-major boolean patterns.
 */
final class AttentionMasks {
  /** The call argument that masks future positions. */
  static final String USE_CAUSAL_MASK = "use_causal_mask";
  /** The call argument asking for the scores as a second output (only {@code false} is supported). */
  static final String RETURN_ATTENTION_SCORES = "return_attention_scores";
  /** MultiHeadAttention's mask tensor {@code (B, T, S)}: which key each query position may attend to. */
  static final String ATTENTION_MASK = "attention_mask";

  private AttentionMasks() {
  }

  /**
   * Checks an attention layer's call arguments: {@code use_causal_mask} (a boolean),
   * {@code return_attention_scores} (false only: the layers return one tensor) and, where the layer takes one
   * ({@code takesAttentionMask}), {@code attention_mask}.
   *
   * @throws IllegalArgumentException naming the layer and the argument
   */
  static void check(Layer layer, Map<String, Object> arguments, boolean takesAttentionMask) {
    String owner = "Layer \"" + (layer.name() != null ? layer.name() : layer.className()) + "\" ("
        + layer.className() + ")";
    for (Map.Entry<String, Object> e : arguments.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      if (key.equals(USE_CAUSAL_MASK)) {
        if (!(v instanceof Boolean)) {
          throw new IllegalArgumentException(owner + ": invalid value for call argument `use_causal_mask`, expected "
              + "true or false, received use_causal_mask=" + v);
        }
      } else if (key.equals(RETURN_ATTENTION_SCORES)) {
        if (!Boolean.FALSE.equals(v)) {
          throw new IllegalArgumentException(owner + ": unsupported value for call argument "
              + "`return_attention_scores`: dropout4j's attention layers return one tensor, received "
              + "return_attention_scores=" + v);
        }
      } else if (key.equals(ATTENTION_MASK) && takesAttentionMask) {
        throw new IllegalArgumentException(owner + ": the attention mask is a tensor, pass it as the fourth input "
            + "[query, value, key, attention_mask] (key may be the value), not as the argument attention_mask=" + v);
      } else {
        throw new IllegalArgumentException(owner + " does not take the call argument `" + key + "`; its call "
            + "arguments are `training`, `use_causal_mask` and `return_attention_scores` (false)"
            + (takesAttentionMask ? ", and the attention mask as a fourth input" : ""));
      }
    }
  }

  /** Checks an attention layer's call inputs and builds it on them if it is not built yet. */
  static void prepare(Layer layer, List<Tensor> inputs) {
    List<Shape> shapes = inputs.stream().map(Tensor::shape).toList();
    layer.validateInputs(shapes);
    if (!layer.built()) {
      layer.build(shapes, org.dropout4j.random.RngKey.of(0));
    }
  }

  /** Whether two sizes agree, an unknown size agreeing with any. */
  static boolean sameDim(int a, int b) {
    return a == Shape.UNKNOWN || b == Shape.UNKNOWN || a == b;
  }

  /** Whether a call asked for the causal mask. */
  static boolean causal(Map<String, Object> arguments) {
    return Boolean.TRUE.equals(arguments.get(USE_CAUSAL_MASK));
  }

  /**
   * The positions query {@code i} may attend to, or {@code null} for all: Keras' causal mask ({@code j <= i},
   * lower triangular also when {@code Tq != Tv}) and, with {@code slidingWindow > 0}, the band
   * {@code |i - j| < slidingWindow}, combined with a logical and.
   *
   * @param slidingWindow the band's width, or 0 for none
   */
  static boolean[] allowed(int tq, int tv, boolean causal, int slidingWindow) {
    if (!causal && slidingWindow <= 0) {
      return null;
    }
    boolean[] a = new boolean[tq * tv];
    for (int i = 0; i < tq; i++) {
      for (int j = 0; j < tv; j++) {
        a[i * tv + j] = (!causal || j <= i) && (slidingWindow <= 0 || Math.abs(i - j) < slidingWindow);
      }
    }
    return a;
  }

  /**
   * The allowed positions with Keras masks: query {@code i} of sample {@code b} may attend to key {@code j} if
   * {@link #allowed(int, int, boolean, int)} allows it, {@code valueMask[b, j]} (and {@code keyMask[b, j]}) keep
   * {@code j}, if {@code queryMask} is given it keeps {@code i}, and if {@code attentionMask} is given it is
   * nonzero at {@code (b, i, j)} (Keras' {@code attention_mask}, see {@link #attentionMaskDims}); the pattern is
   * repeated for {@code heads} heads of each sample ({@code (batch, heads, Tq, Tv)} row-major). {@code null} if
   * nothing is masked.
   *
   * @throws IllegalArgumentException naming the layer if a mask is not {@code (batch, T)} of its input, or the
   *     attention mask does not broadcast to {@code (batch, heads, Tq, Tv)}
   */
  static boolean[] allowed(Layer layer, int batch, int heads, int tq, int tv, Tensor queryMask, Tensor valueMask,
      Tensor keyMask, Tensor attentionMask, boolean causal, int slidingWindow) {
    boolean[] pattern = allowed(tq, tv, causal, slidingWindow);
    if (queryMask == null && valueMask == null && keyMask == null && attentionMask == null) {
      return pattern;
    }
    float[] qm = maskValues(layer, "query", queryMask, batch, tq);
    float[] vm = maskValues(layer, "value", valueMask, batch, tv);
    float[] km = maskValues(layer, "key", keyMask, batch, tv);
    int[] md = attentionMask == null ? null : attentionMaskDims(layer, attentionMask.shape(), batch, heads, tq, tv);
    float[] am = attentionMask == null ? null : attentionMask.toArray();
    boolean[] a = new boolean[batch * heads * tq * tv];
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < tq; i++) {
          int o = ((b * heads + h) * tq + i) * tv;
          boolean q = qm == null || qm[b * tq + i] != 0f;
          for (int j = 0; j < tv; j++) {
            a[o + j] = q && (pattern == null || pattern[i * tv + j]) && (vm == null || vm[b * tv + j] != 0f)
                && (km == null || km[b * tv + j] != 0f) && (am == null || am[at(md, b, h, i, j)] != 0f);
          }
        }
      }
    }
    return a;
  }

  /**
   * The attention mask's shape as {@code (batch, heads, Tq, Tv)}, each 1 (broadcast) or the full size: Keras 3.15
   * inserts the heads axis into a {@code (B, T, S)} mask and takes a {@code (B, N, T, S)} mask as it is.
   *
   * @throws IllegalArgumentException naming the layer, the expected and the received shape
   */
  static int[] attentionMaskDims(Layer layer, Shape mask, int batch, int heads, int tq, int tv) {
    int[] want = {batch, heads, tq, tv};
    int[] dims = mask.rank() == 3 ? new int[] {mask.dim(0), 1, mask.dim(1), mask.dim(2)}
        : mask.rank() == 4 ? mask.toArray() : null;
    boolean ok = dims != null;
    for (int i = 0; ok && i < 4; i++) {
      ok = dims[i] == 1 || dims[i] == want[i] || dims[i] == Shape.UNKNOWN || want[i] == Shape.UNKNOWN;
    }
    if (!ok) {
      throw new IllegalArgumentException("Layer \"" + layer.name() + "\" (" + layer.className() + "): the "
          + "attention_mask must be (batch, T, S) or (batch, num_heads, T, S) with T = " + tq + " query and S = " + tv
          + " key positions (each axis may be 1 to broadcast), received an attention_mask of shape " + mask);
    }
    return dims;
  }

  private static int at(int[] dims, int b, int h, int i, int j) {
    int[] index = {b, h, i, j};
    int at = 0;
    for (int k = 0; k < 4; k++) {
      at = at * dims[k] + (dims[k] == 1 ? 0 : index[k]);
    }
    return at;
  }

  /** The values of a {@code (batch, steps)} mask, or {@code null}; refuses another shape naming the layer. */
  static float[] maskValues(Layer layer, String input, Tensor mask, int batch, int steps) {
    if (mask == null) {
      return null;
    }
    if (!mask.shape().equals(Shape.of(batch, steps))) {
      throw new IllegalArgumentException("Layer \"" + layer.name() + "\" (" + layer.className() + "): the mask of "
          + "the " + input + " must be (batch, timesteps) = (" + batch + ", " + steps + "), received a mask of shape "
          + mask.shape());
    }
    return mask.toArray();
  }
}
