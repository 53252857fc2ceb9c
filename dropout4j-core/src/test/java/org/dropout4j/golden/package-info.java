/**
 * Golden tests: dropout4j against values produced by real Keras 3.15.1 (TensorFlow backend, float32), stored in
 * {@code src/test/resources/golden} by {@code tools/golden/make_goldens.py}. Each class covers one area and states
 * its tolerances; the generic unit tests (gradient checks, statistics) live next to the code they test.
 */
package org.dropout4j.golden;
