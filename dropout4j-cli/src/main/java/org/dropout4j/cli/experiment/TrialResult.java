package org.dropout4j.cli.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.models.History;

/**
 * The outcome of one {@link Trial}: final metrics in inference mode, the per-epoch history, or the reason it failed.
 *
 * @param trial the trial
 * @param label the setting's label
 * @param failure null for a finished training, else why it failed (e.g. the loss became NaN)
 * @param trainAccuracy accuracy on the training rows after training (NaN if failed)
 * @param trainLoss loss on the training rows (NaN if failed)
 * @param testAccuracy accuracy on the test rows (NaN if failed)
 * @param testLoss loss on the test rows (NaN if failed)
 * @param history per-epoch {@code loss, accuracy, val_loss, val_accuracy} (empty if failed)
 * @param seconds wall time of the training (not part of the outcome: differs between runs)
 */
public record TrialResult(Trial trial, String label, String failure, double trainAccuracy, double trainLoss,
    double testAccuracy, double testLoss, Map<String, List<Double>> history, double seconds) {

  /** A copy-safe constructor: the history is copied into immutable lists. */
  public TrialResult {
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    history.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    history = java.util.Collections.unmodifiableMap(copy);
  }

  /** A failed trial. */
  static TrialResult failed(Trial trial, String label, String reason, double seconds) {
    return new TrialResult(trial, label, reason, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(), seconds);
  }

  /** True if the training finished. */
  public boolean ok() {
    return failure == null;
  }

  /** Train minus test accuracy. */
  public double gap() {
    return trainAccuracy - testAccuracy;
  }

  /** The 1-based epoch of the highest {@code val_accuracy} (the first such), or 0 without validation history. */
  public int bestEpoch() {
    List<Double> v = history.get("val_accuracy");
    if (v == null || v.isEmpty()) {
      return 0;
    }
    int best = 0;
    for (int i = 1; i < v.size(); i++) {
      if (v.get(i) > v.get(best)) {
        best = i;
      }
    }
    return best + 1;
  }

  /** The history as a {@link History}. */
  public History toHistory() {
    History h = new History();
    int epochs = history.values().stream().mapToInt(List::size).max().orElse(0);
    for (int e = 0; e < epochs; e++) {
      for (Map.Entry<String, List<Double>> s : history.entrySet()) {
        if (e < s.getValue().size()) {
          h.record(s.getKey(), s.getValue().get(e));
        }
      }
    }
    return h;
  }

  /** Everything but the timing: equal for the same trial in any run (parallel, sequential, resumed). */
  public Map<String, Object> outcome() {
    Map<String, Object> m = summary();
    m.remove("seconds");
    m.put("history", history);
    return m;
  }

  /** One JSON-lines record without the history. Failed trials have null metrics. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trial", trial.index());
    m.put("setting", trial.settingIndex());
    m.put("label", label);
    m.put("repeat", trial.repeat());
    m.put("seed", trial.seed());
    m.put("status", ok() ? "ok" : "failed");
    m.put("reason", failure);
    m.put("train_accuracy", finite(trainAccuracy));
    m.put("train_loss", finite(trainLoss));
    m.put("test_accuracy", finite(testAccuracy));
    m.put("test_loss", finite(testLoss));
    m.put("gap", finite(gap()));
    m.put("best_epoch", ok() ? bestEpoch() : null);
    m.put("seconds", seconds);
    return m;
  }

  /** The full record (summary and history) as stored per trial. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = summary();
    m.put("history", history);
    return m;
  }

  /** Reads a record written by {@link #toMap()}. */
  @SuppressWarnings("unchecked")
  public static TrialResult fromMap(Map<String, Object> m) {
    Trial t = new Trial(((Number) m.get("trial")).intValue(), ((Number) m.get("setting")).intValue(),
        ((Number) m.get("repeat")).intValue(), ((Number) m.get("seed")).longValue());
    Map<String, List<Double>> history = new LinkedHashMap<>();
    Object h = m.get("history");
    if (h instanceof Map<?, ?> hm) {
      for (Map.Entry<?, ?> e : hm.entrySet()) {
        List<Double> values = new ArrayList<>();
        for (Object o : (List<Object>) e.getValue()) {
          values.add(((Number) o).doubleValue());
        }
        history.put((String) e.getKey(), values);
      }
    }
    return new TrialResult(t, (String) m.get("label"), (String) m.get("reason"), num(m.get("train_accuracy")),
        num(m.get("train_loss")), num(m.get("test_accuracy")), num(m.get("test_loss")), history,
        num(m.get("seconds")));
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static double num(Object o) {
    return o == null ? Double.NaN : ((Number) o).doubleValue();
  }
}
