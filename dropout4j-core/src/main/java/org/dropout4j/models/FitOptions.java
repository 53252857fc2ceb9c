package org.dropout4j.models;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.data.Dataset;
import org.dropout4j.tensor.Tensor;

/**
 * The options of {@link Sequential#fit}, with Keras' defaults ({@code epochs=1}, {@code batch_size=32},
 * {@code shuffle=true}, no validation, no callbacks) except one: {@code verbose=0}. A library prints nothing unless
 * asked, so progress is shown only with {@code verbose(1)} (progress bar) or {@code verbose(2)} (a line per epoch),
 * where Keras' {@code fit} defaults to the bar.
 *
 * <pre>{@code
 * FitOptions.builder().epochs(4000).batchSize(32).validationData(xTest, yTest).verbose(0).build()
 * }</pre>
 */
public final class FitOptions {
  /** Keras' default batch size. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  private final int epochs;
  private final int batchSize;
  private final Tensor validationX;
  private final Tensor validationY;
  private final List<Tensor> validationInputs;
  private final List<Tensor> validationTargets;
  private final double validationSplit;
  private final boolean shuffle;
  private final int verbose;
  private final List<Callback> callbacks;
  private final PrintStream out;
  private final Map<Integer, Double> classWeight;
  private final Tensor sampleWeight;
  private final int initialEpoch;
  private final int stepsPerEpoch;
  private final Dataset validationDataset;
  private final int validationSteps;

  private FitOptions(Builder b) {
    if (b.epochs < 0) {
      throw new IllegalArgumentException("Invalid value for argument `epochs`: expected an integer >= 0, received "
          + "epochs=" + b.epochs);
    }
    if (b.batchSize <= 0) {
      throw new IllegalArgumentException("Invalid value for argument `batch_size`: expected a positive integer, "
          + "received batch_size=" + b.batchSize);
    }
    if (!(b.validationSplit >= 0 && b.validationSplit < 1)) {
      throw new IllegalArgumentException("Invalid value for argument `validation_split`: expected a float in "
          + "[0, 1), received validation_split=" + b.validationSplit);
    }
    if (b.validationSplit > 0 && b.validationX != null) {
      throw new IllegalArgumentException("Pass either `validation_data` or `validation_split`, not both");
    }
    if (b.verbose < 0 || b.verbose > 2) {
      throw new IllegalArgumentException("Invalid value for argument `verbose`: expected 0, 1 or 2, received verbose="
          + b.verbose);
    }
    if (b.classWeight != null && b.sampleWeight != null) {
      throw new IllegalArgumentException("You cannot pass both `class_weight` and `sample_weight` at the same time");
    }
    if (b.classWeight != null) {
      b.classWeight.forEach((k, v) -> {
        if (k == null || v == null || !Double.isFinite(v)) {
          throw new IllegalArgumentException("Invalid value for argument `class_weight`: expected class ids mapped "
              + "to finite weights, received " + b.classWeight);
        }
      });
    }
    if (b.sampleWeight != null && b.sampleWeight.rank() != 1
        && !(b.sampleWeight.rank() == 2 && b.sampleWeight.shape().dim(1) == 1)) {
      throw new IllegalArgumentException("Invalid value for argument `sample_weight`: expected one weight per sample "
          + "(shape (n,) or (n, 1)), received shape " + b.sampleWeight.shape());
    }
    if (b.initialEpoch < 0) {
      throw new IllegalArgumentException("Invalid value for argument `initial_epoch`: expected an integer >= 0, "
          + "received initial_epoch=" + b.initialEpoch);
    }
    if (b.stepsPerEpoch < 0 || b.validationSteps < 0) {
      throw new IllegalArgumentException("Invalid value for argument `" + (b.stepsPerEpoch < 0 ? "steps_per_epoch"
          : "validation_steps") + "`: expected an integer >= 1 (or 0 for a whole pass), received "
          + Math.min(b.stepsPerEpoch, b.validationSteps));
    }
    if (b.validationDataset != null && (b.validationSplit > 0 || b.validationX != null)) {
      throw new IllegalArgumentException("Pass one of `validation_data` (arrays or a Dataset) or "
          + "`validation_split`, not several");
    }
    this.stepsPerEpoch = b.stepsPerEpoch;
    this.validationDataset = b.validationDataset;
    this.validationSteps = b.validationSteps;
    this.classWeight = b.classWeight == null ? null : Map.copyOf(b.classWeight);
    this.sampleWeight = b.sampleWeight;
    this.initialEpoch = b.initialEpoch;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.validationX = b.validationX;
    this.validationY = b.validationY;
    this.validationInputs = b.validationInputs;
    this.validationTargets = b.validationTargets;
    this.validationSplit = b.validationSplit;
    this.shuffle = b.shuffle;
    this.verbose = b.verbose;
    this.callbacks = List.copyOf(b.callbacks);
    this.out = b.out;
  }

  /** A builder with Keras' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of epochs. */
  public int epochs() {
    return epochs;
  }

  /** Samples per gradient step. */
  public int batchSize() {
    return batchSize;
  }

  /** Validation inputs, or {@code null}. */
  public Tensor validationX() {
    return validationX;
  }

  /** Validation targets, or {@code null}. */
  public Tensor validationY() {
    return validationY;
  }

  /**
   * The validation inputs, one tensor per model input ({@link Builder#validationData(List,
   * List)} or the single tensor of {@link Builder#validationData(Tensor, Tensor)}), or {@code null}.
   */
  public List<Tensor> validationInputs() {
    return validationInputs != null ? validationInputs : validationX == null ? null : List.of(validationX);
  }

