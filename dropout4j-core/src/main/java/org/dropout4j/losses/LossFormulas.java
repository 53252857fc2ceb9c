package org.dropout4j.losses;

import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Pointwise;
import org.dropout4j.tensor.Tensor;

/**
 * Keras 3's per-sample loss formulas (keras/src/losses/losses.py) beyond the cross-entropies, on aligned targets
 * and predictions; each averages (or sums, where Keras does) over the last axis.
 */
final class LossFormulas {
  private static final float EPSILON = Losses.EPSILON;
  private static final float LOG2 = (float) Math.log(2.0);

  private LossFormulas() {
  }

  /** {@code mean(|y - p|)}. */
  static Tensor meanAbsoluteError(Tensor y, Tensor p) {
    return Ops.mean(Ops.abs(Ops.sub(y, p)), -1, false);
  }

  /** {@code 100 * mean(|(y - p) / max(|y|, eps)|)}. */
  static Tensor meanAbsolutePercentageError(Tensor y, Tensor p) {
    Tensor denominator = Pointwise.unary(y, v -> Math.max(Math.abs(v), EPSILON), v -> 0f);
    return Ops.mulScalar(Ops.mean(Ops.abs(Ops.div(Ops.sub(y, p), denominator)), -1, false), 100f);
  }

  /** {@code mean((log(max(p, eps) + 1) - log(max(y, eps) + 1))^2)}. */
  static Tensor meanSquaredLogarithmicError(Tensor y, Tensor p) {
    Tensor first = Ops.log(Ops.addScalar(Pointwise.unary(p, v -> Math.max(v, EPSILON), v -> v >= EPSILON ? 1f : 0f),
        1f));
    Tensor second = Ops.log(Ops.addScalar(Pointwise.unary(y, v -> Math.max(v, EPSILON), v -> 0f), 1f));
    return Ops.mean(Ops.square(Ops.sub(first, second)), -1, false);
  }

  /** Huber: {@code 0.5 e^2} where {@code |e| <= delta}, else {@code delta |e| - 0.5 delta^2}, with {@code e = p - y}. */
  static Tensor huber(Tensor y, Tensor p, float delta) {
    float halfDeltaSquared = 0.5f * delta * delta;
    Tensor e = Ops.sub(p, y);
    Tensor h = Pointwise.unary(e, v -> Math.abs(v) <= delta ? 0.5f * v * v : delta * Math.abs(v) - halfDeltaSquared,
        v -> Math.abs(v) <= delta ? v : delta * Math.signum(v));
    return Ops.mean(h, -1, false);
  }

  /** {@code mean(x + softplus(-2x) - log 2)} with {@code x = p - y}, i.e. {@code log(cosh(x))}. */
  static Tensor logCosh(Tensor y, Tensor p) {
    Tensor x = Ops.sub(p, y);
    Tensor h = Ops.addScalar(Ops.add(x, Ops.softplus(Ops.mulScalar(x, -2f))), -LOG2);
    return Ops.mean(h, -1, false);
  }

  /** {@code sum(y log(y / p))} with both clipped to {@code [eps, 1]}. */
  static Tensor klDivergence(Tensor y, Tensor p) {
    Tensor yc = Ops.clip(y, EPSILON, 1f);
    Tensor pc = Ops.clip(p, EPSILON, 1f);
    return Ops.sum(Ops.mul(yc, Ops.log(Ops.div(yc, pc))), -1, false);
  }

  /** {@code mean(p - y log(p + eps))}. */
  static Tensor poisson(Tensor y, Tensor p) {
    return Ops.mean(Ops.sub(p, Ops.mul(y, Ops.log(Ops.addScalar(p, EPSILON)))), -1, false);
  }

  /** Keras' {@code convert_binary_labels_to_hinge}: labels all in {0, 1} become {-1, 1}; others stay. */
  private static Tensor hingeLabels(Tensor y) {
    float[] v = y.toArray();
    for (float t : v) {
      if (t != 0f && t != 1f) {
        return y;
      }
    }
    return Ops.addScalar(Ops.mulScalar(y, 2f), -1f);
  }

