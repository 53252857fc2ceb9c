/**
 * Benchmark support: running the peer frameworks (PyTorch, ...) the {@code bench} command compares dropout4j with.
 *
 * <p>{@link org.dropout4j.cli.bench.PythonPeer} finds a Python interpreter that can import torch, runs a peer script
 * from {@code bench/peers/} as a subprocess with a timeout and parses its {@code RESULT {json}} lines into
 * {@link org.dropout4j.cli.bench.PeerResult}s. A machine without torch gets a
 * {@link org.dropout4j.cli.bench.PeerRun} that says how to install it, not an exception.
 */
package org.dropout4j.cli.bench;
