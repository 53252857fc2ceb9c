package org.dropout4j.optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.internal.Names;
import org.dropout4j.optimizers.schedules.LearningRateSchedule;
import org.dropout4j.tensor.Parameter;

/**
 * The base of the optimizers, as Keras 3's {@code BaseOptimizer}: a learning rate (a float or a
 * {@link LearningRateSchedule}), an iteration count, per-weight state slots updated in place after each backward
 * pass, and Keras' common options, set before the first step:
 * <ul>
 *   <li>{@link #clipnorm}, {@link #globalClipnorm}, {@link #clipvalue} (at most one): gradient clipping per weight
 *       ({@code g * c / max(|g|, c)}), over all weights, or by value;</li>
 *   <li>{@link #weightDecay}: before each update {@code w -= w * weight_decay * lr} (decoupled, every weight);</li>
 *   <li>{@link #useEma}: an exponential moving average of the weights ({@code avg = m avg + (1 - m) w}, {@code m = 0}
 *       at the first step) copied into the weights every {@code ema_overwrite_frequency} steps and at the end of
 *       {@code fit} ({@link #finalizeVariableValues});</li>
 *   <li>{@link #gradientAccumulationSteps}: gradients are summed over {@code n} calls and the update, with their
 *       mean, runs at every {@code n}-th call.</li>
 * </ul>
 * Per call of {@link #apply}: clip, decay, update (Keras' order), then the moving average. Subclasses implement one
 * weight's update rule ({@link #newSlots}, {@link #update}) and record their checked hyper-parameters with
 * {@link #hyper} (which writes them into {@link #getConfig()}). Not thread-safe: one training loop at a time.
 */
public abstract class Optimizer {
  /** Keras' default {@code ema_momentum}. */
  public static final double DEFAULT_EMA_MOMENTUM = 0.99;

  private float learningRate;
  private final LearningRateSchedule schedule;
  private long iterations;
  private final List<float[][]> slots = new ArrayList<>();
  private Float weightDecay;
  private Float clipnorm;
  private Float clipvalue;
  private Float globalClipnorm;
  private boolean useEma;
  private float emaMomentum = (float) DEFAULT_EMA_MOMENTUM;
  private Integer emaOverwriteFrequency;
  private Integer accumulationSteps;
  /** The optimizer's own config keys, recorded by {@link #hyper} in Keras order. */
  private final Map<String, Object> ownConfig = new LinkedHashMap<>();

  /**
   * @param learningRate the step size, {@code > 0}
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  protected Optimizer(double learningRate) {
    this(Rate.of(learningRate));
  }

  /**
   * @param schedule the learning rate as a function of the iteration
   * @throws IllegalArgumentException if the schedule is {@code null}
   */
  protected Optimizer(LearningRateSchedule schedule) {
    this(Rate.of(schedule));
  }

  /** The canonical constructor: the optimizers of this package wrap either form of the rate in a {@link Rate}. */
  Optimizer(Rate rate) {
    this.schedule = rate.schedule();
    this.learningRate = schedule == null ? checkLearningRate(rate.constant()) : 0f;
  }

  private static float checkLearningRate(double value) {
    if (!(value > 0) || Double.isInfinite(value) || (float) value == 0f || Float.isInfinite((float) value)) {
      throw new IllegalArgumentException("Invalid value for argument `learning_rate`: expected a positive finite "
          + "float, received learning_rate=" + value);
    }
    return (float) value;
  }

