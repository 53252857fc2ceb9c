package org.dropout4j.cli.bench;

/**
 * One timed call of a peer benchmark that reports only a time (e.g. {@code bench/peers/torch_mc_dropout.py}), as
 * printed on a {@code RESULT {json}} line.
 *
 * <p>Example line:
 * <pre>{@code
 * RESULT {"peer": "pytorch", "torch_version": "1.13.0a0", "workload": "circles", "seconds": 28.7, "passes": 100}
 * }</pre>
 *
 * @param peer the framework, e.g. {@code pytorch}
 * @param version the framework version the script reported ({@code torch_version})
 * @param workload the workload name, e.g. {@code circles}
 * @param seconds wall seconds of the call, non-negative
 */
public record TimingPeerResult(String peer, String version, String workload, double seconds) {
}
