/** The {@code dropout4j} command line: the circles case study, toy data, benchmarks. */
package org.dropout4j.cli;
