/** Activation functions by Keras name. */
package org.dropout4j.layers.activations;
