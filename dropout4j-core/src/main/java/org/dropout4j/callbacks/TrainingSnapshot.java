package org.dropout4j.callbacks;

import java.util.List;

/**
 * Everything a training needs to continue exactly where it was, taken at the end of an epoch
 * ({@link TrainingControl#snapshot(int)}) and put back with {@link TrainingControl#restore(TrainingSnapshot)}: the
 * epoch to run next, the model's weights, its training counters (which select every shuffle and dropout mask, so
 * the random draws continue as in an uninterrupted run), the optimizer's iteration count and per-weight state, and
 * its learning rate (which a callback such as ReduceLROnPlateau may have changed).
 *
 * @param nextEpoch the 0-based epoch to run next
 * @param weights every weight of the model, in model order
 * @param trainingStep the model's gradient-step counter
 * @param epochsTrained the model's epoch counter over all fits
 * @param optimizerIterations the optimizer's step count
 * @param optimizerSlots the optimizer's state per trained weight ({@code null} entries for weights without state)
 * @param learningRate the optimizer's learning rate, or NaN if it follows a schedule (restored from the iteration
 *     count)
 */
public record TrainingSnapshot(int nextEpoch, List<float[]> weights, long trainingStep, long epochsTrained,
    long optimizerIterations, List<float[][]> optimizerSlots, double learningRate) {
}
