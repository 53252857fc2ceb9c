/** Streaming metrics (accuracy in its binary, categorical and sparse forms) and their resolution by name. */
package org.dropout4j.metrics;
