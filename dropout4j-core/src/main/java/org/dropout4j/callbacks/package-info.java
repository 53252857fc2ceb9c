/** Training callbacks (EarlyStopping) and the control surface they get. */
package org.dropout4j.callbacks;