  /** The validation targets, one tensor per model output, or {@code null}. */
  public List<Tensor> validationTargets() {
    return validationTargets != null ? validationTargets
        : validationY == null ? null : List.of(validationY);
  }

  /** Fraction of the training data (taken from the end, before shuffling) held out for validation. */
  public double validationSplit() {
    return validationSplit;
  }

  /** Whether the training samples are shuffled every epoch. */
  public boolean shuffle() {
    return shuffle;
  }

  /** 0 = silent, 1 = progress bar, 2 = one line per epoch. */
  public int verbose() {
    return verbose;
  }

  /** The callbacks, in order. */
  public List<Callback> callbacks() {
    return callbacks;
  }

  /** Where progress is printed. */
  public PrintStream out() {
    return out;
  }

  /** Keras' {@code class_weight}: a weight per class id, or {@code null}. */
  public Map<Integer, Double> classWeight() {
    return classWeight;
  }

  /** Keras' {@code sample_weight}: one weight per training sample, or {@code null}. */
  public Tensor sampleWeight() {
    return sampleWeight;
  }

  /** Keras' {@code initial_epoch}: the epoch (0-based) training starts at; it runs until {@link #epochs()}. */
  public int initialEpoch() {
    return initialEpoch;
  }

  /**
   * Keras' {@code steps_per_epoch} for {@link Dataset} input: batches per epoch, the dataset's pass continuing
   * into the next epoch (0, the default: one whole pass per epoch). An epoch also ends where a pass ends.
   */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /** Validation batches from a {@link Dataset}, or {@code null}. */
  public Dataset validationDataset() {
    return validationDataset;
  }

  /** Keras' {@code validation_steps}: batches of the validation dataset per evaluation (0: a whole pass). */
  public int validationSteps() {
    return validationSteps;
  }

  /** Builder of {@link FitOptions}. */
  public static final class Builder {
    private int epochs = 1;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Tensor validationX;
    private Tensor validationY;
    private List<Tensor> validationInputs;
    private List<Tensor> validationTargets;
    private double validationSplit;
    private boolean shuffle = true;
    private int verbose = 0;
    private final List<Callback> callbacks = new ArrayList<>();
    private PrintStream out = System.out;
    private Map<Integer, Double> classWeight;
    private Tensor sampleWeight;
    private int initialEpoch;
    private int stepsPerEpoch;
    private Dataset validationDataset;
    private int validationSteps;

    private Builder() {
    }

    /**
     * Keras' {@code class_weight}: each sample's loss is multiplied by the weight of its class (the target for
     * {@code (n,)} or {@code (n, 1)} targets, rounded; the argmax of one-hot targets); classes not listed weigh 1.
     * The weights also reach {@code weighted_metrics}. Not together with {@link #sampleWeight}.
     */
    public Builder classWeight(Map<Integer, Double> value) {
      this.classWeight = value;
      return this;
    }

    /**
     * Keras' {@code sample_weight}: one weight per training sample (shape {@code (n,)}), multiplying its loss
     * before the batch's {@code sum_over_batch_size} reduction; the weights also reach {@code weighted_metrics}.
     */
    public Builder sampleWeight(Tensor value) {
      this.sampleWeight = value;
      return this;
    }

    /** Keras' {@code initial_epoch} (default 0): the epoch to start at, e.g. to resume an interrupted fit. */
    public Builder initialEpoch(int value) {
      this.initialEpoch = value;
      return this;
    }

    /** Keras' {@code steps_per_epoch} (default 0: a whole pass of the dataset); only for {@link Dataset} input. */
    public Builder stepsPerEpoch(int value) {
      this.stepsPerEpoch = value;
      return this;
    }

    /** Validation data read from a {@link Dataset} at the end of every epoch (in inference mode). */
    public Builder validationData(Dataset value) {
      this.validationDataset = value;
      return this;
    }

    /** Keras' {@code validation_steps} (default 0: a whole pass of the validation dataset). */
    public Builder validationSteps(int value) {
      this.validationSteps = value;
      return this;
    }

    /** Number of epochs (default 1). */
    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    /** Batch size (default 32). */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Data evaluated at the end of every epoch, reported as {@code val_*}. */
    public Builder validationData(Tensor x, Tensor y) {
      this.validationX = x;
      this.validationY = y;
      this.validationInputs = null;
      this.validationTargets = null;
      return this;
    }

    /**
     * Validation data of a model with several inputs or outputs: one tensor per input and one per output, in the
     * model's order.
     */
    public Builder validationData(List<Tensor> inputs, List<Tensor> targets) {
      this.validationInputs = List.copyOf(inputs);
      this.validationTargets = List.copyOf(targets);
      this.validationX = inputs.isEmpty() ? null : inputs.get(0);
      this.validationY = targets.isEmpty() ? null : targets.get(0);
      return this;
    }

    /** Fraction of the training data held out for validation (default 0). */
    public Builder validationSplit(double value) {
      this.validationSplit = value;
      return this;
    }

    /** Whether to shuffle each epoch (default true). */
    public Builder shuffle(boolean value) {
      this.shuffle = value;
      return this;
    }

    /** 0 = silent (the default), 1 = progress bar, 2 = one line per epoch; printed to {@link #out}. */
    public Builder verbose(int value) {
      this.verbose = value;
      return this;
    }

    /** Adds callbacks. */
    public Builder callbacks(Callback... values) {
      this.callbacks.addAll(List.of(values));
      return this;
    }

    /** Where progress is printed (default standard output). */
    public Builder out(PrintStream value) {
      this.out = value;
      return this;
    }

    /** The options. */
    public FitOptions build() {
      return new FitOptions(this);
    }
  }
}
