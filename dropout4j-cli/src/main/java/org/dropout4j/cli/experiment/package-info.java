/**
 * Overfitting studies: repeated, seeded trainings of a grid of regularization settings (hidden dropout rate, input
 * dropout, max-norm, optimizer, epochs) on toy data (circles, moons) or images (Fashion-MNIST, MNIST; a Dense
 * stack or the {@code mlp}/{@code cnn} presets), with statistics, charts (for a CNN, its first Conv2D's filters
 * and feature maps) and a self-contained HTML report.
 *
 * <p>{@link org.dropout4j.cli.experiment.ExperimentSpec} describes an experiment (JSON or YAML);
 * {@link org.dropout4j.cli.experiment.ExperimentRunner} runs its trials in parallel, each seeded only by its
 * recorded seed, saves each finished trial atomically and resumes a stopped run;
 * {@link org.dropout4j.cli.experiment.ExperimentAnalysis} computes per-setting means, confidence intervals and
 * Welch's tests against the baseline with {@link org.dropout4j.cli.experiment.Statistics};
 * {@link org.dropout4j.cli.experiment.ExperimentReport} writes CSV, JSON, PNG/SVG charts and {@code report.html}.
 * The {@code experiment}, {@code grid} and {@code compare} commands of {@code dropout4j} drive it.
 */
package org.dropout4j.cli.experiment;
