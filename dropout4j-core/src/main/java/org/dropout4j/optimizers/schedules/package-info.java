/**
 * Learning-rate schedules as Keras serialises them ({@code ExponentialDecay}, {@code PiecewiseConstantDecay},
 * {@code PolynomialDecay}, {@code InverseTimeDecay}, {@code CosineDecay}, {@code CosineDecayRestarts}), accepted by
 * every optimizer in place of a constant learning rate.
 */
package org.dropout4j.optimizers.schedules;
