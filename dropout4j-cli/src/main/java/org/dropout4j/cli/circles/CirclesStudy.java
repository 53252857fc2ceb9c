package org.dropout4j.cli.circles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.TrainingControl;
import org.dropout4j.data.LabeledData;
import org.dropout4j.data.ToyDatasets;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.merging.Add;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.Functional;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;

/**
 * The standard Keras dropout case study on scikit-learn's {@code make_circles(n_samples=100, noise=0.1,
 * random_state=1)}: the first 30 points train, the last 70 test. Model A is Dense(500, relu) -> Dense(1, sigmoid);
 * model B adds Dropout(rate) after the hidden layer. Both train with Adam and binary cross-entropy, batch 32, the
 * test set as validation data evaluated every epoch.
 *
 * <p>Repeats use seeds {@code seed, seed+1, ...}; both models of a repeat share its seed. Repeats run in parallel
 * on {@code threads} workers; each training is single-threaded and depends only on its seed, so the results are the
 * same for any number of workers.
 */
public final class CirclesStudy {
  /** Rows of the data set used for training (the rest is the test set). */
  public static final int TRAIN_ROWS = 30;
  /** The tutorial's hidden layer width. */
  public static final int HIDDEN_UNITS = 500;

  private final LabeledData train;
  private final LabeledData test;
  private final int epochs;
  private final float rate;

  /**
   * @param epochs epochs per training, {@code >= 1}
   * @param rate dropout rate of model B, in {@code [0, 1)}
   * @throws IllegalArgumentException for out-of-range arguments
   */
  public CirclesStudy(int epochs, float rate) {
    if (epochs < 1) {
      throw new IllegalArgumentException("Invalid value for --epochs: expected an integer >= 1, received " + epochs);
    }
    if (!(rate >= 0f && rate < 1f)) {
      throw new IllegalArgumentException("Invalid value for --rate: expected a float in [0, 1), received " + rate);
    }
    LabeledData all = ToyDatasets.makeCircles(100, 0.1, 1);
    this.train = all.rows(0, TRAIN_ROWS);
    this.test = all.rows(TRAIN_ROWS, all.size());
    this.epochs = epochs;
    this.rate = rate;
  }

  /** The two variants of the study. */
  public enum Variant {
    /** Dense(500, relu) -> Dense(1, sigmoid). */
    A,
    /** Dense(500, relu) -> Dropout(rate) -> Dense(1, sigmoid). */
    B
  }

  /** A short label of a variant, e.g. {@code B: Dropout(0.4)}. */
  public String label(Variant v) {
    return v == Variant.A ? "A: no dropout" : "B: Dropout(" + rate + ")";
  }

  /** The model of a variant, seeded. */
  public Sequential model(Variant v, long seed) {
    Sequential m = new Sequential(Input.shape(2), new Dense(HIDDEN_UNITS, "relu"));
    if (v == Variant.B) {
      m.add(new Dropout(rate));
    }
    m.add(new Dense(1, "sigmoid"));
    m.setRandomSeed(seed);
    m.compile("adam", "binary_crossentropy", "accuracy");
    return m;
  }

  /** Units of the two-branch model's trunk and branches. */
  public static final int BRANCH_UNITS = 32;

  /**
   * A functional model for the browser check of graphs: a trunk {@code Dense(32, relu)}, two branches
   * {@code Dense(32, relu) -> Dropout} named {@code branch_a_dropout} (this study's rate) and
   * {@code branch_b_dropout} (half of it), a residual {@code Add} of the trunk and both branches, and
   * {@code Dense(1, sigmoid)}; seeded and compiled as model B. Monte Carlo dropout samples both branches.
   */
  public Functional twoBranchModel(long seed) {
    Input in = Input.shape(2);
    KerasTensor h = Dense.builder(BRANCH_UNITS).activation("relu").name("trunk").build().apply(in.output());
    KerasTensor a = new Dropout(rate, null, null, "branch_a_dropout")
        .apply(Dense.builder(BRANCH_UNITS).activation("relu").name("branch_a").build().apply(h));
    KerasTensor b = new Dropout(rate / 2, null, null, "branch_b_dropout")
        .apply(Dense.builder(BRANCH_UNITS).activation("relu").name("branch_b").build().apply(h));
    KerasTensor y = Dense.builder(1).activation("sigmoid").name("p").build()
        .apply(new Add("residual").apply(h, a, b));
    Functional m = new Functional(in.output(), y);
    m.setRandomSeed(seed);
    m.compile("adam", "binary_crossentropy", "accuracy");
    return m;
  }

  /** {@link #twoBranchModel} trained as model B is ({@code epochs}, batch 32) on the training set. */
  public Functional trainTwoBranch(long seed) {
    Functional m = twoBranchModel(seed);
    m.fit(Tensor.of(train.x()), Tensor.column(train.y()), FitOptions.builder().epochs(epochs).batchSize(32)
        .verbose(0).build());
    return m;
  }

