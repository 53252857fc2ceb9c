package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.callbacks.CSVLogger;
import org.dropout4j.callbacks.BackupAndRestore;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.TensorBoard;
import org.dropout4j.cli.report.LiveCurves;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.ModelCheckpoint;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dropout4j fit MODEL --x X.npy --y Y.npy ...}: trains a model file ({@code .keras}, {@code .h5}, TF.js or
 * {@code .d4j}) on arrays, with the file's own compile config (a {@code .keras} file's {@code compile_config} or a
 * {@code .h5} file's {@code training_config}: the optimizer with its options or schedule, the loss, the metrics; a
 * {@code .d4j} file's compile state) unless
 * {@code --optimizer}/{@code --loss}/{@code --metrics}/{@code --learning-rate} override it, and writes
 * {@code OUT/model.d4j} and {@code OUT/history.csv} (Keras' CSVLogger columns). With {@code --stream} (automatic
 * when {@code --x} is larger than a quarter of the maximum heap) the {@code .npy} files are read in chunks through
 * a shuffle buffer of {@code --shuffle-buffer} rows seeded by the model's seed, so memory does not grow with the
 * data.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
    description = "Train a .keras, .h5, TF.js or .d4j model file on .npy/.csv arrays with the file's compile config "
        + "(or the given optimizer and loss); write OUT/model.d4j and OUT/history.csv.")
final class FitCommand extends CliCommand {
  @Mixin
  ModelArrays data = new ModelArrays();

  @Option(names = "--validation-x", description = "validation inputs")
  Path validationX;

  @Option(names = "--validation-y", description = "validation targets")
  Path validationY;

