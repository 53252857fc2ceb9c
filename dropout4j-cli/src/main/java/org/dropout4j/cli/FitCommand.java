package org.dropout4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.callbacks.CSVLogger;
import org.dropout4j.callbacks.BackupAndRestore;
import org.dropout4j.callbacks.Callback;
import org.dropout4j.callbacks.TensorBoard;
import org.dropout4j.cli.report.LiveCurves;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.ModelCheckpoint;
import org.dropout4j.io.Models;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dropout4j fit MODEL --x X.npy [--x X2.npy ...] --y Y.npy [--y Y2.npy ...] ...}: trains a model file
 * ({@code .keras}, {@code .h5}, TF.js or {@code .d4j}; Sequential or functional: one {@code --x} per model input and
 * one {@code --y} per model output, in the model's order) on arrays, with the file's own compile config (a
 * {@code .keras} file's {@code compile_config} or a {@code .h5} file's {@code training_config}: the optimizer with
 * its options or schedule, the loss and metrics, per output for several outputs; a {@code .d4j} file's compile
 * state) unless {@code --optimizer}/{@code --loss}/{@code --metrics}/{@code --learning-rate} override it
 * ({@link CompileOverrides}), and writes {@code OUT/model.d4j}, {@code OUT/history.csv} (Keras' CSVLogger columns)
 * and, with {@code --output FILE}, the trained model in the format FILE names ({@code .d4j}, Keras 3
 * {@code .keras}, TF.js {@code model.json} or folder). With {@code --stream} (automatic when the {@code --x} files
 * are larger than a quarter of the maximum heap) the {@code .npy} files are read in chunks through a shuffle buffer
 * of {@code --shuffle-buffer} rows seeded by the model's seed, so memory does not grow with the data.
 * {@code --seed} seeds the shuffles and dropout masks of any model, also one read from a file without a seed, so
 * the same command reproduces the run bit for bit.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
    description = "Train a .keras, .h5, TF.js or .d4j model file (Sequential or functional) on .npy/.csv arrays "
        + "with the file's compile config (or the given optimizer and loss): one --x per model input, one --y per "
        + "output; write OUT/model.d4j, OUT/history.csv and, with --output, the model in the format its name says.")
final class FitCommand extends CliCommand {
  @Mixin
  ModelArrays data = new ModelArrays();

  @Option(names = "--validation-x", paramLabel = "FILE", description = "validation inputs, one file per model "
      + "input as --x")
  List<Path> validationX = new ArrayList<>();

  @Option(names = "--validation-y", paramLabel = "FILE", description = "validation targets, one file per model "
      + "output as --y")
  List<Path> validationY = new ArrayList<>();

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

  @Option(names = "--loss", description = "override the loss by Keras name (mse, mae, huber, ...), for every "
      + "output or by output: out1:mse,out2:mae")
  String loss;

  @Option(names = "--output", paramLabel = "FILE", description = "also write the trained model here: .d4j, Keras 3 "
      + ".keras, or TF.js Layers (a model.json path or an existing folder)")
  Path saveAs;

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
    if (saveAs != null) {
      checkSaveAs(saveAs);
    }
    Model model = data.model();
    data.compile(model, optimizer, loss, learningRate);
    if (saveAs != null) {
      tryOutput(model);
    }
    boolean streamed = stream || StreamedInput.tooLargeToLoad(data.xFiles);
    if (streamed && !stream) {
      System.out.println("streaming " + String.join(", ", data.xFiles.stream().map(Path::toString).toList())
          + " in chunks: larger than a quarter of the maximum heap");
    }
    List<Tensor> x = streamed ? null : data.x(model);
    List<Tensor> y = streamed ? null : data.y(model);
    FitOptions.Builder b = FitOptions.builder().epochs(epochs).batchSize(data.batchSize).shuffle(!noShuffle)
        .verbose(verbose);
    if (validationX.isEmpty() != validationY.isEmpty()) {
      throw new IllegalArgumentException("give both --validation-x and --validation-y, or neither");
    }
    boolean validated = !validationX.isEmpty();
    if (validated && streamed) {
      ModelFiles.checkInputs(model, validationX, "--validation-x");
      ModelFiles.checkOutputs(model, validationY, "--validation-y");
      b.validationData(StreamedInput.dataset(model, validationX, validationY, null, data.batchSize, 0, 0));
    } else if (validated) {
      b.validationData(ModelFiles.readInputs(model, validationX, "--validation-x"),
          ModelFiles.readTargets(model, validationY, "--validation-y"));
    }
    if (classWeight != null) {
      if (model.outputNames().size() > 1) {
        throw new IllegalArgumentException("Invalid value for option `--class-weight`: class weights are only "
            + "supported for models with a single output (as in Keras); model \"" + model.name() + "\" has outputs "
            + ModelFiles.outputs(model) + "; weight the samples with --sample-weight instead");
      }
      b.classWeight(parseClassWeight(classWeight));
    }
    if (sampleWeight != null && !streamed) {
      Tensor w = ArrayFiles.read(sampleWeight);
      b.sampleWeight(Tensor.of(Shape.of(w.size()), w.toArray()));
    }
    Files.createDirectories(out);
    List<Callback> callbacks = new ArrayList<>();
    callbacks.add(new CSVLogger(out.resolve("history.csv")));
    Path live = out.resolve("live.html");
    LiveCurves curves = new LiveCurves(live, "fit " + data.modelFile.getFileName() + " (" + epochs + " epochs)");
    callbacks.add(curves);
    System.out.println("live learning curves: " + live.toAbsolutePath().toUri());
    int batches = streamed ? 0 : (x.get(0).shape().dim(0) + data.batchSize - 1) / data.batchSize;
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
      callbacks.add(new ModelCheckpoint(model, checkpoint, validated ? "val_loss" : "loss", "min", true, 0));
    }
    if (backup != null) {
      callbacks.add(new BackupAndRestore(backup));
    }
    b.callbacks(callbacks.toArray(new Callback[0]));
    if (seed != null) { // also for a model read built from a file without a seed (Keras, TF.js): its weights stay
      model.setTrainingSeed(seed);
    }
    History h;
    try (Interruption stop = Interruption.onStop(() -> curves.history().epochs() + " of " + epochs + " epochs had "
        + "finished; kept: " + out.resolve("history.csv") + " and " + live + (checkpoint != null ? ", " + checkpoint
        + " (the best epoch so far)" : "") + (backup != null ? ", the training state in " + backup + ": run the same "
        + "command again to resume from the last finished epoch" : "; the model is saved only at the end: add "
        + "--backup DIR to be able to resume"))) {
      h = streamed ? model.fit(StreamedInput.dataset(model, data.xFiles, data.yFiles, sampleWeight, data.batchSize,
          noShuffle ? 0 : shuffleBuffer, model.seed()), b.build()) : model.fit(x, y, b.build());
    } finally {
      bar.close();
    }
    Path d4j = out.resolve("model" + ModelArchive.EXTENSION);
    ModelArchive.save(model, d4j);
    String wrote = d4j.toString();
    if (saveAs != null) {
      try {
        Models.save(model, saveAs).forEach(w -> System.err.println("warning: " + w));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("wrote the trained model to " + d4j + ", but cannot write --output "
            + saveAs + ": " + e.getMessage(), e);
      }
      wrote += ", " + saveAs;
    }
    Map<String, Double> last = new LinkedHashMap<>();
    for (String k : h.keys()) {
      last.put(k, h.last(k));
    }
    System.out.println("trained " + h.epochs() + " epochs; last epoch " + last + "; wrote " + wrote + " and "
        + out.resolve("history.csv"));
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("epochs", h.epochs());
    r.put("last_epoch", last);
    r.put("history", h);
    r.put("model_file", d4j.toString());
    if (saveAs != null) {
      r.put("output", saveAs.toString());
    }
    r.put("history_csv", out.resolve("history.csv").toString());
    r.put("live_curves", live.toString());
    return r;
  }

  /**
   * Refuses, before training, an {@code --output} path that names no format {@link Models#save(Model, Path)}
   * writes.
   */
  static void checkSaveAs(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".d4j") || lower.endsWith(".keras") || name.equals("model.json") || Files.isDirectory(path)) {
      return;
    }
    throw new IllegalArgumentException("Invalid value for option `--output`: " + (lower.endsWith(".h5")
        || lower.endsWith(".hdf5") ? "dropout4j reads legacy Keras HDF5 files but writes Keras 3 .keras files; "
        : "the path names no format dropout4j writes; ") + "expected a .d4j file, a Keras 3 .keras file, or TF.js "
        + "Layers (a model.json path or an existing folder), received --output=" + path);
  }

  /**
   * Writes the compiled, untrained model in the {@code --output} format to a temporary folder and deletes it: a
   * model the format cannot hold (a layer TF.js lacks, one with no Keras equivalent) is refused before training,
   * naming the layer. Skipped for {@code .d4j}, which is written as {@code OUT/model.d4j} anyway.
   */
  private void tryOutput(Model model) throws IOException {
    if (saveAs.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ModelArchive.EXTENSION)) {
      return;
    }
    Path tmp = Files.createTempDirectory("dropout4j-fit-output");
    try {
      Models.save(model, Files.isDirectory(saveAs) ? tmp : tmp.resolve(saveAs.getFileName().toString()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value for option `--output`: " + saveAs + " cannot hold model \""
          + model.name() + "\", nothing was trained: " + e.getMessage(), e);
    } finally {
      try (var files = Files.walk(tmp)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
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
