/**
 * The single source of randomness: immutable counter-based keys ({@link org.dropout4j.random.RngKey}) that are
 * split per purpose, epoch, batch and layer, so a seed reproduces a run bit for bit at any thread count.
 *
 * <p>Thread safety: keys are immutable values, safe to share between threads.
 */
package org.dropout4j.random;
