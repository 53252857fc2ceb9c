/**
 * Activation functions by Keras name.
 *
 * <p>Thread safety: activations are stateless and safe to share between threads.
 */
package org.dropout4j.layers.activations;
