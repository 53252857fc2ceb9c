/**
 * Layers with Keras names, defaults and configs: {@link org.dropout4j.layers.Dense},
 * {@link org.dropout4j.layers.Activation}, {@link org.dropout4j.layers.Dropout} (the dropout family shares
 * {@link org.dropout4j.layers.BaseDropout}), {@link org.dropout4j.layers.Input}. Training vs inference travels in
 * the immutable {@link org.dropout4j.layers.CallContext}.
 */
package org.dropout4j.layers;
