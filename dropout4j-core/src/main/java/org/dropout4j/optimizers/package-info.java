/**
 * Optimizers with Keras' update rules and defaults: SGD (momentum, Nesterov), Adam, RMSprop.
 *
 * <p>Thread safety: an optimizer holds per-weight state (moments, iteration count) of the one model it was compiled
 * into, updated by that model's {@code fit}; not for concurrent use.
 */
package org.dropout4j.optimizers;
