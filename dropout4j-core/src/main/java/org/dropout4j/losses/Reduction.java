package org.dropout4j.losses;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * How a loss turns per-sample values into what it returns, as Keras' {@code reduction} argument (Keras'
 * {@code reduce_weighted_values}): the values are first multiplied by the sample weights (if any), then
 * <ul>
 *   <li>{@code sum_over_batch_size} (the default) and {@code mean}: the sum divided by the number of values
 *       (not by the sum of the weights);</li>
 *   <li>{@code mean_with_sample_weight}: the sum divided by the sum of the weights (by the number of values when
 *       there are none);</li>
 *   <li>{@code sum}: the sum;</li>
 *   <li>{@code none}: the weighted per-sample values, unreduced.</li>
 * </ul>
 * A division by zero gives 0 (Keras' {@code divide_no_nan}).
 */
public enum Reduction {
  /** Sum divided by the number of per-sample values (Keras' default). */
  SUM_OVER_BATCH_SIZE("sum_over_batch_size"),
  /** The same as {@link #SUM_OVER_BATCH_SIZE}. */
  MEAN("mean"),
  /** Sum divided by the sum of the sample weights. */
  MEAN_WITH_SAMPLE_WEIGHT("mean_with_sample_weight"),
  /** The sum. */
  SUM("sum"),
  /** No reduction: the per-sample values. */
  NONE("none");

  private final String kerasName;

  Reduction(String kerasName) {
    this.kerasName = kerasName;
  }

  /** The Keras spelling, e.g. {@code sum_over_batch_size}. */
  public String kerasName() {
    return kerasName;
  }

  /**
   * The reduction with a Keras name ({@code null} means {@code none}, as in Keras).
   *
   * @throws IllegalArgumentException for another name; the message lists the allowed ones
   */
  public static Reduction of(String name) {
    if (name == null) {
      return NONE;
    }
    for (Reduction r : values()) {
      if (r.kerasName.equals(name)) {
        return r;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (Reduction r : values()) {
      allowed.add(r.kerasName);
    }
    throw new IllegalArgumentException("Invalid value for argument `reduction`: expected one of " + allowed
        + ", received reduction=" + name);
  }

  /**
   * Weights and reduces per-sample loss values.
   *
   * @param values per-sample losses, e.g. shape {@code (batch,)}
   * @param sampleWeight {@code null}, or weights of the values' shape; a trailing axis of 1 on either side is
   *     squeezed as Keras does ({@code squeeze_or_expand_to_same_rank})
   * @throws IllegalArgumentException if the weights do not broadcast against the values
   */
  public Tensor reduce(Tensor values, Tensor sampleWeight) {
    Tensor v = values;
    Tensor w = sampleWeight;
    if (w != null) {
      if (v.rank() == w.rank() + 1 && v.shape().dim(-1) == 1) {
        w = w.rank() == 1 ? Ops.reshape(w, w.size(), 1) : w;
        if (w.rank() != v.rank()) {
          v = squeezeLast(v);
        }
      } else if (w.rank() == v.rank() + 1 && w.shape().dim(-1) == 1) {
        w = v.rank() == 1 ? w : squeezeLast(w);
        if (v.rank() == 1) {
          v = Ops.reshape(v, v.size(), 1);
        }
      }
      if (v.rank() > 0 && w.rank() > 0 && v.rank() != w.rank()) {
        throw new IllegalArgumentException("sample_weight of shape " + sampleWeight.shape()
            + " does not match per-sample losses of shape " + values.shape());
      }
      v = Ops.mul(v, w);
    }
    if (this == NONE || v.rank() == 0 || v.size() == 0) {
      return v;
    }
    Tensor sum = Ops.sum(v);
    if (this == SUM) {
      return sum;
    }
    float divisor = this == MEAN_WITH_SAMPLE_WEIGHT && w != null ? Ops.sum(w).item() : v.size();
    return divisor == 0f ? Ops.mulScalar(sum, 0f) : Ops.mulScalar(sum, 1f / divisor);
  }

  private static Tensor squeezeLast(Tensor t) {
    int[] dims = t.shape().toArray();
    int[] out = new int[dims.length - 1];
    System.arraycopy(dims, 0, out, 0, out.length);
    return Ops.reshape(t, out);
  }
}
