/**
 * Runnable examples, one per tutorial snippet: each class has a {@code main} and runs in full by default; the
 * argument {@code --quick} (or the environment variable {@code DROPOUT4J_EXAMPLES_QUICK=1}) shortens the training so
 * that a build server can run all of them in seconds.
 *
 * <p>The image examples read Fashion-MNIST (Debian's {@code dataset-fashion-mnist} package, or a folder in
 * {@code DROPOUT4J_FASHION_MNIST}) and say how to install it when it is missing.
 */
package org.dropout4j.examples;