  /** Checks a hyper-parameter in {@code [0, 1)} (betas, rho, momentum). */
  protected static float checkUnit(String arg, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException("Invalid value for argument `" + arg + "`: expected a float in [0, 1), "
          + "received " + arg + "=" + value);
    }
    return (float) value;
  }

  /** Checks a positive finite hyper-parameter (epsilon, ...). */
  protected static float checkPositive(String arg, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("Invalid value for argument `" + arg + "`: expected a positive finite "
          + "float, received " + arg + "=" + value);
    }
    return (float) value;
  }

  /** Checks a finite hyper-parameter {@code >= 0}. */
  protected static float checkNonNegative(String arg, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("Invalid value for argument `" + arg + "`: expected a finite float >= 0, "
          + "received " + arg + "=" + value);
    }
    return (float) value;
  }

  /**
   * Records a checked float hyper-parameter as one of this optimizer's own config keys (after the common ones, in
   * the order recorded, as Keras writes them) and returns it.
   *
   * @param key the Keras argument name, e.g. {@code beta_1}
   * @param value the value, already checked
   * @return {@code value}
   */
  protected final float hyper(String key, float value) {
    ownConfig.put(key, number(value));
    return value;
  }

  /** Records a boolean hyper-parameter (e.g. {@code amsgrad}) as {@link #hyper(String, float)} does. */
  protected final boolean hyper(String key, boolean value) {
    ownConfig.put(key, value);
    return value;
  }

  /** {@link #checkUnit} then {@link #hyper(String, float)}: a recorded hyper-parameter in {@code [0, 1)}. */
  protected final float hyperUnit(String key, double value) {
    return hyper(key, checkUnit(key, value));
  }

  /** {@link #checkPositive} then {@link #hyper(String, float)}: a recorded positive hyper-parameter. */
  protected final float hyperPositive(String key, double value) {
    return hyper(key, checkPositive(key, value));
  }

  /** {@link #checkNonNegative} then {@link #hyper(String, float)}: a recorded hyper-parameter {@code >= 0}. */
  protected final float hyperNonNegative(String key, double value) {
    return hyper(key, checkNonNegative(key, value));
  }

  /** A float hyper-parameter as the double a person wrote (0.9f becomes 0.9), for configs. */
  protected static double number(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  private void requireUnstarted(String arg) {
    if (iterations > 0 || !slots.isEmpty()) {
      throw new IllegalStateException("cannot set `" + arg + "` of " + className() + " after its first step; set "
          + "it before fit()");
    }
  }

  private void requireOneClip(String arg) {
    int set = (clipnorm != null ? 1 : 0) + (clipvalue != null ? 1 : 0) + (globalClipnorm != null ? 1 : 0);
    if (set > 0) {
      throw new IllegalArgumentException("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set; "
          + className() + " already has clipnorm=" + clipnorm + ", clipvalue=" + clipvalue + ", global_clipnorm="
          + globalClipnorm + ", received " + arg);
    }
  }

  /**
   * Keras' {@code clipnorm}: each weight's gradient is rescaled to an L2 norm of at most {@code value}.
   *
   * @return this optimizer
   * @throws IllegalArgumentException if not positive, or another clipping option is set
   * @throws IllegalStateException after the first step
   */
  public Optimizer clipnorm(double value) {
    clipnorm = clipArgument("clipnorm", value);
    return this;
  }

  /**
   * Keras' {@code global_clipnorm}: all gradients together are rescaled to a global L2 norm of at most
   * {@code value}.
   *
   * @return this optimizer
   * @throws IllegalArgumentException if not positive, or another clipping option is set
   * @throws IllegalStateException after the first step
   */
  public Optimizer globalClipnorm(double value) {
    globalClipnorm = clipArgument("global_clipnorm", value);
    return this;
  }

  /**
   * Keras' {@code clipvalue}: each gradient element is clipped to {@code [-value, value]}.
   *
   * @return this optimizer
   * @throws IllegalArgumentException if not positive, or another clipping option is set
   * @throws IllegalStateException after the first step
   */
  public Optimizer clipvalue(double value) {
    clipvalue = clipArgument("clipvalue", value);
    return this;
  }

  /** A clipping option's value, checked: before the first step, positive, and the only clipping option. */
  private float clipArgument(String name, double value) {
    requireUnstarted(name);
    requireOneClip(name + "=" + value);
    return checkPositive(name, value);
  }

  /**
   * Keras' {@code weight_decay}: before each update every trainable weight becomes {@code w - w * decay * lr}.
   *
   * @return this optimizer
   * @throws IllegalArgumentException if negative or not finite
   * @throws IllegalStateException after the first step
   */
  public Optimizer weightDecay(double value) {
    requireUnstarted("weight_decay");
    weightDecay = checkNonNegative("weight_decay", value);
    return this;
  }

  /**
   * Keras' {@code use_ema=True} with {@code ema_momentum} and {@code ema_overwrite_frequency}.
   *
   * @param momentum in {@code [0, 1]} (Keras' default 0.99)
   * @param overwriteFrequency {@code null} to copy the average into the weights only at the end of {@code fit},
   *     else every that many steps ({@code >= 1})
   * @return this optimizer
   * @throws IllegalArgumentException for values out of range
   * @throws IllegalStateException after the first step
   */
  public Optimizer useEma(double momentum, Integer overwriteFrequency) {
    requireUnstarted("use_ema");
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("Invalid value for argument `ema_momentum`: expected a float in [0, 1], "
          + "received ema_momentum=" + momentum);
    }
    if (overwriteFrequency != null && overwriteFrequency < 1) {
      throw new IllegalArgumentException("Invalid value for argument `ema_overwrite_frequency`: expected an "
          + "integer >= 1 or null, received ema_overwrite_frequency=" + overwriteFrequency);
    }
    useEma = true;
    emaMomentum = (float) momentum;
    emaOverwriteFrequency = overwriteFrequency;
    return this;
  }

  /**
   * Keras' {@code gradient_accumulation_steps}: gradients of {@code steps} consecutive calls are averaged into one
   * update.
   *
   * @return this optimizer
   * @throws IllegalArgumentException if {@code steps < 2}
   * @throws IllegalStateException after the first step
   */
  public Optimizer gradientAccumulationSteps(int steps) {
    requireUnstarted("gradient_accumulation_steps");
    if (steps < 2) {
      throw new IllegalArgumentException("`gradient_accumulation_steps` must be an integer >= 2, received "
          + "gradient_accumulation_steps=" + steps);
    }
    accumulationSteps = steps;
    return this;
  }

  /**
   * The learning rate of the next update: the constant, or the schedule at {@link #iterations()} (as Keras'
   * {@code optimizer.learning_rate}).
   */
  public final float learningRate() {
    return schedule == null ? learningRate : (float) schedule.at(iterations);
  }

  /** The schedule this optimizer was made with, or {@code null} for a constant learning rate. */
  public final LearningRateSchedule learningRateSchedule() {
    return schedule;
  }

  /**
   * Sets the constant learning rate (Keras' {@code optimizer.learning_rate = value}, used by
   * {@code ReduceLROnPlateau} and {@code LearningRateScheduler}).
   *
   * @throws IllegalArgumentException if not positive and finite
   * @throws IllegalStateException if this optimizer was made with a schedule (as Keras' TypeError)
   */
  public final void setLearningRate(double value) {
    if (schedule != null) {
      throw new IllegalStateException("This optimizer was created with a `LearningRateSchedule` object as its "
          + "`learning_rate` constructor argument, hence its learning rate is not settable. If you need the learning "
          + "rate to be settable, you should instantiate the optimizer with a float `learning_rate` argument.");
    }
    learningRate = checkLearningRate(value);
  }

  /**
   * Number of {@link #apply} calls so far (Keras' {@code optimizer._iterations}; with gradient accumulation Keras'
   * {@code optimizer.iterations}, the number of updates, is this divided by the accumulation steps).
   */
  public final long iterations() {
    return iterations;
  }

  /** The number of updates applied: {@link #iterations()}, divided by the accumulation steps if any. */
  public final long updates() {
    return accumulationSteps == null ? iterations : iterations / accumulationSteps;
  }

  private int extraSlots() {
    return (accumulationSteps != null ? 1 : 0) + (useEma ? 1 : 0);
  }

  private float[][] allocate(int size) {
    float[][] own = newSlots(size);
    float[][] all = new float[own.length + extraSlots()][];
    System.arraycopy(own, 0, all, 0, own.length);
    for (int j = own.length; j < all.length; j++) {
      all[j] = new float[size];
    }
    return all;
  }

  /**
   * Applies one step to every parameter of the list that has a gradient (the caller passes the weights it trains:
   * fit passes those trainable when its training was set up, so a layer frozen since then still trains until the
   * next compile, as in Keras). The parameter list must be the same, in the same order, at every step (state is
   * kept by position). Gradients may be modified in place (clipping, accumulation).
   */
  public final void apply(List<Parameter> parameters) {
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      while (slots.size() <= i) {
        slots.add(null);
      }
      if (slots.get(i) == null) {
        slots.set(i, allocate(p.size()));
      }
      if (p.gradData() != null) {
        active.add(i);
      }
    }
    int own = slots.stream().filter(s -> s != null).findFirst().map(s -> s.length - extraSlots()).orElse(0);
    float lr = learningRate();
    boolean update = accumulationSteps == null || (iterations + 1) % accumulationSteps == 0;
    if (accumulationSteps != null) {
      for (int i : active) {
        SlotArrays.accumulate(parameters.get(i).gradData(), slots.get(i)[own], update, accumulationSteps);
      }
    }
    if (update) {
      GradientClipping.clip(parameters, active, clipnorm, globalClipnorm, clipvalue);
      long step = updates() + 1;
      beginUpdate(step);
      UpdatePass.run(this, parameters, active, slots, weightDecay, step, lr);
    }
    if (useEma) {
      float momentum = updates() != 0 ? emaMomentum : 0f;
      boolean overwrite = emaOverwriteFrequency != null && (updates() + 1) % emaOverwriteFrequency == 0;
      for (int i = 0; i < parameters.size(); i++) {
        float[][] s = i < slots.size() ? slots.get(i) : null;
        if (s == null) {
          continue;
        }
        SlotArrays.average(s[s.length - 1], parameters.get(i).data(), momentum, overwrite);
      }
    }
    iterations++;
  }

  /**
   * Keras' {@code finalize_variable_values}, called at the end of {@code fit}: with {@code use_ema} the weights take
   * their moving averages; otherwise nothing happens.
   */
  public final void finalizeVariableValues(List<Parameter> parameters) {
    if (!useEma) {
      return;
    }
    for (int i = 0; i < parameters.size() && i < slots.size(); i++) {
      float[][] s = slots.get(i);
      if (s != null) {
        System.arraycopy(s[s.length - 1], 0, parameters.get(i).data(), 0, parameters.get(i).size());
      }
    }
  }

  /**
   * A deep copy of the per-weight state slots, by position in the parameter list given to {@link #apply}: entry
   * {@code i} is {@code null} for a weight that has had no step (or is frozen), otherwise the optimizer's arrays
   * for it (e.g. Adam's {@code m} and {@code v}, each of the weight's size, then the gradient accumulator and the
   * moving average if those options are on). With {@link #iterations()} this is the whole training state.
   */
  public final List<float[][]> exportSlots() {
    return SlotArrays.deepCopy(slots);
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
    List<float[][]> copy = SlotArrays.checkedCopy(slotsValue, className(),
        size -> newSlots(size).length + extraSlots());
    slots.clear();
    slots.addAll(copy);
    iterations = iterationsValue;
    restoreScalars(updates());
  }

  /** The state slots for one weight of {@code size} elements (e.g. Adam's m and v). */
  protected abstract float[][] newSlots(int size);

  /**
   * Called once before the weights of an update are updated, with that update's 1-based step (Keras'
   * {@code iterations + 1}); for optimizers with per-step scalars (Nadam). Default: nothing.
   */
  protected void beginUpdate(long step) {
  }

  /** Recomputes per-step scalars after {@code updates} updates (state import). Default: nothing. */
  protected void restoreScalars(long updates) {
  }

  /**
   * Updates elements {@code [from, to)} of one weight in place. The update of an element may read and write only
   * that element of {@code w}, {@code g} and the slots: {@link #apply} updates all weights in one pass of parallel
   * chunks.
   *
   * @param step the 1-based update number (Keras' {@code iterations + 1})
   * @param lr the learning rate of this update
   */
  protected abstract void update(float[] w, float[] g, float[][] slots, long step, float lr, int from, int to);

  /** The Keras class name, e.g. {@code Adam}. */
  public abstract String className();

  /**
   * The Keras config: {@code name}, {@code learning_rate} (the float32 value, or the serialized schedule), the
   * common options, then the optimizer's own keys.
   */
  public final Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", Names.snakeCase(className()));
    c.put("learning_rate", schedule != null ? schedule.serialize() : (Object) (double) learningRate);
    c.put("weight_decay", weightDecay == null ? null : number(weightDecay));
    c.put("clipnorm", clipnorm == null ? null : number(clipnorm));
    c.put("global_clipnorm", globalClipnorm == null ? null : number(globalClipnorm));
    c.put("clipvalue", clipvalue == null ? null : number(clipvalue));
    c.put("use_ema", useEma);
    c.put("ema_momentum", number(emaMomentum));
    c.put("ema_overwrite_frequency", emaOverwriteFrequency);
    c.put("loss_scale_factor", null);
    c.put("gradient_accumulation_steps", accumulationSteps);
    c.putAll(ownConfig);
    addConfig(c);
    return c;
  }

  /**
   * Adds config keys that are not recorded through {@link #hyper} (after those). Default: nothing.
   *
   * @param config the config so far, to add to
   */
  protected void addConfig(Map<String, Object> config) {
  }

  @Override
  public String toString() {
    return className() + getConfig();
  }
}
