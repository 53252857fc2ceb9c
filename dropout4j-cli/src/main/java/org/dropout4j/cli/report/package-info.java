/**
 * Reports of training runs: learning-curve charts ({@link org.dropout4j.cli.report.LearningCurvePlot}, PNG and SVG
 * through XChart), per-epoch histories as CSV ({@link org.dropout4j.cli.report.HistoryCsv}) and run summaries as
 * JSON ({@link org.dropout4j.cli.report.SummaryJson}).
 *
 * <p>Every file is written through {@link org.dropout4j.cli.report.AtomicFiles}: to a temporary file in the target
 * directory, then renamed over the target, so a crash or an exception never leaves a half-written report. This
 * package reads {@link org.dropout4j.models.History} from the core and adds nothing to it; plotting and JSON stay
 * out of the core module.
 */
package org.dropout4j.cli.report;
