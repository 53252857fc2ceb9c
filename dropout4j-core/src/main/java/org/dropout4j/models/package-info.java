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
 *
 * <p>Thread safety: a built {@link org.dropout4j.models.Model} (e.g. a {@link org.dropout4j.models.Sequential}) may
 * serve {@code predict}, {@code evaluate}, {@code call} and {@link org.dropout4j.models.MonteCarloDropout#predict} from several threads at once, each getting
 * the bits of a single-threaded call (tested for Dense, Conv2D + pooling and LSTM models); {@code add}, {@code
 * build}, {@code compile}, {@code fit}, {@code setWeights} and {@code setRandomSeed} change the model and must not
 * overlap with any other call on it. Build the model (the first {@code predict} or an explicit {@code build}) before
 * sharing it. {@link org.dropout4j.models.FitOptions} is immutable; a {@link org.dropout4j.models.History} is filled
 * by the thread running {@code fit} and may be read by others once {@code fit} has returned; a {@link
 * org.dropout4j.models.McPrediction} computes its entropies lazily, so confine it to one thread or read them once
 * before handing it over.
 */
package org.dropout4j.models;
