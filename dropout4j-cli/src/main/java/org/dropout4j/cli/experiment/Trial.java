package org.dropout4j.cli.experiment;

/**
 * One training of an experiment: a setting and a repeat, seeded only by {@code seed}.
 *
 * @param index position in the experiment's trial order (repeat-major), from 0
 * @param settingIndex index into {@link ExperimentSpec#settings()}
 * @param repeat repeat number, from 0
 * @param seed the model's random seed (weights and dropout masks)
 */
public record Trial(int index, int settingIndex, int repeat, long seed) {
}