  /** {@code maximum(x, 0)} with TensorFlow's tie rule: the gradient at {@code x = 0} is 1 (relu's is 0). */
  private static Tensor maxZero(Tensor x) {
    return Pointwise.unary(x, v -> Math.max(v, 0f), v -> v >= 0f ? 1f : 0f);
  }

  /** {@code mean(max(1 - y p, 0))}, binary labels converted to -1/1. */
  static Tensor hinge(Tensor y, Tensor p) {
    return Ops.mean(maxZero(Ops.rsubScalar(1f, Ops.mul(hingeLabels(y), p))), -1, false);
  }

  /** {@code mean(max(1 - y p, 0)^2)}, binary labels converted to -1/1. */
  static Tensor squaredHinge(Tensor y, Tensor p) {
    return Ops.mean(Ops.square(maxZero(Ops.rsubScalar(1f, Ops.mul(hingeLabels(y), p)))), -1, false);
  }

  /** {@code max(neg - pos + 1, 0)}, {@code pos = sum(y p)}, {@code neg = max((1 - y) p)}. */
  static Tensor categoricalHinge(Tensor y, Tensor p) {
    Tensor pos = Ops.sum(Ops.mul(y, p), -1, false);
    Tensor neg = Pointwise.maxLastAxis(Ops.mul(Ops.rsubScalar(1f, y), p));
    return maxZero(Ops.addScalar(Ops.sub(neg, pos), 1f));
  }

  /** {@code -sum(normalize(y) * normalize(p))} along the last axis (L2, norm floored at eps). */
  static Tensor cosineSimilarity(Tensor y, Tensor p) {
    return Ops.neg(Ops.sum(Ops.mul(normalize(y), normalize(p)), -1, false));
  }

  /** Keras' {@code normalize}: {@code x * min(rsqrt(sum(x^2)), 1 / eps)} along the last axis. */
  private static Tensor normalize(Tensor x) {
    Tensor squareSum = Ops.sum(Ops.square(x), -1, true);
    float cap = 1f / EPSILON;
    Tensor inv = Pointwise.unary(squareSum, s -> Math.min((float) (1.0 / Math.sqrt(s)), cap),
        s -> (float) (1.0 / Math.sqrt(s)) < cap ? (float) (-0.5 / (s * Math.sqrt(s))) : 0f);
    return Ops.mul(x, inv);
  }

  /**
   * Binary focal cross-entropy (Lin et al., "Focal Loss for Dense Object Detection", 2017) as Keras:
   * {@code mean(w * (1 - p_t)^gamma * bce)} with {@code p_t = y p + (1 - y)(1 - p)} and {@code w = y alpha + (1 - y)
   * (1 - alpha)} when balancing. From logits, {@code p = sigmoid(z)} and the cross-entropy is the logits form.
   */
  static Tensor binaryFocal(Tensor y, Tensor p, boolean applyClassBalancing, float alpha, float gamma,
      boolean fromLogits) {
    Tensor prob = fromLogits ? Ops.sigmoid(p) : p;
    Tensor bce = fromLogits ? Ops.sub(Ops.softplus(p), Ops.mul(p, y)) : Losses.binaryCrossentropyElementwise(y, p);
    Tensor pt = Ops.add(Ops.mul(y, prob), Ops.mul(Ops.rsubScalar(1f, y), Ops.rsubScalar(1f, prob)));
    Tensor oneMinus = Ops.rsubScalar(1f, pt);
    Tensor factor = Pointwise.unary(oneMinus, v -> (float) Math.pow(v, gamma),
        v -> gamma == 0f ? 0f : (float) (gamma * Math.pow(v, gamma - 1)));
    Tensor focal = Ops.mul(factor, bce);
    if (applyClassBalancing) {
      Tensor w = Ops.add(Ops.mulScalar(y, alpha), Ops.mulScalar(Ops.rsubScalar(1f, y), 1f - alpha));
      focal = Ops.mul(w, focal);
    }
    return Ops.mean(focal, -1, false);
  }
}
