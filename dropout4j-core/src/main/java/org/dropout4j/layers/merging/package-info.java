/**
 * Keras' merge layers, called on several tensors of a functional model: the elementwise
 * {@link org.dropout4j.layers.merging.Add}, {@link org.dropout4j.layers.merging.Subtract},
 * {@link org.dropout4j.layers.merging.Multiply}, {@link org.dropout4j.layers.merging.Average},
 * {@link org.dropout4j.layers.merging.Maximum} and {@link org.dropout4j.layers.merging.Minimum} on
 * {@link org.dropout4j.layers.merging.Merge}, {@link org.dropout4j.layers.merging.Concatenate} (any feature axis)
 * and {@link org.dropout4j.layers.merging.Dot} (batched dot product, optionally of L2-normalized inputs).
 */
package org.dropout4j.layers.merging;
