/** Weight penalties (L1, L2, L1L2) added to the training loss. */
package org.dropout4j.layers.regularizers;
