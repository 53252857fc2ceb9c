package org.dropout4j.optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Parallel;
import org.dropout4j.tensor.Parameter;

/**
 * The base of the optimizers: a learning rate, an iteration count and per-weight state slots, updated in
 * place after each backward pass. Subclasses implement one weight's update rule.
 */
public abstract class Optimizer {
  /** Elements per parallel range of a weight's update, at least. */
  private static final int RANGE = 1 << 16;
  /** Most ranges one weight's update is cut into. */
  private static final int MAX_RANGES = 16;

  private final float learningRate;
  private long iterations;
  private final List<float[][]> slots = new ArrayList<>();

  /**
   * @param learningRate the step size, {@code > 0}
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  protected Optimizer(float learningRate) {
    if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("Invalid value for argument `learning_rate`: expected a positive finite "
          + "float, received learning_rate=" + learningRate);
    }
    this.learningRate = learningRate;
  }

  /** Checks a hyper-parameter in {@code [0, 1)} (betas, rho, momentum). */
  protected static float checkUnit(String arg, float value) {
    if (!(value >= 0f && value < 1f)) {
      throw new IllegalArgumentException("Invalid value for argument `" + arg + "`: expected a float in [0, 1), "
          + "received " + arg + "=" + value);
    }
    return value;
  }

  /** Checks a positive epsilon. */
  protected static float checkPositive(String arg, float value) {
    if (!(value > 0f) || Float.isInfinite(value)) {
      throw new IllegalArgumentException("Invalid value for argument `" + arg + "`: expected a positive finite "
          + "float, received " + arg + "=" + value);
    }
    return value;
  }

  /** A float hyper-parameter as the double a person wrote (0.9f becomes 0.9), for configs. */
  protected static double number(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  /** The learning rate. */
  public final float learningRate() {
    return learningRate;
  }

  /** Number of steps applied so far (Keras' {@code optimizer.iterations}). */
  public final long iterations() {
    return iterations;
  }

  /**
   * Applies one step to every trainable parameter that has a gradient. The parameter list must be the same,
   * in the same order, at every step (state is kept by position).
   */
  public final void apply(List<Parameter> parameters) {
    long step = iterations + 1;
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      if (!p.trainable()) {
        continue;
      }
      while (slots.size() <= i) {
        slots.add(null);
      }
      if (slots.get(i) == null) {
        slots.set(i, newSlots(p.size()));
      }
      float[] g = p.gradData();
      if (g != null) {
        float[] w = p.data();
        float[][] state = slots.get(i);
        // elementwise, so the ranges (and the threads) do not change the bits
        int ranges = (int) Math.min(MAX_RANGES, (w.length + RANGE - 1) / RANGE);
        if (ranges <= 1) { // the small weights of small models: no task overhead per step
          update(w, g, state, step, 0, w.length);
        } else {
          Parallel.run(ranges, r -> update(w, g, state, step, (int) ((long) w.length * r / ranges),
              (int) ((long) w.length * (r + 1) / ranges)));
        }
      }
    }
    iterations = step;
  }

  /**
   * A deep copy of the per-weight state slots, by position in the parameter list given to {@link #apply}: entry
   * {@code i} is {@code null} for a weight that has had no step (or is frozen), otherwise the optimizer's arrays
   * for it (e.g. Adam's {@code m} and {@code v}, each of the weight's size). With {@link #iterations()} this is
   * the whole training state, for saving.
   */
  public final List<float[][]> exportSlots() {
    List<float[][]> out = new ArrayList<>();
    for (float[][] s : slots) {
      if (s == null) {
        out.add(null);
        continue;
      }
      float[][] c = new float[s.length][];
      for (int j = 0; j < s.length; j++) {
        c[j] = s[j].clone();
      }
      out.add(c);
    }
    return out;
  }

  /**
   * Restores the state written by {@link #exportSlots()} and {@link #iterations()} (copies the arrays), so the next
   * {@link #apply} continues exactly where the saved optimizer stopped.
   *
   * @param iterationsValue the number of steps already applied, {@code >= 0}
   * @param slotsValue per-weight slots as {@link #exportSlots()} returns them; {@code null} entries allowed
   * @throws IllegalArgumentException if {@code iterations} is negative, or an entry has a different number of
   *     arrays than this optimizer keeps per weight, or arrays of different lengths
   */
  public final void importState(long iterationsValue, List<float[][]> slotsValue) {
    if (iterationsValue < 0) {
      throw new IllegalArgumentException("Invalid value for argument `iterations` of " + className()
          + ": expected an integer >= 0, received iterations=" + iterationsValue);
    }
    List<float[][]> copy = new ArrayList<>();
    for (int i = 0; i < slotsValue.size(); i++) {
      float[][] s = slotsValue.get(i);
      if (s == null) {
        copy.add(null);
        continue;
      }
      int size = s.length == 0 ? 0 : s[0].length;
      int expected = newSlots(size).length;
      if (s.length != expected) {
        throw new IllegalArgumentException(className() + " keeps " + expected + " state arrays per weight, received "
            + s.length + " for weight #" + i);
      }
      float[][] c = new float[s.length][];
      for (int j = 0; j < s.length; j++) {
        if (s[j].length != size) {
          throw new IllegalArgumentException(className() + " state arrays of weight #" + i + " must have one "
              + "length, received " + size + " and " + s[j].length);
        }
        c[j] = s[j].clone();
      }
      copy.add(c);
    }
    slots.clear();
    slots.addAll(copy);
    iterations = iterationsValue;
  }

  /** The state slots for one weight of {@code size} elements (e.g. Adam's m and v). */
  protected abstract float[][] newSlots(int size);

  /**
   * Updates elements {@code [from, to)} of one weight in place. The update of an element may read and write only
   * that element of {@code w}, {@code g} and the slots: {@link #apply} updates large weights in parallel ranges.
   */
  protected abstract void update(float[] w, float[] g, float[][] slots, long step, int from, int to);

  /** The Keras class name, e.g. {@code Adam}. */
  public abstract String className();

  /** The Keras config: {@code name}, {@code learning_rate}, then the optimizer's own keys. */
  public final Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", className().toLowerCase());
    c.put("learning_rate", number(learningRate));
    addConfig(c);
    return c;
  }

  /** Adds the optimizer's own config keys. */
  protected abstract void addConfig(Map<String, Object> config);
}
