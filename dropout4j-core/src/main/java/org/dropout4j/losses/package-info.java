/**
 * Loss functions with Keras names, clipping and reductions.
 *
 * <p>Thread safety: losses are immutable (their configuration only) and safe to share between threads.
 */
package org.dropout4j.losses;