  @Option(names = "--epochs", defaultValue = "1", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--no-shuffle", description = "keep the sample order (Keras' shuffle=False)")
  boolean noShuffle;

  @Option(names = "--seed", description = "seed of shuffles and dropout masks (default: random)")
  Long seed;

  @Option(names = "--class-weight", description = "class weights, e.g. 0:0.3,1:2")
  String classWeight;

  @Option(names = "--sample-weight", description = "one weight per sample (.npy or .csv)")
  Path sampleWeight;

  @Option(names = "--optimizer", description = "override the optimizer by Keras name (adam, sgd, adamw, ...)")
  String optimizer;

  @Option(names = "--learning-rate", description = "override the learning rate")
  Double learningRate;

  @Option(names = "--loss", description = "override the loss by Keras name (mse, mae, huber, ...)")
  String loss;

  @Option(names = "--tensorboard", description = "write TensorBoard event files to this folder")
  Path tensorboard;

  @Option(names = "--histogram-freq", defaultValue = "0", description = "with --tensorboard, write weight histograms "
      + "every N epochs (Keras' histogram_freq; default: ${DEFAULT-VALUE}, none)")
  int histogramFreq;

  @Option(names = "--csv-log", description = "also write Keras' CSVLogger file here")
  Path csvLog;

  @Option(names = "--checkpoint", description = "save the model (.d4j) after every epoch with a better val_loss "
      + "(loss without validation data)")
  Path checkpoint;

  @Option(names = "--backup", description = "back the training state up into this folder after every epoch and "
      + "resume from it if a previous run was interrupted (Keras' BackupAndRestore)")
  Path backup;

  @Option(names = "--stream", description = "read the .npy inputs in chunks instead of loading them (automatic when "
      + "--x is larger than a quarter of the maximum heap)")
  boolean stream;

  @Option(names = "--shuffle-buffer", defaultValue = "10000", description = "rows in the shuffle buffer when "
      + "streaming (default: ${DEFAULT-VALUE}; tf.data's shuffle(buffer_size))")
  int shuffleBuffer;

  @Option(names = "--verbose", defaultValue = "2", description = "0, 1 or 2 as Keras (default: ${DEFAULT-VALUE})")
  int verbose;

  @Option(names = "--out", defaultValue = "runs/fit", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  void checkOptions() {
    if (learningRate != null) {
      NumberOptions.checkFloat(command, learningRate, r -> r > 0, "a positive float", "--learning-rate");
    }
  }

  @Override
  Map<String, Object> execute() throws IOException {
    Sequential model = data.model();
    data.compile(model, optimizer, loss, learningRate);
    boolean streamed = stream || StreamedInput.tooLargeToLoad(data.xFile);
    if (streamed && !stream) {
      System.out.println("streaming " + data.xFile + " in chunks: it is larger than a quarter of the maximum heap");
    }
    Tensor x = streamed ? null : data.x(model);
    Tensor y = streamed ? null : data.y();
    FitOptions.Builder b = FitOptions.builder().epochs(epochs).batchSize(data.batchSize).shuffle(!noShuffle)
        .verbose(verbose);
    if ((validationX == null) != (validationY == null)) {
      throw new IllegalArgumentException("give both --validation-x and --validation-y, or neither");
    }
    if (validationX != null && streamed) {
      b.validationData(StreamedInput.dataset(model, validationX, validationY, null, data.batchSize, 0, 0));
    } else if (validationX != null) {
      b.validationData(ModelFiles.fitInput(ArrayFiles.read(validationX), model, validationX),
          ArrayFiles.read(validationY));
    }
    if (classWeight != null) {
      b.classWeight(parseClassWeight(classWeight));
    }
    if (sampleWeight != null && !streamed) {
      Tensor w = ArrayFiles.read(sampleWeight);
      b.sampleWeight(Tensor.of(org.dropout4j.tensor.Shape.of(w.size()), w.toArray()));
    }
    Files.createDirectories(out);
    List<Callback> callbacks = new ArrayList<>();
    callbacks.add(new CSVLogger(out.resolve("history.csv")));
    Path live = out.resolve("live.html");
    LiveCurves curves = new LiveCurves(live, "fit " + data.modelFile.getFileName() + " (" + epochs + " epochs)");
    callbacks.add(curves);
    System.out.println("live learning curves: " + live.toAbsolutePath().toUri());
    int batches = streamed ? 0 : (x.shape().dim(0) + data.batchSize - 1) / data.batchSize;
    ProgressLine bar = new ProgressLine("fit", streamed ? epochs : (long) epochs * batches,
        verbose != 1 && output.showProgress());
    callbacks.add(new FitProgress(bar, epochs, batches, verbose == 2));
    if (csvLog != null) {
      callbacks.add(new CSVLogger(csvLog));
    }
    if (tensorboard != null) {
      callbacks.add(new TensorBoard(tensorboard, histogramFreq));
    }
    if (checkpoint != null) {
      callbacks.add(new ModelCheckpoint(model, checkpoint, validationX != null ? "val_loss" : "loss", "min", true,
          0));
    }
    if (backup != null) {
      callbacks.add(new BackupAndRestore(backup));
    }
    b.callbacks(callbacks.toArray(new Callback[0]));
    if (seed != null && !model.built()) {
      model.setRandomSeed(seed);
    }
    History h;
    try (Interruption stop = Interruption.onStop(() -> curves.history().epochs() + " of " + epochs + " epochs had "
        + "finished; kept: " + out.resolve("history.csv") + " and " + live + (checkpoint != null ? ", " + checkpoint
        + " (the best epoch so far)" : "") + (backup != null ? ", the training state in " + backup + ": run the same "
        + "command again to resume from the last finished epoch" : "; the model is saved only at the end: add "
        + "--backup DIR to be able to resume"))) {
      h = streamed ? model.fit(StreamedInput.dataset(model, data.xFile, data.yFile, sampleWeight, data.batchSize,
          noShuffle ? 0 : shuffleBuffer, model.seed()), b.build()) : model.fit(x, y, b.build());
    } finally {
      bar.close();
    }
    ModelArchive.save(model, out.resolve("model" + ModelArchive.EXTENSION));
    Map<String, Double> last = new LinkedHashMap<>();
    for (String k : h.keys()) {
      last.put(k, h.last(k));
    }
    System.out.println("trained " + h.epochs() + " epochs; last epoch " + last + "; wrote "
        + out.resolve("model" + ModelArchive.EXTENSION) + " and " + out.resolve("history.csv"));
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("epochs", h.epochs());
    r.put("last_epoch", last);
    r.put("history", h);
    r.put("model_file", out.resolve("model" + ModelArchive.EXTENSION).toString());
    r.put("history_csv", out.resolve("history.csv").toString());
    r.put("live_curves", live.toString());
    return r;
  }

  static Map<Integer, Double> parseClassWeight(String text) {
    Map<Integer, Double> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] kv = part.trim().split(":");
      try {
        out.put(Integer.parseInt(kv[0].trim()), Double.parseDouble(kv[1].trim()));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Invalid value for option `--class-weight`: expected class:weight pairs "
            + "such as 0:0.3,1:2, received " + text, e);
      }
    }
    return out;
  }
}
