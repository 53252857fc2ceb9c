/**
 * Optimizers with Keras 3's update rules, defaults and configs: SGD (momentum, Nesterov), Adam (AMSGrad), AdamW,
 * RMSprop (centered), Nadam, Adamax, Adagrad, Adadelta, Lion, Ftrl; the common options (clipping, weight decay, EMA,
 * gradient accumulation) on {@link org.dropout4j.optimizers.Optimizer}; learning-rate schedules in
 * {@link org.dropout4j.optimizers.schedules}.
 *
 * <p>Thread safety: an optimizer holds per-weight state (moments, iteration count) of the one model it was compiled
 * into, updated by that model's {@code fit}; not for concurrent use.
 */
package org.dropout4j.optimizers;
