package org.dropout4j.layers.regularizers;

import org.dropout4j.internal.Guards;
import org.dropout4j.layers.KerasObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * A weight penalty added to the loss: {@code l1 * sum(|w|) + l2 * sum(w^2)}, Keras' {@code L1}, {@code L2} and
 * {@code L1L2}. Immutable.
 *
 * <pre>{@code
 * Dense.builder(64).kernelRegularizer(Regularizer.l2(1e-4)).build();
 * }</pre>
 */
public final class Regularizer implements KerasObject {
  /** Keras' default factor for {@code L1()} and {@code L2()}. */
  public static final float DEFAULT_FACTOR = 0.01f;

  private final float l1;
  private final float l2;
  private final String className;

  private Regularizer(String className, float l1, float l2) {
    check("l1", l1);
    check("l2", l2);
    this.className = className;
    this.l1 = l1;
    this.l2 = l2;
  }

  private static void check(String arg, float v) {
    Guards.argument(v >= 0f && !Float.isInfinite(v), null, arg, "a finite float >= 0", v);
  }

  /** {@code l1 * sum(|w|)}. */
  public static Regularizer l1(float l1) {
    return new Regularizer("L1", l1, 0f);
  }

  /** {@code l2 * sum(w^2)}. */
  public static Regularizer l2(float l2) {
    return new Regularizer("L2", 0f, l2);
  }

  /** {@code l1 * sum(|w|) + l2 * sum(w^2)}. */
  public static Regularizer l1l2(float l1, float l2) {
    return new Regularizer("L1L2", l1, l2);
  }

  /** The penalty of {@code w}, differentiable. */
  public Tensor penalty(Tensor w) {
    Tensor p = null;
    if (l1 != 0f) {
      p = Ops.mulScalar(Ops.sum(Ops.abs(w)), l1);
    }
    if (l2 != 0f) {
      Tensor q = Ops.mulScalar(Ops.sum(Ops.square(w)), l2);
      p = p == null ? q : Ops.add(p, q);
    }
    return p == null ? Tensor.scalar(0f) : p;
  }

  /** The Keras class name: {@code L1}, {@code L2} or {@code L1L2}. */
  @Override
  public String className() {
    return className;
  }

  /** The Keras config. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    if (!className.equals("L2")) {
      c.put("l1", (double) l1); // Keras keeps the factor as float32
    }
    if (!className.equals("L1")) {
      c.put("l2", (double) l2);
    }
    return c;
  }
}
