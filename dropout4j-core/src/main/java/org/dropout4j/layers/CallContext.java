package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;

/**
 * The immutable context of one forward pass, passed down by the model to every layer: training or inference,
 * whether gradients are recorded, and the random key for this step.
 *
 * <p>There is no global training flag: {@code fit} passes a training context, {@code evaluate}/{@code predict} an
 * inference one, and any single call can be forced into training mode with {@link #withTraining(boolean)} — the
 * Keras {@code layer(x, training=True)} idiom.
 *
 * <p>Monte Carlo dropout ({@link #monteCarlo(RngKey, int)}) is a third mode: every other layer behaves as at
 * inference ({@link #training()} is false, so e.g. batch normalization keeps its moving statistics) while the
 * dropout family draws noise ({@link #dropoutActive()}). The flag lives only in the context, never in a model.
 *
 * <p>Two per-pass extras: rate overrides ({@link #withRateOverrides(Map)}, set by {@code fit} for a
 * {@code DropoutRateScheduler}, read by the dropout family through {@link #dropoutRate(String, float)}), and an
 * optional loss list ({@link #collectingLosses()}) into which layers add output-dependent penalties such as activity
 * regularization — Keras' {@code add_loss}; the list belongs to one forward pass, the context stays immutable.
 */
public final class CallContext {
  private static final RngKey DEFAULT_KEY = RngKey.of(0x6472_6F70_6F75_7434L);

  private final boolean training;
  private final boolean recordGradients;
  private final RngKey key;
  private final long step;
  private final int mcSamples;
  private final Map<String, Float> rateOverrides;
  private final List<Tensor> losses;
  private final Set<String> frozen;
  /** In a Monte Carlo pass, the key of noise shared along the batch: one per group of samples, whatever the rows. */
  private final RngKey sharedKey;

  private CallContext(boolean training, boolean recordGradients, RngKey key, long step, int mcSamples) {
    this(training, recordGradients, key, step, mcSamples, Map.of(), null, null, null);
  }

  private CallContext(boolean training, boolean recordGradients, RngKey key, long step, int mcSamples,
      Map<String, Float> rateOverrides, List<Tensor> losses, Set<String> frozen, RngKey sharedKey) {
    this.frozen = frozen;
    this.sharedKey = sharedKey;
    this.training = training;
    this.recordGradients = recordGradients;
    this.key = key;
    this.step = step;
    this.mcSamples = mcSamples;
    this.rateOverrides = rateOverrides;
    this.losses = losses;
  }

  /** Inference: dropout is the identity, no graph is recorded. */
  public static CallContext inference() {
    return new CallContext(false, false, DEFAULT_KEY, 0, 0);
  }

  /**
   * A training step: noise layers draw from {@code key}; gradients are recorded.
   *
   * @param key the step's random key (layers fold in their index)
   * @param step the global training step, used by layers with their own seed
   */
  public static CallContext training(RngKey key, long step) {
    return new CallContext(true, true, key, step, 0);
  }

  /**
   * Monte Carlo dropout: inference for every layer except the dropout family, which draws noise from {@code key}
   * (layers' own seeds are ignored, so {@code key} alone determines the masks); no gradients are recorded.
   *
   * @param key the pass's random key (layers fold in their index)
   * @param samplesPerPass how many stacked copies of the batch the input holds (rows {@code [s*B, (s+1)*B)} are
   *     sample {@code s}); a mask shared along the batch ({@code noise_shape} 1 on axis 0) is drawn once per copy
   * @throws IllegalArgumentException if {@code samplesPerPass < 1}
   */
  public static CallContext monteCarlo(RngKey key, int samplesPerPass) {
    if (samplesPerPass < 1) {
      throw new IllegalArgumentException("Invalid value for argument `samplesPerPass`: expected an integer >= 1, "
          + "received samplesPerPass=" + samplesPerPass);
    }
    return new CallContext(false, false, key, 0, samplesPerPass);
  }

  /**
   * A Monte Carlo pass over one block of the inputs' rows, when the inputs are split into several blocks: noise
   * drawn per row comes from {@code key} (one per block and group of samples), noise shared along the batch (a
   * {@code noise_shape} of 1 on axis 0, a weight mask) from {@code sharedKey} (one per group of samples, the same
   * for every block), so a sample's shared mask is one mask over all inputs, however they are split.
   *
   * @param key the pass's random key (layers fold in their index)
   * @param samplesPerPass how many stacked copies of the block the input holds, as in
   *     {@link #monteCarlo(RngKey, int)}
   * @param sharedKey the group of samples' key for noise shared along the batch (layers fold in their index)
   * @throws IllegalArgumentException if {@code samplesPerPass < 1}
   */
  public static CallContext monteCarlo(RngKey key, int samplesPerPass, RngKey sharedKey) {
    monteCarlo(key, samplesPerPass); // the same argument check
    return new CallContext(false, false, key, 0, samplesPerPass, Map.of(), null, null,
        java.util.Objects.requireNonNull(sharedKey, "sharedKey"));
  }

  /** Whether layers behave as in training (dropout active). */
  public boolean training() {
    return training;
  }

  /** Whether this is a Monte Carlo dropout pass ({@link #monteCarlo(RngKey, int)}). */
  public boolean mcDropout() {
    return mcSamples > 0;
  }

