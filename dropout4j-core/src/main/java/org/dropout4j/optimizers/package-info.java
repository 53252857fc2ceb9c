/** Optimizers with Keras' update rules and defaults: SGD (momentum, Nesterov), Adam, RMSprop. */
package org.dropout4j.optimizers;
