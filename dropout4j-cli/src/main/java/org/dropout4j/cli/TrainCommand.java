package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.TrainingControl;
import org.dropout4j.cli.presets.ModelPresets;
import org.dropout4j.cli.report.HistoryCsv;
import org.dropout4j.cli.report.LearningCurvePlot;
import org.dropout4j.cli.report.LiveCurves;
import org.dropout4j.cli.report.SummaryJson;
import org.dropout4j.data.FashionMnist;
import org.dropout4j.data.LabeledImages;
import org.dropout4j.data.Mnist;
import org.dropout4j.data.TrainTest;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import org.dropout4j.tensor.blas.Blas;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dropout4j train}: trains a Keras-example model on Fashion-MNIST (or MNIST) with
 * sparse_categorical_crossentropy and Adam on pixels / 255, prints Keras-style progress and the test accuracy, and
 * writes learning curves, the history, a summary with timings and the trained model ({@code model.d4j}, read back
 * with {@code ModelArchive.load}). While it trains, {@code live.html} in the output folder shows the curves so far
 * ({@link LiveCurves}).
 *
 * <p>Presets ({@link ModelPresets}): {@code mlp} = Flatten, Dense(512, relu), Dropout(0.2), Dense(512, relu),
 * Dropout(0.2), Dense(10, softmax); {@code cnn} = Conv2D(32, 3, relu), Conv2D(64, 3, relu), MaxPooling2D(2),
 * Dropout(0.25), Flatten, Dense(128, relu), Dropout(0.5), Dense(10, softmax); {@code lstm} = Reshape((28, 28)) (the
 * image rows as a 28-step sequence of 28 features), LSTM(128, dropout=0.2, recurrent_dropout=0.2), Dense(10,
 * softmax).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train the mlp, cnn or lstm preset on Fashion-MNIST (or MNIST), evaluate on the test set, and write "
        + "learning curves (PNG/SVG), histories.csv and summary.json.")
final class TrainCommand extends CliCommand {
  /** Height and width of MNIST and Fashion-MNIST images. */
  static final int IMAGE_SIZE = 28;

  @Option(names = "--dataset", defaultValue = "fashion-mnist",
      description = "fashion-mnist or mnist (default: ${DEFAULT-VALUE})")
  String dataset;

  @Option(names = "--data-dir", description = "directory of the four IDX files (default: $" + FashionMnist.ENV_VAR
      + " or " + FashionMnist.DEBIAN_DIRECTORY + " for fashion-mnist, $" + Mnist.ENV_VAR + " for mnist)")
  Path dataDir;

  @Option(names = "--model", defaultValue = "mlp", description = "mlp, cnn or lstm (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--rate", description = "rate of every Dropout layer of the preset (lstm: its dropout and "
      + "recurrent_dropout), in [0, 1) (default: the preset's, mlp 0.2/0.2, cnn 0.25/0.5, lstm 0.2/0.2)")
  Float dropout;

  @Option(names = "--dropout", hidden = true, description = "deprecated spelling of --rate")
  void deprecatedDropout(float value) {
    Deprecation.warn("--dropout", "--rate");
    dropout = value;
  }

  @Option(names = "--epochs", defaultValue = "5", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--seed", defaultValue = "1", description = "seed of weights, shuffles and dropout masks "
      + "(default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--train-rows", paramLabel = "N", description = "train on the first N training images only "
      + "(default: all; the spec field train_rows)")
  Integer limit;

  @Option(names = "--test-rows", paramLabel = "N", description = "evaluate on the first N test images only "
      + "(default: all; the spec field test_rows)")
  Integer testLimit;

  @Option(names = "--limit", hidden = true, description = "deprecated spelling of --train-rows")
  void deprecatedLimit(int value) {
    Deprecation.warn("--limit", "--train-rows");
    limit = value;
  }

  @Option(names = "--test-limit", hidden = true, description = "deprecated spelling of --test-rows")
  void deprecatedTestLimit(int value) {
    Deprecation.warn("--test-limit", "--test-rows");
    testLimit = value;
  }

  @Option(names = "--no-validate", description = "evaluate on the test set only at the end, not after every "
      + "epoch (no val_ curves; epoch times are then training only)")
  boolean noValidate;

  @Option(names = "--verbose", defaultValue = "2",
      description = "0 silent, 1 Keras' per-epoch bar on standard output, 2 one line per epoch (default: "
          + "${DEFAULT-VALUE}; on a terminal a bar over the whole run with ETA is drawn on standard error too, see "
          + "--progress)")
  int verbose;