  /** In a Monte Carlo pass, how many stacked copies of the batch the input holds; 0 otherwise. */
  public int mcSamplesPerPass() {
    return mcSamples;
  }

  /** Whether the dropout family draws noise: in training and in Monte Carlo dropout passes. */
  public boolean dropoutActive() {
    return training || mcSamples > 0;
  }

  /** Whether weights are read as differentiable leaves. */
  public boolean recordGradients() {
    return recordGradients;
  }

  /** The global training step of this call. */
  public long step() {
    return step;
  }

  /**
   * The same context with the training flag overridden (Keras' {@code training=True/False} argument); an explicit
   * override also ends Monte Carlo mode, so {@code withTraining(false)} is plain inference.
   */
  public CallContext withTraining(boolean value) {
    return new CallContext(value, recordGradients, key, step, 0, rateOverrides, losses, frozen, null);
  }

  /** The same context drawing noise from {@code newKey} at {@code newStep}. */
  public CallContext withKey(RngKey newKey, long newStep) {
    return new CallContext(training, recordGradients, newKey, newStep, mcSamples, rateOverrides, losses, frozen,
        sharedKey);
  }

  /** The context for the layer at {@code index} of a container: its own independent random key. */
  public CallContext forLayer(int index) {
    return new CallContext(training, recordGradients, key.fold(index), step, mcSamples, rateOverrides, losses, frozen,
        sharedKey == null ? null : sharedKey.fold(index));
  }

  /**
   * The same context with dropout rates overridden per layer name (a copy of {@code overrides} is kept). Only
   * training passes use them: in Monte Carlo passes and at inference every layer keeps its configured rate.
   *
   * @throws IllegalArgumentException if a rate is outside {@code [0, 1)}
   */
  public CallContext withRateOverrides(Map<String, Float> overrides) {
    overrides.values().forEach(org.dropout4j.tensor.Noise::checkRate);
    return new CallContext(training, recordGradients, key, step, mcSamples, Map.copyOf(overrides), losses, frozen,
        sharedKey);
  }

  /** The rate a dropout layer named {@code layerName} uses in this pass: an override in training, else its own. */
  public float dropoutRate(String layerName, float configured) {
    Float r = training && layerName != null ? rateOverrides.get(layerName) : null;
    return r == null ? configured : r;
  }

  /**
   * The same context in which the named layers count as frozen whatever their current {@code trainable} flag:
   * {@code fit} passes the layers that were frozen when its training was set up (at the first fit after
   * {@code compile}, as Keras' train function fixes them), so a later {@code setTrainable} takes effect at the
   * next compile.
   */
  public CallContext withFrozenLayers(Set<String> layerNames) {
    return new CallContext(training, recordGradients, key, step, mcSamples, rateOverrides, losses,
        Set.copyOf(layerNames), sharedKey);
  }

  /**
   * Whether {@code layer} runs in training mode in this pass: a training pass and the layer not frozen (by the
   * layers named in {@link #withFrozenLayers(Set)} if given, else by its own {@code trainable} flag). Keras 3's
   * {@code training and self.trainable}: a frozen BatchNormalization uses and keeps its moving statistics.
   */
  public boolean trains(Layer layer) {
    return training && (frozen == null ? layer.trainable() : !frozen.contains(layer.name()));
  }

  /** The same context with a fresh, empty list that collects the losses layers add during this pass. */
  public CallContext collectingLosses() {
    return new CallContext(training, recordGradients, key, step, mcSamples, rateOverrides, new ArrayList<>(), frozen,
        sharedKey);
  }

  /**
   * Adds a penalty to the pass's loss (Keras' {@code add_loss}); ignored when the context does not collect losses
   * (e.g. in {@code predict}).
   */
  public void addLoss(Tensor penalty) {
    if (losses != null) {
      losses.add(penalty);
    }
  }

  /** The losses added during this pass, in order; empty if the context does not collect them. */
  public List<Tensor> losses() {
    return losses == null ? List.of() : Collections.unmodifiableList(losses);
  }

  /**
   * The key a noise layer draws from: the context's key, or, if the layer has its own {@code seed}, a key from
   * that seed and the step (so the layer's masks depend only on its seed and the step). In Monte Carlo mode always
   * the context's key, so that every pass (and every prediction seed) draws fresh masks.
   */
  public RngKey noiseKey(Long layerSeed) {
    return layerSeed == null || mcSamples > 0 ? key : RngKey.of(layerSeed).fold(step);
  }

  /**
   * The key of noise shared along the batch (a {@code noise_shape} of 1 on axis 0, a weight mask): in a Monte Carlo
   * pass over one block of rows ({@link #monteCarlo(RngKey, int, RngKey)}) the key shared by every block of the same
   * samples; otherwise {@link #noiseKey(Long)}.
   */
  public RngKey sharedNoiseKey(Long layerSeed) {
    return mcSamples > 0 && sharedKey != null ? sharedKey : noiseKey(layerSeed);
  }

  /** A weight's value: differentiable when gradients are recorded, constant otherwise. */
  public Tensor read(Parameter p) {
    return recordGradients ? p.value() : p.constant();
  }

  @Override
  public String toString() {
    return "CallContext[training=" + training + ", step=" + step
        + (mcSamples > 0 ? ", mcDropout samplesPerPass=" + mcSamples : "") + "]";
  }
}
