/** The circles dropout case study (the standard Keras dropout tutorial) as a reusable runner. */
package org.dropout4j.cli.circles;
