package org.dropout4j.data;

/**
 * A training part and a test part of a data set.
 *
 * @param train the training samples
 * @param test the held-out test samples
 * @param <T> the type of each part
 */
public record TrainTest<T>(T train, T test) {
}
