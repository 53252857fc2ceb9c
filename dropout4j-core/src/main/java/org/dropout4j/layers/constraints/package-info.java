/** Weight constraints applied after each optimizer step (MaxNorm). */
package org.dropout4j.layers.constraints;
