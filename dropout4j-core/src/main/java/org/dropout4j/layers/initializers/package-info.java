/** Weight initializers with Keras names, fans and limits. */
package org.dropout4j.layers.initializers;
