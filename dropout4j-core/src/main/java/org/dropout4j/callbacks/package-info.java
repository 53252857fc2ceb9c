/**
 * Training callbacks ({@link org.dropout4j.callbacks.EarlyStopping}, {@link org.dropout4j.callbacks.DropoutRateScheduler})
 * and the control surface they get ({@link org.dropout4j.callbacks.TrainingControl}).
 */
package org.dropout4j.callbacks;