  @Option(names = "--out", defaultValue = "runs/train", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--tensorboard", description = "write TensorBoard event files (epoch scalars) to this folder")
  Path tensorboard;

  @Option(names = "--csv-log", description = "write Keras' CSVLogger file (one row per epoch) here")
  Path csvLog;

  @Option(names = "--checkpoint", description = "save the model (.d4j) after every epoch that improves val_loss "
      + "(loss with --no-validate)")
  Path checkpoint;

  @Override
  void checkOptions() {
    if (batchSize < 1) { // checked before the batches per epoch are counted (was an ArithmeticException)
      throw new picocli.CommandLine.ParameterException(command.commandLine(), "Invalid value for option "
          + "'--batch-size': expected an integer >= 1, received " + batchSize);
    }
    if (dropout != null) {
      NumberOptions.checkFloat(command, dropout, r -> r >= 0 && r < 1, "a float in [0, 1)", "--rate", "--dropout");
    }
  }

  @Override
  Map<String, Object> execute() throws IOException {
    if (limit != null && limit < 1 || testLimit != null && testLimit < 1) {
      throw new IllegalArgumentException("Invalid value for --train-rows/--test-rows: expected a positive integer, "
          + "received --train-rows=" + limit + ", --test-rows=" + testLimit);
    }
    Sequential net = preset(model, dropout, seed);
    long t0 = System.nanoTime();
    TrainTest<LabeledImages> data = load();
    LabeledImages train = limit == null ? data.train() : data.train().first(limit);
    LabeledImages test = testLimit == null ? data.test() : data.test().first(testLimit);
    Tensor xTrain = images(train);
    Tensor yTrain = train.labels();
    Tensor xTest = images(test);
    Tensor yTest = test.labels();
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "%s: %d training / %d test images of %dx%d (loaded in %.1f s); model %s, "
        + "%d epochs, batch %d, seed %d, BLAS %s%n", dataset, train.size(), test.size(), train.height(), train.width(),
        loadSeconds, model, epochs, batchSize, seed, Blas.gemm().name());
    net.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    net.build(xTrain.shape());
    System.out.print(net.summary());
    EpochTimer timer = new EpochTimer();
    Files.createDirectories(out);
    Path live = out.resolve("live.html");
    LiveCurves curves = new LiveCurves(live, dataset + " " + model + " (" + epochs + " epochs, seed " + seed + ")");
    System.out.println("live learning curves: " + live.toAbsolutePath().toUri() + " (reloads every "
        + LiveCurves.REFRESH_SECONDS + " s while training runs)");
    int batches = (train.size() + batchSize - 1) / batchSize;
    ProgressLine bar = new ProgressLine("train", (long) epochs * batches, verbose != 1 && output.showProgress());
    FitOptions.Builder options = FitOptions.builder().epochs(epochs).batchSize(batchSize).verbose(verbose)
        .callbacks(timer, curves, new FitProgress(bar, epochs, batches, verbose == 2));
    if (!noValidate) {
      options.validationData(xTest, yTest);
    }
    if (tensorboard != null) {
      options.callbacks(new org.dropout4j.callbacks.TensorBoard(tensorboard));
    }
    if (csvLog != null) {
      options.callbacks(new org.dropout4j.callbacks.CSVLogger(csvLog));
    }
    if (checkpoint != null) {
      options.callbacks(new org.dropout4j.io.ModelCheckpoint(net, checkpoint, noValidate ? "loss" : "val_loss", "min",
          true, 0));
    }
    History history;
    try (Interruption stop = Interruption.onStop(() -> curves.history().epochs() + " of " + epochs + " epochs had "
        + "finished; kept: " + live + " (their curves)" + (checkpoint != null ? " and " + checkpoint + " (the best "
        + "epoch so far)" : "") + "; the trained model is saved only at the end, so run the command again (add "
        + "--checkpoint FILE to keep the best epoch while it runs)")) {
      history = net.fit(xTrain, yTrain, options.build());
    } finally {
      bar.close();
    }
    long e0 = System.nanoTime();
    Map<String, Double> testLogs;
    try (ProgressLine testBar = new ProgressLine("evaluate", test.size(), output.showProgress())) {
      testLogs = net.evaluate(List.of(xTest), List.of(yTest), batchSize, rows -> testBar.update(rows, "test rows"));
    }
    double evalSeconds = (System.nanoTime() - e0) / 1e9;
    System.out.printf(Locale.ROOT, "test accuracy: %.4f, test loss: %.4f (%d images, evaluated in %.1f s)%n",
        testLogs.get("accuracy"), testLogs.get("loss"), test.size(), evalSeconds);
    System.out.printf(Locale.ROOT, "seconds per epoch%s: %s%n", !noValidate ? " (including the test-set validation)"
        : "", timer.formatted());
    Map<String, Object> summary = writeOutputs(history, testLogs, timer, train.size(), test.size(), evalSeconds);
    ModelArchive.save(net, out.resolve("model.d4j"));
    System.out.println("saved the trained model (weights and optimizer state) to " + out.resolve("model.d4j"));
    Map<String, Object> result = new LinkedHashMap<>(summary);
    result.put("model_file", out.resolve("model.d4j").toString());
    result.put("live_curves", live.toString());
    return result;
  }

