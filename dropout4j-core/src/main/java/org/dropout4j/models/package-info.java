/**
 * Models and training: {@link org.dropout4j.models.Model} (seed, compile, fit, evaluate, predict, weights, training
 * counters) and its stack of layers {@link org.dropout4j.models.Sequential} with {@code summary}, the options of
 * {@link org.dropout4j.models.FitOptions}, the per-epoch {@link org.dropout4j.models.History}, and Monte Carlo
 * dropout uncertainty with {@link org.dropout4j.models.MonteCarloDropout} returning a
 * {@link org.dropout4j.models.McPrediction}.
 *
 * <p>Package-private: the training loop {@code Trainer} and {@code Evaluator} (evaluate/predict), which run any
 * model through its {@code ExecutionPlan}, chosen once per model by {@code ExecutionPlanner}: the generic autodiff
 * step ({@code GenericPlan}; a stack of layers runs a Conv2D + tiling MaxPooling2D pair as one op,
 * {@code LayerChain}), or the fused step of small Dense/Dropout stacks ({@code FusedDensePlan} over
 * {@code FusedDenseStack}, loops in {@code RowKernels}) with the generic step's semantics.
 * {@code -Ddropout4j.fusion=false} turns every fusion off. The facts about layers that only fused paths need are not public API: they are reached
 * through {@code org.dropout4j.internal}, which user code must not call.
 */
package org.dropout4j.models;
