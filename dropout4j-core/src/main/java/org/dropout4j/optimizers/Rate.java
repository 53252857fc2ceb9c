package org.dropout4j.optimizers;

import org.dropout4j.optimizers.schedules.LearningRateSchedule;

/**
 * An optimizer's {@code learning_rate} argument, a float or a schedule, so that each optimizer has one canonical
 * constructor: its public constructors taking a {@code double} or a {@link LearningRateSchedule} both wrap the
 * argument here. The checks happen in {@link Optimizer}'s constructor, first, as Keras checks the learning rate
 * before the other arguments.
 */
record Rate(double constant, LearningRateSchedule schedule) {
  static Rate of(double constant) {
    return new Rate(constant, null);
  }

  static Rate of(LearningRateSchedule schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException("Invalid value for argument `learning_rate`: expected a float or a "
          + "LearningRateSchedule, received null");
    }
    return new Rate(Double.NaN, schedule);
  }
}