  private TrainTest<LabeledImages> load() throws IOException {
    switch (dataset) {
      case "fashion-mnist":
        return dataDir == null ? FashionMnist.load() : FashionMnist.load(dataDir);
      case "mnist":
        return dataDir == null ? Mnist.load() : Mnist.load(dataDir);
      default:
        throw new IllegalArgumentException("Invalid value for --dataset: expected fashion-mnist or mnist, received "
            + dataset);
    }
  }

  private static Tensor images(LabeledImages set) {
    return set.images(1f / 255);
  }

  /**
   * The preset model ({@link ModelPresets}) on 28x28 images with 10 classes, seeded; {@code dropout} (if not null)
   * replaces every Dropout rate, and 0 leaves the mlp's and cnn's Dropout layers out.
   *
   * @throws IllegalArgumentException for an unknown preset or a rate outside [0, 1)
   */
  static Sequential preset(String name, Float dropout, long seed) {
    if (!ModelPresets.NAMES.contains(name)) {
      throw new IllegalArgumentException("Invalid value for --model: expected mlp, cnn or lstm, received " + name);
    }
    return ModelPresets.build(name, IMAGE_SIZE, IMAGE_SIZE, FashionMnist.CLASSES, dropout).setRandomSeed(seed);
  }

  private Map<String, Object> writeOutputs(History history, Map<String, Double> testLogs, EpochTimer timer,
      int trainSize, int testSize, double evalSeconds) throws IOException {
    Files.createDirectories(out);
    String label = dataset + " " + model;
    Map<String, History> runs = Map.of(label, history);
    HistoryCsv.write(runs, out.resolve("histories.csv"));
    for (String metric : List.of("accuracy", "loss")) {
      XYChart chart = LearningCurvePlot.of(metric).withTitle(label + ": " + metric + " per epoch" + (noValidate
          ? " (training)" : " (train solid, validation (test set) dashed)")).chart(runs);
      LearningCurvePlot.writePng(chart, out.resolve("learning_curves_" + metric + ".png"));
      LearningCurvePlot.writeSvg(chart, out.resolve("learning_curves_" + metric + ".svg"));
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("dataset", dataset);
    root.put("model", model);
    root.put("rate", dropout == null ? "preset" : Double.valueOf(Float.toString(dropout))); // 0.4, not 0.400000006
    root.put("epochs", epochs);
    root.put("batch_size", batchSize);
    root.put("seed", seed);
    root.put("train_rows", trainSize);
    root.put("test_rows", testSize);
    root.put("blas", Blas.gemm().name());
    root.put("validation_each_epoch", !noValidate);
    root.put("epoch_seconds", timer.seconds);
    root.put("test_evaluation_seconds", evalSeconds);
    root.put("test_accuracy", testLogs.get("accuracy"));
    root.put("test_loss", testLogs.get("loss"));
    root.put("history", history);
    SummaryJson.write(root, out.resolve("summary.json"));
    System.out.println("wrote " + out.resolve("learning_curves_accuracy.png") + " (and .svg), "
        + out.resolve("learning_curves_loss.png") + ", " + out.resolve("histories.csv") + ", "
        + out.resolve("summary.json"));
    return root;
  }

  /** Wall time of each epoch (from its start to its end callback). */
  static final class EpochTimer implements Callback {
    final List<Double> seconds = new ArrayList<>();
    private long start;

    @Override
    public void onEpochBegin(int epoch, TrainingControl control) {
      start = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
      seconds.add((System.nanoTime() - start) / 1e9);
    }

    String formatted() {
      StringBuilder sb = new StringBuilder();
      for (double s : seconds) {
        sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", s));
      }
      return sb.toString();
    }
  }
}
