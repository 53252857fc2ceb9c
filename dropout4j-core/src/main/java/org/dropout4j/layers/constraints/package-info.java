/**
 * Weight constraints applied after each optimizer step, as in Keras: {@link MaxNorm}, {@link MinMaxNorm},
 * {@link UnitNorm} (norms of the slices along an axis) and {@link NonNeg}.
 *
 * <p>Thread safety: constraints are immutable and safe to share between threads.
 */
package org.dropout4j.layers.constraints;
