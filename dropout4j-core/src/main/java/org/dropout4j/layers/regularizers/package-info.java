/**
 * Weight penalties (L1, L2, L1L2) added to the training loss.
 *
 * <p>Thread safety: regularizers are immutable and safe to share between threads.
 */
package org.dropout4j.layers.regularizers;
