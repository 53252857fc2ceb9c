/** Loss functions with Keras names, clipping and reductions. */
package org.dropout4j.losses;
