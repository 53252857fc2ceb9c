/**
 * Training callbacks ({@link org.dropout4j.callbacks.EarlyStopping}, {@link org.dropout4j.callbacks.DropoutRateScheduler})
 * and the control surface they get ({@link org.dropout4j.callbacks.TrainingControl}).
 *
 * <p>Thread safety: callbacks keep state across the epochs of one {@code fit} (e.g. the best loss so far); use an
 * instance in one {@code fit} at a time.
 */
package org.dropout4j.callbacks;
