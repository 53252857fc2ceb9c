package org.dropout4j.cli.bench;

/**
 * One timed window of a training peer benchmark, as printed by {@code bench/peers/torch_fashion.py} on a
 * {@code RESULT {json}} line.
 *
 * <p>Example line:
 * <pre>{@code
 * RESULT {"peer": "pytorch", "torch_version": "1.13.0a0", "workload": "fashion-cnn", "batch_size": 128,
 *         "batches": 50, "seconds": 6.1, "epoch_seconds": 57.2, "threads": 2}
 * }</pre>
 *
 * @param peer the framework, e.g. {@code pytorch}
 * @param version the framework version the script reported ({@code torch_version})
 * @param workload the workload name, e.g. {@code fashion-cnn}
 * @param batchSize images per batch, at least 1
 * @param batches timed batches (after the warm-up), at least 1
 * @param seconds wall seconds of the timed batches
 * @param epochSeconds seconds per 60 000-image epoch extrapolated from the timed batches
 */
public record TrainingPeerResult(
    String peer, String version, String workload, int batchSize, int batches, double seconds, double epochSeconds) {
}
