/**
 * Models and training: {@link org.dropout4j.models.Sequential} with compile/fit/evaluate/predict/summary,
 * {@link org.dropout4j.models.FitOptions}, the per-epoch {@link org.dropout4j.models.History}, and Monte Carlo
 * dropout uncertainty with {@link org.dropout4j.models.MonteCarloDropout} returning a
 * {@link org.dropout4j.models.McPrediction}. Small Dense/Dropout networks train and predict through a fused path
 * (package-private {@code FusedDenseStack}, loops in {@code RowKernels}) with the generic path's semantics.
 */
package org.dropout4j.models;
