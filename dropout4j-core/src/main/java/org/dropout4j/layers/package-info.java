/**
 * Layers with Keras names, defaults and configs: {@link org.dropout4j.layers.Dense},
 * {@link org.dropout4j.layers.Activation}, {@link org.dropout4j.layers.Dropout} (the dropout family shares
 * {@link org.dropout4j.layers.BaseDropout}), {@link org.dropout4j.layers.Input}; for images
 * {@link org.dropout4j.layers.Conv2D}, {@link org.dropout4j.layers.MaxPooling2D},
 * {@link org.dropout4j.layers.AveragePooling2D}, {@link org.dropout4j.layers.GlobalAveragePooling2D},
 * {@link org.dropout4j.layers.GlobalMaxPooling2D}, {@link org.dropout4j.layers.Flatten} and
 * {@link org.dropout4j.layers.Reshape} (channels_last by default, Keras weight layouts). Training vs inference travels in
 * the immutable {@link org.dropout4j.layers.CallContext}.
 */
package org.dropout4j.layers;
