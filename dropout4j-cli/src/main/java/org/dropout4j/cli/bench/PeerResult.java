package org.dropout4j.cli.bench;

/**
 * One timed run of a peer benchmark, as printed by a peer script on a {@code RESULT {json}} line.
 *
 * <p>Example line (from {@code bench/peers/torch_circles.py}):
 * <pre>{@code
 * RESULT {"peer": "pytorch", "torch_version": "2.13.0+cpu", "rate": 0.4, "epochs": 4000, "seconds": 5.2,
 *         "train_acc": 0.967, "test_acc": 0.814}
 * }</pre>
 *
 * @param peer the framework, e.g. {@code pytorch}
 * @param version the framework version the script reported ({@code torch_version})
 * @param rate the dropout rate, 0 for no dropout layer
 * @param epochs the epochs trained
 * @param seconds wall seconds of the training loop including the per-epoch evaluation
 * @param trainAcc accuracy on the training rows after training, dropout off
 * @param testAcc accuracy on the test rows after training
 */
public record PeerResult(
    String peer, String version, double rate, int epochs, double seconds, double trainAcc, double testAcc) {
}
