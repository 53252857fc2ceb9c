package org.dropout4j.losses;

/**
 * A loss of softmax probabilities evaluated on row-major arrays together with the softmax's backward pass: the
 * value and d loss / d logits, where the predictions are {@code softmax(logits)} over each row. Fused training paths
 * whose last layer is a Dense with a softmax activation use it where {@link Loss#softmaxForm()} offers one, instead
 * of the autodiff graph of the softmax and the loss; it gives the value and gradients of that graph to the bit
 * (the same operations in the same order, tested).
 *
 * <pre>{@code
 * SoftmaxLoss f = Losses.sparseCategoricalCrossentropy(false).softmaxForm();
 * float loss = f.compute(classIds, probabilities, 10, rows, dLogits);
 * }</pre>
 */
public interface SoftmaxLoss {
  /**
   * The reduced loss of a batch, as {@link Loss#call} gives it, and its gradient with respect to the logits.
   *
   * @param yTrue the targets as the loss takes them (for the sparse loss one class id per row)
   * @param probs the softmax probabilities, row-major {@code (rows, cols)}; may be longer
   * @param cols the number of classes
   * @param rows the number of rows, {@code > 0}
   * @param dLogits receives {@code d loss / d logits} for the first {@code rows * cols} elements
   * @return the loss value
   * @throws IllegalArgumentException if the targets do not fit the rows, naming the loss and the offending target
   */
  float compute(float[] yTrue, float[] probs, int cols, int rows, float[] dLogits);
}
