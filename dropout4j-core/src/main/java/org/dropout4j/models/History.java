package org.dropout4j.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-epoch metric values recorded by {@code fit}, keyed like Keras' {@code History.history}:
 * {@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}, and any value a callback records.
 *
 * <p>Keys keep the order in which they were first recorded. Values are doubles, one per epoch.
 */
public final class History {
  private final Map<String, List<Double>> values = new LinkedHashMap<>();

  /** Creates an empty history. */
  public History() {
  }

  /**
   * Appends the value of {@code key} for the next epoch.
   *
   * @param key metric name, e.g. {@code val_accuracy}
   * @param value the epoch's value
   */
  public void record(String key, double value) {
    values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
  }

  /** The metric names in the order they were first recorded. */
  public List<String> keys() {
    return List.copyOf(values.keySet());
  }

  /**
   * The per-epoch values of one metric.
   *
   * @throws IllegalArgumentException if nothing was recorded under {@code key}; the message lists the known keys
   */
  public List<Double> get(String key) {
    List<Double> v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("History has no values for key '" + key + "'; known keys: " + keys());
    }
    return Collections.unmodifiableList(v);
  }

  /** Whether values were recorded under {@code key}. */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** The value of {@code key} at the last recorded epoch. */
  public double last(String key) {
    List<Double> v = get(key);
    return v.get(v.size() - 1);
  }

  /** Number of epochs recorded (the length of the longest series). */
  public int epochs() {
    return values.values().stream().mapToInt(List::size).max().orElse(0);
  }

  /** An unmodifiable view of every series, like Keras' {@code history.history} dict. */
  public Map<String, List<Double>> asMap() {
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(v)));
    return Collections.unmodifiableMap(copy);
  }
}
