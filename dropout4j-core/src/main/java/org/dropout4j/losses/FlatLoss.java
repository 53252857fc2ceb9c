package org.dropout4j.losses;

/**
 * A loss evaluated directly on row-major arrays, without the autodiff graph: the value and, on request, its gradient
 * with respect to the predictions. Fused training paths use it where {@link Loss#flat()} offers one; it computes
 * the same formula as {@link Loss#call} (agreement to float rounding is tested).
 */
public interface FlatLoss {
  /**
   * The loss of a batch and optionally d loss / d prediction.
   *
   * @param yTrue targets, one per prediction (row-major {@code (rows, cols)})
   * @param yPred predictions, {@code rows * cols} values
   * @param cols width of a row: the per-sample loss averages over it, the batch loss averages over rows
   * @param grad if not null, receives {@code d loss / d yPred[i]} for every i
   * @return the mean over rows of the per-sample loss
   * @throws IllegalArgumentException if the lengths differ or {@code cols} does not divide them
   */
  double compute(float[] yTrue, float[] yPred, int cols, float[] grad);
}
