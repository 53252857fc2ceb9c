package org.dropout4j.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Tensor;

/**
 * A loss made of a per-sample formula and a {@link Reduction}, as Keras' {@code LossFunctionWrapper}: targets are
 * aligned with the predictions, the formula gives one value per sample (averaging over the last axis), and the
 * reduction weights and reduces those values. Immutable.
 */
class LossFunction implements Loss {
  /** The per-sample values of a batch. */
  interface Formula {
    Tensor perSample(Tensor yTrue, Tensor yPred);
  }

  private final String name;
  private final Reduction reduction;
  private final Map<String, Object> ownConfig;
  private final FlatLoss flat;
  private final Formula formula;
  private final boolean alignTargets;
  private final SoftmaxLoss softmax;

  LossFunction(String name, Map<String, Object> ownConfig, FlatLoss flat, Formula formula) {
    this(name, Reduction.SUM_OVER_BATCH_SIZE, ownConfig, flat, formula, true);
  }

  LossFunction(String name, Reduction reduction, Map<String, Object> ownConfig, FlatLoss flat, Formula formula,
      boolean alignTargets) {
    this(name, reduction, ownConfig, flat, formula, alignTargets, null);
  }

  private LossFunction(String name, Reduction reduction, Map<String, Object> ownConfig, FlatLoss flat,
      Formula formula, boolean alignTargets, SoftmaxLoss softmax) {
    if (reduction == null) {
      throw new IllegalArgumentException("loss " + name + ": reduction must not be null (use Reduction.NONE)");
    }
    this.name = name;
    this.reduction = reduction;
    this.ownConfig = new LinkedHashMap<>(ownConfig);
    this.flat = flat;
    this.formula = formula;
    this.alignTargets = alignTargets;
    this.softmax = softmax;
  }

  /** This loss with a {@link SoftmaxLoss} form (for the mean reductions, as {@link #softmaxForm()} says). */
  LossFunction withSoftmaxForm(SoftmaxLoss value) {
    return new LossFunction(name, reduction, ownConfig, flat, formula, alignTargets, value);
  }

  @Override
  public FlatLoss flat() {
    return reduction == Reduction.SUM_OVER_BATCH_SIZE || reduction == Reduction.MEAN ? flat : null;
  }

  @Override
  public SoftmaxLoss softmaxForm() {
    return reduction == Reduction.SUM_OVER_BATCH_SIZE || reduction == Reduction.MEAN ? softmax : null;
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public Loss withReduction(Reduction value) {
    return new LossFunction(name, value, ownConfig, flat, formula, alignTargets, softmax);
  }

  /** Makes targets the shape of predictions: {@code (n,)} targets for {@code (n, 1)} predictions. */
  Tensor align(Tensor yTrue, Tensor yPred) {
    if (!alignTargets || yTrue.shape().equals(yPred.shape())) {
      return yTrue;
    }
    if (yTrue.size() == yPred.size() && yPred.shape().dim(-1) == 1 && yTrue.rank() == yPred.rank() - 1) {
      return Ops.reshape(yTrue, yPred.shape().toArray());
    }
    if (yTrue.size() == yPred.size() && yTrue.rank() == yPred.rank() + 1 && yTrue.shape().dim(-1) == 1) {
      return Ops.reshape(yTrue, yPred.shape().toArray());
    }
    throw new IllegalArgumentException(name + ": targets of shape " + yTrue.shape()
        + " are incompatible with predictions of shape " + yPred.shape());
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    return call(yTrue, yPred, null);
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    Tensor weights = yPred.mask() == null ? sampleWeight : maskWeights(yPred.mask(), sampleWeight, reduction);
    return reduction.reduce(formula.perSample(align(yTrue, yPred), yPred), weights);
  }

  /**
   * Keras 3's {@code apply_mask}: predictions that carry a mask ({@link Tensor#mask()}, e.g. the per-step outputs
   * of a recurrent layer after {@code Embedding(mask_zero=True)}) weight each kept value by {@code total / valid}
   * for the mean reductions (so the loss is the mean over the kept steps) and 1 otherwise, masked values by 0;
   * sample weights multiply in (one per sample broadcast over the steps).
   */
  static Tensor maskWeights(Tensor mask, Tensor sampleWeight, Reduction reduction) {
    float[] m = mask.toArray();
    int valid = 0;
    for (float v : m) {
      valid += v != 0f ? 1 : 0;
    }
    boolean mean = reduction == Reduction.SUM_OVER_BATCH_SIZE || reduction == Reduction.MEAN;
    float kept = !mean ? 1f : valid == 0 ? 0f : (float) m.length / valid; // Keras' divide_no_nan(total, valid)
    float[] w = new float[m.length];
    for (int i = 0; i < m.length; i++) {
      w[i] = m[i] != 0f ? kept : 0f;
    }
    Tensor maskWeight = Tensor.of(mask.shape(), w);
    if (sampleWeight == null) {
      return maskWeight;
    }
    Tensor sw = sampleWeight;
    if (sw.rank() == maskWeight.rank() + 1 && sw.shape().dim(-1) == 1) {
      sw = Ops.reshape(sw, mask.shape().toArray());
    }
    while (sw.rank() < maskWeight.rank()) { // one weight per sample: the same for each of its steps
      int[] d = java.util.Arrays.copyOf(sw.shape().toArray(), sw.rank() + 1);
      d[d.length - 1] = 1;
      sw = Ops.reshape(sw, d);
    }
    return Ops.mul(maskWeight, sw);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("reduction", reduction.kerasName());
    c.putAll(ownConfig);
    return c;
  }

  @Override
  public String toString() {
    return name + (ownConfig.isEmpty() ? "" : ownConfig.toString());
  }
}
