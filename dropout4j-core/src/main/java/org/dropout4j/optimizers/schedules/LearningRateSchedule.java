package org.dropout4j.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A learning rate that depends on the optimizer's step, as Keras' {@code LearningRateSchedule}: an optimizer
 * made with a schedule evaluates it before every update at its iteration count (0 for the first update; with
 * gradient accumulation the count of every {@code apply} call, as Keras' {@code optimizer._iterations}).
 *
 * <p>Implementations are immutable and serialise to the Keras form ({@link #serialize()}):
 * {@code {"module": "keras.optimizers.schedules", "class_name": ..., "config": {...}, "registered_name": null}}.
 */
public interface LearningRateSchedule {
  /**
   * The learning rate at a step.
   *
   * @param step the optimizer iteration, {@code >= 0}
   */
  double at(long step);

  /** The Keras class name, e.g. {@code ExponentialDecay}. */
  String className();

  /** The Keras config (keys in Keras' order). */
  Map<String, Object> getConfig();

  /** The Keras serialization of this schedule, as an optimizer's {@code learning_rate} entry holds it. */
  default Map<String, Object> serialize() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("module", "keras.optimizers.schedules");
    m.put("class_name", className());
    m.put("config", getConfig());
    m.put("registered_name", null);
    return m;
  }
}
