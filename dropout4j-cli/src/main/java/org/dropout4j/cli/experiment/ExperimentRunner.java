package org.dropout4j.cli.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dropout4j.cli.presets.ModelPresets;
import org.dropout4j.cli.report.AtomicFiles;
import org.dropout4j.data.FashionMnist;
import org.dropout4j.data.LabeledData;
import org.dropout4j.data.LabeledImages;
import org.dropout4j.data.Mnist;
import org.dropout4j.data.ToyDatasets;
import org.dropout4j.data.TrainTest;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.constraints.MaxNorm;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Optimizer;
import org.dropout4j.optimizers.Optimizers;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Runs the trials of an {@link ExperimentSpec} (every setting times every repeat) on a pool of threads, saving each
 * finished trial at once so that a stopped experiment resumes where it stopped.
 *
 * <p><b>Determinism.</b> A trial's model is seeded only by the trial's recorded seed and trains single-threaded,
 * so its outcome does not depend on the number of threads, on the order in which trials finish, or on whether it
 * ran in a resumed session.
 *
 * <p><b>Files in the output directory</b>, each written atomically ({@link AtomicFiles}): {@code spec.json} (the
 * spec with defaults, checked on resume: a different spec is an error), {@code trials/trial-NNNNN.json} (one per
 * finished trial, with its history) and {@code results.jsonl} (one line per finished trial, trial order, no
 * history), rewritten after every trial, and {@code models/trial-NNNNN.d4j}: the trained weights of each repeat-0
 * trial ({@link ModelArchive}, not compiled, no optimizer state; saved before the trial's record), which the
 * report draws.
 *
 * <p><b>Order.</b> Trials are started repeat-major (every setting of repeat 0, then repeat 1, ...), so an
 * experiment stopped part-way has about the same number of repeats of every setting and can already be analysed.
 *
 * <p><b>Failures.</b> A trial whose training throws (e.g. {@link IllegalStateException} when the loss becomes NaN)
 * is recorded as failed with the exception's message; the other trials go on. A failed trial is final and is not
 * re-run on resume.
 */
public final class ExperimentRunner {
  /** File name of the spec in the output directory. */
  public static final String SPEC_FILE = "spec.json";
  /** File name of the per-trial summary lines. */
  public static final String RESULTS_JSONL = "results.jsonl";
  /** Directory of the per-trial records. */
  public static final String TRIALS_DIR = "trials";
  /** Directory of the trained models of repeat 0 of every setting (for the report's maps and filter charts). */
  public static final String MODELS_DIR = "models";


  /** Called from worker threads as trials finish. */
  public interface Listener {
    /** Before any trial runs: the total, and how many were already done (resumed). */
    default void started(int total, int alreadyDone) {
    }

    /** After a trial is saved. */
    default void finished(TrialResult result) {
    }

    /**
     * While a trial trains in this JVM (not from engines that train elsewhere): {@code fraction} (0..1) of its
     * batches are done; {@code where} says which epoch and batch. Called at most {@value TrialProgress#STEPS} times per
     * trial.
     */
    default void progress(Trial trial, double fraction, String where) {
    }
  }

  /**
   * The state of an experiment after {@link #run}.
   *
   * @param results every finished trial (this session's and resumed ones), in trial order
   * @param resumed how many were loaded from an earlier session
   * @param total the experiment's number of trials
   * @param seconds wall time of this session
   */
  public record Outcome(List<TrialResult> results, int resumed, int total, double seconds) {
    /** True when every trial has a result. */
    public boolean complete() {
      return results.size() == total;
    }
  }

  private final ExperimentSpec spec;
  private final Path out;
  private final LabeledData train;
  private final LabeledData test;
  private final Tensor xTrain;
  private final Tensor yTrain;
  private final Tensor xTest;
  private final Tensor yTest;
  private final int classes;
  private final boolean binary;
  private final List<Trial> trials;
  private volatile Listener listener = new Listener() { }; // of the current run, for trials training here

  /**
   * Generates the toy data or reads the image data of the spec.
   *
   * @param spec the experiment
   * @param out output directory (created if needed)
   * @throws org.dropout4j.data.MissingDataException if the image files are missing; the message says how to get them
   * @throws IOException if an image file cannot be read
   * @throws IllegalArgumentException if {@code data.train_rows} or {@code data.test_rows} exceeds the images found
   */
  public ExperimentRunner(ExperimentSpec spec, Path out) throws IOException {
    this.spec = spec;
    this.out = out;
    ExperimentSpec.Data d = spec.data();
    if (d.files() != null) {
      DataFiles.Arrays a = d.files().read();
      boolean points = a.binary() && a.xTrain().shape().rank() == 2 && a.xTrain().shape().dim(1) == 2;
      this.train = points ? labeled(a.xTrain(), a.yTrain()) : null; // 2-D binary data: the report draws maps
      this.test = points ? labeled(a.xTest(), a.yTest()) : null;
      this.xTrain = a.xTrain();
      this.yTrain = a.yTrain();
      this.xTest = a.xTest();
      this.yTest = a.yTest();
      this.classes = a.classes();
      this.binary = a.binary();
    } else if (d.images()) {
      TrainTest<LabeledImages> images = images(d);
      LabeledImages tr = firstRows(images.train(), d.trainRows(), "train_rows", "training");
      LabeledImages te = firstRows(images.test(), d.testRows(), "test_rows", "test");
      this.train = null;
      this.test = null;
      this.xTrain = tr.images(1f / 255);
      this.yTrain = tr.labels();
      this.xTest = te.images(1f / 255);
      this.yTest = te.labels();
      this.classes = d.dataset().equals("mnist") ? Mnist.CLASSES : FashionMnist.CLASSES;
      this.binary = false;
    } else {
      LabeledData all = data(d);
      this.train = all.rows(0, d.trainRows());
      this.test = all.rows(d.trainRows(), all.size());
      this.xTrain = Tensor.of(train.x());
      this.yTrain = Tensor.column(train.y());
      this.xTest = Tensor.of(test.x());
      this.yTest = Tensor.column(test.y());
      this.classes = 2;
      this.binary = true;
    }
    List<Trial> list = new ArrayList<>();
    for (int r = 0; r < spec.repeats(); r++) { // repeat-major: a stopped run has ~equal repeats of every setting
      for (int s = 0; s < spec.settings().size(); s++) {
        list.add(new Trial(list.size(), s, r, spec.seedOf(r)));
      }
    }
    this.trials = List.copyOf(list);
    if (spec.model().keras() != null) {
      SpecModels.checkInput(spec.model().keras(), xTrain.shape());
      if (d.files() != null) {
        SpecModels.checkOutput(spec.model().keras(), binary, classes);
      }
    }
  }

  /** Two-feature inputs and 0/1 labels as points. */
  private static LabeledData labeled(Tensor x, Tensor y) {
    int n = x.shape().dim(0);
    double[][] xs = new double[n][2];
    int[] ys = new int[n];
    for (int i = 0; i < n; i++) {
      xs[i][0] = x.get(2 * i);
      xs[i][1] = x.get(2 * i + 1);
      ys[i] = (int) y.get(i);
    }
    return new LabeledData(xs, ys);
  }

  /**
   * The generated data set of a toy spec (all rows; the first {@code train_rows} train).
   *
   * @throws IllegalArgumentException for image data (see {@link #images})
   */
  public static LabeledData data(ExperimentSpec.Data d) {
    switch (d.dataset()) {
      case "moons":
        return ToyDatasets.makeMoons(d.nSamples(), d.noise(), d.randomState());
      case "circles":
        return ToyDatasets.makeCircles(d.nSamples(), true, d.noise(), d.randomState(), d.factor());
      default:
        throw new IllegalArgumentException("invalid value for field `data.dataset`: expected one of "
            + ExperimentSpec.TOY_DATASETS + " to generate, received " + d.dataset());
    }
  }

  /**
   * The image data set of a spec, all rows, from {@code data_dir} or the loader's default directory.
   *
   * @throws org.dropout4j.data.MissingDataException if files are missing; the message says how to get them
   * @throws IOException if a file cannot be read or is not valid
   */
  public static TrainTest<LabeledImages> images(ExperimentSpec.Data d) throws IOException {
    Path dir = d.dataDir() == null ? null : Path.of(d.dataDir());
    switch (d.dataset()) {
      case "fashion-mnist":
        return dir == null ? FashionMnist.load() : FashionMnist.load(dir);
      case "mnist":
        return dir == null ? Mnist.load() : Mnist.load(dir);
      default:
        throw new IllegalArgumentException("invalid value for field `data.dataset`: expected one of "
            + ExperimentSpec.IMAGE_DATASETS + " to read, received " + d.dataset());
    }
  }

  private static LabeledImages firstRows(LabeledImages all, int rows, String field, String what) {
    if (rows == ExperimentSpec.ALL_ROWS) {
      return all;
    }
    if (rows > all.size()) {
      throw new IllegalArgumentException("invalid value for field `data." + field + "`: expected at most "
          + all.size() + " (the " + what + " images found), received " + rows);
    }
    return all.first(rows);
  }

  /** The training rows of toy data and of two-feature binary data files; null otherwise. */
  public LabeledData train() {
    return train;
  }

  /** The test rows of toy data and of two-feature binary data files; null otherwise. */
  public LabeledData test() {
    return test;
  }

  /** The training inputs: toy data {@code (n, features)}; images {@code (n, height, width, 1)}, pixels / 255. */
  public Tensor xTrain() {
    return xTrain;
  }

  /** The training targets: toy data a column of 0/1; images a vector of class ids. */
  public Tensor yTrain() {
    return yTrain;
  }

  /** The test inputs, as {@link #xTrain()}. */
  public Tensor xTest() {
    return xTest;
  }

  /** The test targets, as {@link #yTrain()}. */
  public Tensor yTest() {
    return yTest;
  }

  /** The spec. */
  public ExperimentSpec spec() {
    return spec;
  }

  /** All trials in order: repeat 0 of every setting, then repeat 1, and so on. */
  public List<Trial> trials() {
    return trials;
  }

  /**
   * The compiled, seeded model of a setting. Toy data: Input, [Dropout(input rate)], then per hidden layer
   * Dense(units, activation, [MaxNorm]) and [Dropout(rate)], then Dense(1, sigmoid); binary cross-entropy and
   * accuracy. Image data with a preset: {@link ModelPresets#build} with the setting's rates (see
   * {@link ExperimentSpec}); without one: Input, [Dropout(input rate)], Flatten, the hidden stack as above, then
   * Dense(classes, softmax); sparse categorical cross-entropy and accuracy.
   */
  public Sequential model(ExperimentSpec.Setting s, long seed) {
    Sequential model = layers(s);
    model.setRandomSeed(seed);
    model.compile(optimizer(s.optimizer(), s.learningRate()), Losses.get(binary ? "binary_crossentropy"
        : "sparse_categorical_crossentropy"), "accuracy");
    return model;
  }

  /** The layers of {@link #model}, neither seeded nor compiled. */
  private Sequential layers(ExperimentSpec.Setting s) {
    ExperimentSpec.Model m = spec.model();
    if (m.keras() != null) {
      return SpecModels.build(m.keras(), s.layerValues());
    }
    if (m.preset() != null) {
      Shape shape = xTrain.shape();
      return ModelPresets.build(m.preset(), shape.dim(1), shape.dim(2), classes, (float) s.dropoutRate(),
          s.inputDropoutRate(), s.maxNorm());
    }
    Shape sample = spec.data().images() ? Shape.of(xTrain.shape().dim(1), xTrain.shape().dim(2), 1)
        : xTrain.shape().dropFirst();
    Sequential model = new Sequential(Input.shape(sample.toArray()));
    if (s.inputDropoutRate() > 0) {
      model.add(new Dropout((float) s.inputDropoutRate()));
    }
    if (sample.rank() > 1) {
      model.add(new Flatten());
    }
    for (int i = 0; i < m.hiddenLayers(); i++) {
      Dense.Builder dense = Dense.builder(m.hiddenUnits()).activation(m.activation());
      if (s.maxNorm() > 0) {
        dense.kernelConstraint(new MaxNorm((float) s.maxNorm()));
      }
      model.add(dense.build());
      if (s.dropoutRate() > 0) {
        model.add(new Dropout((float) s.dropoutRate()));
      }
    }
    model.add(binary ? new Dense(1, "sigmoid") : new Dense(classes, "softmax"));
    return model;
  }

  /** The batch size of a setting: its own, else {@code training.batch_size}. */
  public int batchSize(ExperimentSpec.Setting s) {
    return s.batchSize() != null ? s.batchSize() : spec.training().batchSize();
  }

  /** Saves the trained weights of a trial without the optimizer state (a third of the size with Adam). */
  private void saveWeights(Trial t, Sequential trained, Path file) throws IOException {
    Sequential copy = layers(spec.settings().get(t.settingIndex())).setRandomSeed(t.seed());
    copy.build(xTrain.shape());
    copy.setWeights(trained.getWeights());
    ModelArchive.save(copy, file);
  }

  private static Optimizer optimizer(String name, Double learningRate) {
    Optimizer o;
    try {
      o = Optimizers.get(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value for field `training.optimizer`: expected one of "
          + Optimizers.names() + ", received " + name, e);
    }
    if (learningRate != null) {
      o.setLearningRate(learningRate);
    }
    return o;
  }

  /** Trains and evaluates one trial; a training exception becomes a failed result. Depends only on the trial. */
  public TrialResult runTrial(Trial t) {
    return train(t).result();
  }

  /** A trial's result and, if it trained, its model. */
  private record Trained(TrialResult result, Sequential model) {
  }

  private Trained train(Trial t) {
    ExperimentSpec.Setting s = spec.settings().get(t.settingIndex());
    long t0 = System.nanoTime();
    try {
      Sequential m = model(s, t.seed());
      int batches = (xTrain.shape().dim(0) + batchSize(s) - 1) / batchSize(s);
      History h = m.fit(xTrain, yTrain, FitOptions.builder().epochs(s.epochs()).batchSize(batchSize(s))
          .validationData(xTest, yTest).verbose(0).callbacks(new TrialProgress(t, s.label(), s.epochs(), batches,
              listener)).build());
      Map<String, Double> tr = m.evaluate(xTrain, yTrain);
      Map<String, Double> te = m.evaluate(xTest, yTest);
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new Trained(new TrialResult(t, s.label(), null, tr.get("accuracy"), tr.get("loss"), te.get("accuracy"),
          te.get("loss"), h.asMap(), seconds), m);
    } catch (RuntimeException e) {
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new Trained(TrialResult.failed(t, s.label(), e.getClass().getSimpleName() + ": " + e.getMessage(),
          seconds), null);
    }
  }

  /** Where the trained model of trial {@code index} is saved (repeat-0 trials only). */
  public Path modelFile(int index) {
    return out.resolve(MODELS_DIR).resolve(String.format(Locale.ROOT, "trial-%05d%s", index,
        ModelArchive.EXTENSION));
  }

  /**
   * The saved trained model of repeat 0 of a setting (built, not compiled), or null if there is none (the trial failed, has not run,
   * or ran before models were saved).
   *
   * @throws IOException if the file exists but cannot be read
   */
  public Sequential savedModel(int setting) throws IOException {
    Path file = modelFile(trials.get(setting).index()); // repeat 0 comes first: trial index = setting index
    return Files.isRegularFile(file) ? ModelArchive.load(file) : null;
  }

  /**
   * Runs the trials that have no saved result yet.
   *
   * @param threads worker threads, {@code >= 1}
   * @param maxNewTrials run at most this many new trials in this session (e.g. to split an experiment over
   *     sessions); {@code Integer.MAX_VALUE} for all
   * @param listener progress callbacks, from worker threads
   * @return all results so far; {@link Outcome#complete()} tells whether the experiment is done
   * @throws IllegalStateException if the output directory holds a different experiment
   * @throws IOException if saving fails
   */
  public Outcome run(int threads, int maxNewTrials, Listener listener) throws IOException, InterruptedException {
    return run(new EmbeddedEngine(threads), maxNewTrials, listener);
  }

  /**
   * Runs the trials that have no saved result yet on an engine; the finished trials are saved here as they arrive
   * (a trial handed over twice, e.g. by a retried task, is saved once).
   *
   * @param engine where the trials train ({@link EmbeddedEngine} or, e.g., the Spark engine)
   * @param maxNewTrials run at most this many new trials in this session; {@code Integer.MAX_VALUE} for all
   * @param listener progress callbacks, from the engine's threads
   * @return all results so far; {@link Outcome#complete()} tells whether the experiment is done
   * @throws IllegalStateException if the output directory holds a different experiment, or the engine fails
   * @throws IOException if saving fails
   */
  public Outcome run(TrialEngine engine, int maxNewTrials, Listener listener)
      throws IOException, InterruptedException {
    if (maxNewTrials < 0) {
      throw new IllegalArgumentException("invalid value for argument `maxNewTrials`: expected an integer >= 0, "
          + "received maxNewTrials=" + maxNewTrials);
    }
    long t0 = System.nanoTime();
    RunDirectory dir = new RunDirectory(out, spec, trials);
    dir.checkOrWriteSpec();
    ExperimentReport.recover(out); // a report cut short after its commit point is finished, before the clean-up
    OutputLock.removeStaleTemporaryFiles(List.of(out, out.resolve(TRIALS_DIR), out.resolve(MODELS_DIR)));
    TreeMap<Integer, TrialResult> done = new TreeMap<>(dir.loadFinished());
    int resumed = done.size();
    if (resumed > 0) {
      dir.writeResultsJsonl(done); // repairs a results.jsonl cut short or lost by a crash
    }
    List<Trial> pending = new ArrayList<>();
    for (Trial t : trials) {
      if (!done.containsKey(t.index()) && pending.size() < maxNewTrials) {
        pending.add(t);
      }
    }
    listener.started(trials.size(), resumed);
    this.listener = listener;
    if (!pending.isEmpty()) {
      engine.run(this, pending, o -> {
        TrialResult r = o.result();
        synchronized (done) {
          if (done.containsKey(r.trial().index())) {
            return; // a retried task's second copy: the trial is recorded once
          }
          if (!trials.get(r.trial().index()).equals(r.trial())) {
            throw new IllegalStateException("engine returned " + r.trial() + ", not a trial of this experiment");
          }
          if (o.model() != null) {
            AtomicFiles.write(modelFile(r.trial().index()), out -> out.write(o.model()));
          }
          dir.save(r);
          done.put(r.trial().index(), r);
          dir.writeResultsJsonl(done);
        }
        listener.finished(r);
      });
    }
    synchronized (done) {
      return new Outcome(List.copyOf(done.values()), resumed, trials.size(), (System.nanoTime() - t0) / 1e9);
    }
  }

  /**
   * Trains one trial (seeded only by its recorded seed) without writing anything: its result and, for repeat 0 of
   * a trained setting, its weights as {@code .d4j} bytes. What every {@link TrialEngine} runs.
   *
   * @throws IOException if the weights cannot be serialized
   */
  public TrialEngine.Output execute(Trial t) throws IOException {
    Trained trained = train(t);
    byte[] model = null;
    if (t.repeat() == 0 && trained.model() != null) {
      Path tmp = Files.createTempFile("dropout4j-trial-", ModelArchive.EXTENSION);
      try {
        saveWeights(t, trained.model(), tmp);
        model = Files.readAllBytes(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return new TrialEngine.Output(trained.result(), model);
  }

  /** The finished trials saved in the output directory, by trial index. */
  Map<Integer, TrialResult> loadFinished() throws IOException {
    return new RunDirectory(out, spec, trials).loadFinished();
  }
}
