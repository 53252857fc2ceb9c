package org.dropout4j.callbacks;

import java.util.Map;
import java.util.Objects;
import org.dropout4j.internal.Guards;
import org.dropout4j.layers.DropoutFamily;
import org.dropout4j.tensor.Noise;

/**
 * Changes a dropout layer's rate between epochs, e.g. curriculum dropout: start with little noise and ramp it up
 * (Morerio, Cavazza, Volpi, Vidal, Murino, "Curriculum Dropout", ICCV 2017).
 *
 * <p>Before each epoch the scheduler asks its {@link Schedule} for the rate of that epoch (0-based, counted within
 * the {@code fit} call) and passes it to the training loop ({@link TrainingControl#setDropoutRate}); after the epoch
 * it records the rate in the History as {@code <layer name>/rate}.
 *
 * <p>Why an override and not a setter: layer configs are immutable and the training mode travels in the
 * {@link org.dropout4j.layers.CallContext}, so the scheduled rate travels there too — {@code fit} puts it into each
 * training step's context and the layer ({@link DropoutFamily#schedulable()}) reads it from there. The layer itself never changes: its config
 * still says its own {@code rate}, inference and Monte Carlo passes use that rate, and a model shared with another
 * thread (e.g. predicting while training) is unaffected. The override lasts for the {@code fit} call.
 *
 * <pre>{@code
 * Dropout dropout = new Dropout(0.5f, null, null, "dropout");
 * History history = model.fit(x, y, FitOptions.builder().epochs(50)
 *     .callbacks(new DropoutRateScheduler(dropout, DropoutRateScheduler.linearRamp(0f, 0.5f, 20))).build());
 * history.get("dropout/rate");   // 0, 0.026, 0.053, ..., 0.5, 0.5, ...
 * }</pre>
 */
public final class DropoutRateScheduler implements Callback {
  /** The rate to use in each epoch. */
  @FunctionalInterface
  public interface Schedule {
    /**
     * The probability to drop in {@code epoch} (0-based).
     *
     * @return a rate in {@code [0, 1)}
     */
    float rate(int epoch);
  }

  private final DropoutFamily layer;
  private final String layerName;
  private final Schedule schedule;
  private float current = Float.NaN;

  /**
   * Schedules the layer named {@code layerName} of the model being trained.
   *
   * @throws IllegalArgumentException if an argument is {@code null}; at the first epoch, if the model has no
   *     dropout layer of that name or the schedule returns a rate outside {@code [0, 1)}
   */
  public DropoutRateScheduler(String layerName, Schedule schedule) {
    this(null, layerName, schedule);
  }

  /**
   * Schedules {@code layer} (its name, assigned when it is added to the model, is looked up at each epoch).
   *
   * @throws IllegalArgumentException if an argument is {@code null}, or the layer's rate cannot be scheduled
   *     ({@link DropoutFamily#schedulable()} is false)
   */
  public DropoutRateScheduler(DropoutFamily layer, Schedule schedule) {
    this(Objects.requireNonNull(layer, "layer"), null, schedule);
    Guards.argument(layer.schedulable(), "DropoutRateScheduler", "layer", "a dropout layer whose rate can be "
        + "scheduled (Dropout, SpatialDropout*, GaussianDropout, AlphaDropout)", layer);
  }

  private DropoutRateScheduler(DropoutFamily layer, String layerName, Schedule schedule) {
    if ((layer == null && layerName == null) || schedule == null) {
      throw new IllegalArgumentException("DropoutRateScheduler needs a layer (or its name) and a schedule, received "
          + "layer=" + (layer != null ? layer : layerName) + ", schedule=" + schedule);
    }
    this.layer = layer;
    this.layerName = layerName;
    this.schedule = schedule;
  }

  /**
   * Linear ramp: {@code from} at epoch 0 to {@code to} at epoch {@code rampEpochs - 1}, then constant; e.g.
   * {@code linearRamp(0, 0.5, 5)} gives 0, 0.125, 0.25, 0.375, 0.5, 0.5, ...
   *
   * @throws IllegalArgumentException if a rate is outside {@code [0, 1)} or {@code rampEpochs < 1}
   */
  public static Schedule linearRamp(float from, float to, int rampEpochs) {
    Noise.checkRate(from);
    Noise.checkRate(to);
    if (rampEpochs < 1) {
      throw new IllegalArgumentException("Invalid value for argument `rampEpochs`: expected an integer >= 1, "
          + "received rampEpochs=" + rampEpochs);
    }
    return epoch -> rampEpochs == 1 || epoch >= rampEpochs - 1 ? to
        : from + (to - from) * epoch / (float) (rampEpochs - 1);
  }

  /**
   * Curriculum dropout's schedule (Morerio et al. 2017, eq. 9, written for the drop rate):
   * {@code rate(t) = finalRate * (1 - exp(-gamma * t))}, from 0 towards {@code finalRate}.
   *
   * @param finalRate the limit, in {@code [0, 1)}
   * @param gamma the speed per epoch, {@code > 0} (the paper uses {@code 10 / T} for {@code T} training steps)
   * @throws IllegalArgumentException if {@code finalRate} is outside {@code [0, 1)} or {@code gamma <= 0}
   */
  public static Schedule curriculum(float finalRate, double gamma) {
    Noise.checkRate(finalRate);
    if (!(gamma > 0) || Double.isInfinite(gamma)) {
      throw new IllegalArgumentException("Invalid value for argument `gamma`: expected a finite float > 0, "
          + "received gamma=" + gamma);
    }
    return epoch -> (float) (finalRate * -Math.expm1(-gamma * epoch));
  }

  private String name() {
    return layer != null ? layer.name() : layerName;
  }

  /** The rate set for the current (or last) epoch; NaN before training. */
  public float currentRate() {
    return current;
  }

  @Override
  public void onEpochBegin(int epoch, TrainingControl control) {
    float r = schedule.rate(epoch);
    if (!(r >= 0f && r < 1f)) {
      throw new IllegalArgumentException("DropoutRateScheduler for layer \"" + name() + "\": the schedule returned "
          + "rate=" + r + " for epoch " + epoch + ", expected a float value in [0, 1)");
    }
    control.setDropoutRate(name(), r);
    current = r;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
    logs.put(name() + "/rate", (double) current);
  }
}