  /** The outcome of one training, with the trained model. */
  public record Run(Variant variant, long seed, History history, double trainAccuracy, double trainLoss,
      double testAccuracy, double testLoss, double seconds, Sequential model) {
    /** Train accuracy minus test accuracy. */
    public double gap() {
      return trainAccuracy - testAccuracy;
    }
  }

  /**
   * History key of the training-set accuracy measured after each epoch with dropout off (inference mode, as
   * {@code evaluate}); {@code accuracy} is what {@code fit} measures during the epoch, with dropout on.
   */
  public static final String TRAIN_ACCURACY_DROPOUT_OFF = "train_accuracy_dropout_off";

  /** Trains one variant with one seed and evaluates it on both sets (inference mode). */
  public Run run(Variant v, long seed) {
    return run(v, seed, false);
  }

  /**
   * Trains one variant with one seed and evaluates it on both sets (inference mode).
   *
   * @param trackDropoutOff also record {@value #TRAIN_ACCURACY_DROPOUT_OFF} every epoch (one extra evaluate of the
   *     30 training points per epoch; the training itself is unchanged)
   */
  public Run run(Variant v, long seed, boolean trackDropoutOff) {
    return run(v, seed, trackDropoutOff, NO_LISTENER);
  }

  /** Hears about trainings as they go, from the threads that run them (e.g. for a progress bar). */
  public interface Listener {
    /** After epoch {@code epochsDone - 1} of the training of {@code v} with {@code seed}. */
    default void epochEnd(Variant v, long seed, int epochsDone) {
    }

    /** After a training finished and was evaluated. */
    default void finished(Run run) {
    }
  }

  private static final Listener NO_LISTENER = new Listener() { };

  private Run run(Variant v, long seed, boolean trackDropoutOff, Listener listener) {
    Sequential m = model(v, seed);
    Tensor xTrain = Tensor.of(train.x());
    Tensor yTrain = Tensor.column(train.y());
    Tensor xTest = Tensor.of(test.x());
    Tensor yTest = Tensor.column(test.y());
    long t0 = System.nanoTime();
    FitOptions.Builder options = FitOptions.builder().epochs(epochs).batchSize(32).validationData(xTest, yTest)
        .verbose(0);
    options.callbacks(new Callback() {
      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
        if (trackDropoutOff) {
          logs.put(TRAIN_ACCURACY_DROPOUT_OFF, m.evaluate(xTrain, yTrain).get("accuracy"));
        }
        listener.epochEnd(v, seed, epoch + 1);
      }
    });
    History h = m.fit(xTrain, yTrain, options.build());
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Double> tr = m.evaluate(xTrain, yTrain);
    Map<String, Double> te = m.evaluate(xTest, yTest);
    return new Run(v, seed, h, tr.get("accuracy"), tr.get("loss"), te.get("accuracy"), te.get("loss"), seconds, m);
  }

  /**
   * Runs both variants for {@code repeats} seeds starting at {@code seed}.
   *
   * @param threads worker threads, {@code >= 1}
   * @param onDone called after each finished training (from worker threads), e.g. for progress
   * @return runs ordered by variant then seed
   */
  public List<Run> runAll(long seed, int repeats, int threads, java.util.function.Consumer<Run> onDone)
      throws InterruptedException {
    return runAll(seed, repeats, threads, false, new Listener() {
      @Override
      public void finished(Run run) {
        onDone.accept(run);
      }
    });
  }

  /**
   * As {@link #runAll(long, int, int, java.util.function.Consumer)}, telling {@code listener} after every epoch
   * and training; with {@code trackDropoutOff}, model B of the first seed also records
   * {@value #TRAIN_ACCURACY_DROPOUT_OFF} (see {@link #run(Variant, long, boolean)}).
   */
  public List<Run> runAll(long seed, int repeats, int threads, boolean trackDropoutOff, Listener listener)
      throws InterruptedException {
    if (repeats < 1) {
      throw new IllegalArgumentException("Invalid value for --repeats: expected an integer >= 1, received " + repeats);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<Run>> futures = new ArrayList<>();
      for (Variant v : Variant.values()) {
        for (int r = 0; r < repeats; r++) {
          long s = seed + r;
          futures.add(pool.submit(() -> {
            Run run = run(v, s, trackDropoutOff && v == Variant.B && s == seed, listener);
            listener.finished(run);
            return run;
          }));
        }
      }
      List<Run> runs = new ArrayList<>();
      for (Future<Run> f : futures) {
        try {
          runs.add(f.get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
          }
          throw new IllegalStateException(cause);
        }
      }
      return runs;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The training set (the first {@link #TRAIN_ROWS} points). */
  public LabeledData train() {
    return train;
  }

  /** The test set (the remaining points). */
  public LabeledData test() {
    return test;
  }

  /** Epochs per training. */
  public int epochs() {
    return epochs;
  }

  /** Model B's dropout rate. */
  public float rate() {
    return rate;
  }
}
