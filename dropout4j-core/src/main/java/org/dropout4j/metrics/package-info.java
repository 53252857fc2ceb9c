/**
 * Streaming metrics (accuracy in its binary, categorical and sparse forms) and their resolution by name.
 *
 * <p>Thread safety: a metric accumulates state over batches ({@code update}, {@code result}, {@code reset}); confine
 * each instance to one thread. The model makes fresh metrics for every {@code fit} and {@code evaluate} call.
 */
package org.dropout4j.metrics;
