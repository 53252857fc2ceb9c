package org.dropout4j.models;

import org.dropout4j.internal.FastPathHooks;
import org.dropout4j.layers.Dense;
import org.dropout4j.tensor.Ops;

/**
 * What a Dense or Activation layer that a row plan ({@link InferencePlan}, {@link McDenseStack}) runs applies to
 * its rows, in place, with the generic layer's arithmetic: a fused activation elementwise, or softmax over each row.
 */
final class RowActivation {
  final Ops.FusedActivation fused;

  private RowActivation(Ops.FusedActivation fused) {
    this.fused = fused;
  }

  /** Softmax over each row (no fused form). */
  boolean softmax() {
    return fused == null;
  }

  /** The activation of a Keras activation name that a plan applies in place, or {@code null}. */
  static RowActivation named(Object name) {
    if ("softmax".equals(name)) {
      return new RowActivation(null);
    }
    Ops.FusedActivation f = name instanceof String ? Ops.FusedActivation.forName((String) name) : null;
    return f == null ? null : new RowActivation(f);
  }

  /** A Dense layer's activation in the form its generic call uses, or {@code null}. */
  static RowActivation of(Dense d) {
    Ops.FusedActivation f = FastPathHooks.layers().fusedActivation(d);
    return f != null ? new RowActivation(f) : named(d.getConfig().get("activation"));
  }

  /** Applies the activation to the first {@code rows} rows of {@code width} values. */
  void applyInPlace(float[] values, int rows, int width) {
    applyToRows(values, 0, rows, width);
  }

  /** Applies the activation to rows {@code [from, to)} of {@code width} values (row {@code r} at {@code r * width}). */
  void applyToRows(float[] values, int from, int to, int width) {
    if (fused == null) {
      Ops.softmaxRowsInPlace(values, from, to, width);
    } else {
      fused.applyInPlace(values, from * width, to * width);
    }
  }
}
