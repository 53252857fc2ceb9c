/**
 * The named Keras-example models ({@code mlp}, {@code cnn}, {@code lstm}) shared by {@code dropout4j train} and by
 * experiment specs' {@code model.preset}, so that both commands build the same networks.
 */
package org.dropout4j.cli.presets;
