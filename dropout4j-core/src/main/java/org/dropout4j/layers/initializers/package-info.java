/**
 * Weight initializers with Keras names, fans and limits.
 *
 * <p>Thread safety: initializers are immutable and draw from the key they are given, safe to share between threads.
 */
package org.dropout4j.layers.initializers;
