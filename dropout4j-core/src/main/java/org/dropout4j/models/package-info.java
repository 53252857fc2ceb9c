/**
 * Models and training: {@link org.dropout4j.models.Sequential} with compile/fit/evaluate/predict/summary,
 * {@link org.dropout4j.models.FitOptions} and the per-epoch {@link org.dropout4j.models.History}.
 */
package org.dropout4j.models;
